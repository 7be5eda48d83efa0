"""The clinic's seal: a key made once as a pair (owner-only), or the clinic's own certificate;
and a verification that no changed byte gets past."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import stat
import subprocess
import sys

import pytest

from intake_app.chart import seal
from intake_app.chart.seal import (
    CERT_FILE,
    KEY_FILE,
    NoClinicCertificate,
    SealError,
    clinic_certificate,
    ensure_clinic_keys,
    seal_pdf,
    verify_pdf,
)


def test_the_first_use_key_is_readable_by_its_owner_only(tmp_path):
    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    assert stat.S_IMODE(os.stat(keys.key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "keys").st_mode) == 0o700
    again = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    assert again.cert_file.read_bytes() == keys.cert_file.read_bytes(), "made once, then reused"
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == [CERT_FILE, KEY_FILE]


@pytest.mark.parametrize("pair_in_place", [False, True], ids=["before", "after"])
def test_a_key_pair_a_kill_left_half_made_is_removed_at_the_next_seal(
    tmp_path, caplog, pair_in_place
):
    # A kill while the pair was staged (before or after it was linked into place) once
    # left the staging folder, with a copy of a private key, in the keys folder for good.
    keys_dir = tmp_path / "keys"
    if pair_in_place:
        ensure_clinic_keys(keys_dir, "Riverside")
    staged = keys_dir / ".new-pair-k1ll3d"
    staged.mkdir(parents=True)
    (staged / KEY_FILE).write_bytes(b"-----BEGIN PRIVATE KEY-----\nnever used")
    with caplog.at_level(logging.WARNING):
        keys = ensure_clinic_keys(keys_dir, "Riverside")
    assert sorted(p.name for p in keys_dir.iterdir()) == [CERT_FILE, KEY_FILE]
    assert "half-made" in caplog.text
    assert verify_pdf(sealed_with(keys), keys.cert_file).valid


def tiny_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.drawString(72, 720, "Chart record")
    page.save()
    return out.getvalue()


def sealed_with(keys) -> bytes:
    return seal_pdf(tiny_pdf(), keys, reason="Chart record TEST")


def test_a_key_left_without_its_certificate_is_kept_aside_and_sealing_goes_on(tmp_path, caplog):
    # A crash between writing the key and its certificate once made every later seal fail.
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    (keys_dir / KEY_FILE).write_bytes(b"-----BEGIN PRIVATE KEY-----\nhalf")
    with caplog.at_level(logging.WARNING):
        keys = ensure_clinic_keys(keys_dir, "Riverside")
    [kept] = keys_dir.glob(f"{KEY_FILE}.set-aside-*")
    assert kept.read_bytes() == b"-----BEGIN PRIVATE KEY-----\nhalf", "the old key is never lost"
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert kept.name in caplog.text and "no matching certificate" in caplog.text
    assert verify_pdf(sealed_with(keys), keys.cert_file).valid


def test_a_certificate_left_without_its_key_is_kept_aside_too(tmp_path, caplog):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    (keys_dir / CERT_FILE).write_bytes(b"old certificate")
    with caplog.at_level(logging.WARNING):
        keys = ensure_clinic_keys(keys_dir, "Riverside")
    [kept] = keys_dir.glob(f"{CERT_FILE}.set-aside-*")
    assert kept.read_bytes() == b"old certificate" and kept.name in caplog.text
    assert verify_pdf(sealed_with(keys), keys.cert_file).valid


def test_a_crash_while_placing_the_pair_never_leaves_a_key_without_its_certificate(
    tmp_path, monkeypatch
):
    keys_dir = tmp_path / "keys"
    real_link = os.link

    def crash_at_the_key(source, target):
        if str(target).endswith(KEY_FILE):
            raise OSError("power cut")
        real_link(source, target)

    monkeypatch.setattr(seal.os, "link", crash_at_the_key)
    with pytest.raises(OSError, match="power cut"):
        ensure_clinic_keys(keys_dir, "Riverside")
    assert not (keys_dir / KEY_FILE).exists()
    assert [p.name for p in keys_dir.iterdir()] == [CERT_FILE], "no staging folder left behind"
    monkeypatch.setattr(seal.os, "link", real_link)
    keys = ensure_clinic_keys(keys_dir, "Riverside")
    assert verify_pdf(sealed_with(keys), keys.cert_file).valid


def test_checking_a_seal_never_makes_a_key(tmp_path):
    with pytest.raises(
        NoClinicCertificate, match="No clinic certificate is set up on this machine"
    ):
        clinic_certificate(tmp_path / "keys")
    assert not (tmp_path / "keys").exists()


@pytest.fixture(scope="module")
def small_sealed(tmp_path_factory) -> tuple[bytes, bytes]:
    keys = ensure_clinic_keys(tmp_path_factory.mktemp("keys"), "Riverside")
    return sealed_with(keys), keys.cert_file.read_bytes()


def signature_text(data: bytes) -> tuple[int, int]:
    """Start and end of the hex digits of the seal's /Contents."""
    found = re.search(rb"/Contents <([0-9A-Fa-f]+)>", data)
    assert found is not None
    return found.span(1)


def changed(data: bytes, position: int, contents: tuple[int, int]) -> bytes:
    """One byte changed; inside the signature text, to another hex digit (the sly case)."""
    copy = bytearray(data)
    if contents[0] <= position < contents[1]:
        copy[position] = ord("7") if copy[position] != ord("7") else ord("0")
    else:
        copy[position] ^= 0x01
    return bytes(copy)


@pytest.mark.exhaustive
def test_every_single_changed_byte_is_invalid(small_sealed):
    # Formerly a changed digit in the seal's zero padding, or in parts of the signature data
    # the signature does not cover, still gave VALID.
    data, certificate = small_sealed
    assert verify_pdf(data, certificate).valid
    contents = signature_text(data)
    seal_onwards = range(data.rindex(b"<<", 0, contents[0]), len(data))  # incl. xref and trailer
    first_xref = range(data.index(b"\nxref\n"), data.index(b"%%EOF"))
    positions = set(seal_onwards) | set(first_xref) | set(range(0, len(data), 16))
    assert data[contents[1] - 20 : contents[1]] == b"0" * 20, "the padding is covered"
    still_valid = [
        p for p in sorted(positions) if verify_pdf(changed(data, p, contents), certificate).valid
    ]
    assert still_valid == []


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("padding", "padding is not all zeros"),
        ("letter case", "not plain hex in one letter case"),
    ],
)
def test_the_reason_names_the_check_that_failed(small_sealed, where, expected):
    data, certificate = small_sealed
    start, end = signature_text(data)
    copy = bytearray(data)
    if where == "padding":
        copy[end - 10] = ord("7")
    else:
        letter = next(p for p in range(start, end) if chr(copy[p]).isalpha())
        copy[letter] = ord(chr(copy[letter]).swapcase())
    verdict = verify_pdf(bytes(copy), certificate)
    assert not verdict.valid and expected in verdict.reason


def test_a_certificate_added_to_the_seal_is_invalid(small_sealed, tmp_path):
    # The certificate set is not covered by the signature: an extra certificate must not pass.
    from asn1crypto import cms, pem, x509

    data, certificate = small_sealed
    start, end = signature_text(data)
    info = cms.ContentInfo.load(bytes.fromhex(data[start:end].decode()))
    other = ensure_clinic_keys(tmp_path / "other", "Elsewhere").cert_file.read_bytes()
    info["content"]["certificates"].append(
        cms.CertificateChoices({"certificate": x509.Certificate.load(pem.unarmor(other)[2])})
    )
    text = info.dump().hex().upper().encode()
    assert len(text) < end - start, "the forged data fits the space the seal reserved"
    forged = data[:start] + text.ljust(end - start, b"0") + data[end:]
    verdict = verify_pdf(forged, certificate)
    assert not verdict.valid
    assert verdict.reason == "the seal's signature data holds a certificate no signature covers"


def test_a_timestamped_seal_is_valid_and_no_changed_digit_of_it_passes(tmp_path):
    # With [seal] timestamp_url the seal carries a timestamp token, with parts of its own that
    # no signature covers. (A self-made timestamp authority: fine for a test, nothing else.)
    from pyhanko.sign.timestamps import DummyTimeStamper

    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    data = seal_pdf(
        tiny_pdf(),
        keys,
        reason="Chart record TEST",
        timestamper=DummyTimeStamper(*timestamp_authority()),
    )
    certificate = keys.cert_file.read_bytes()
    assert verify_pdf(data, certificate).valid
    contents = signature_text(data)
    written = len(data[contents[0] : contents[1]].rstrip(b"0"))
    token = data.index(b"06092A864886F70D010702", contents[0] + 20)  # the token's ContentInfo
    positions = range(token - 40, contents[0] + written + 20, 7)
    still_valid = [
        p for p in positions if verify_pdf(changed(data, p, contents), certificate).valid
    ]
    assert still_valid == []


def timestamp_authority() -> tuple[object, object]:
    """A timestamp authority's certificate (timeStamping usage) and key, as pyHanko takes them."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test timestamps")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
    )


def make_pkcs12(path, password: bytes) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Riverside Health Document Signing")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", key, cert, None, BestAvailableEncryption(password)
        )
    )


def test_a_clinic_can_seal_with_its_own_certificate(tmp_path):
    bundle = tmp_path / "clinic.p12"
    make_pkcs12(bundle, b"s3cret")
    data = tmp_path / "data"
    data.mkdir()
    (data / "clinic.toml").write_text(
        f'[clinic]\nname = "Riverside"\n[seal]\npkcs12_file = "{bundle}"\n', encoding="utf-8"
    )
    env = os.environ | {"INTAKE_DATA_DIR": str(data), "INTAKE_SEAL_PASSWORD": "s3cret"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "intake_app", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )

    made = cli("packet", "--sample", "--out", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    checked = cli("verify", made.stdout.strip())
    assert checked.returncode == 0, checked.stdout
    assert "Riverside Health Document Signing" in checked.stdout


def test_an_unreachable_timestamp_authority_is_named_in_plain_words(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/tsa"
    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    with pytest.raises(SealError) as caught:
        seal_pdf(tiny_pdf(), keys, reason="Chart record TEST", timestamp_url=url)
    assert (
        str(caught.value) == f"no timestamp from the timestamp authority at {url} (cannot connect)"
    )


def test_documents_sealed_before_a_renewal_still_verify_with_the_earlier_certificate(
    tmp_path, monkeypatch, capsys
):
    """A renewal (docs/chart-document.md): the old certificate moves to
    keys/earlier-certificates and the key is removed; the next seal makes a new pair.
    Both documents verify; without the earlier certificate the old one would not."""
    from intake_app.cli import main

    data = tmp_path / "data"
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))

    def sealed(folder: str) -> str:
        assert main(["packet", "--sample", "--out", str(tmp_path / folder)]) == 0
        return capsys.readouterr().out.strip().splitlines()[-1]

    def verdict(pdf: str) -> str:
        main(["verify", pdf])
        return capsys.readouterr().out.strip().splitlines()[-1]

    before = sealed("before")
    keys = data / "keys"
    earlier = keys / seal.EARLIER_FOLDER
    earlier.mkdir()
    (keys / seal.CERT_FILE).rename(earlier / "2026-12-01-clinic-seal-cert.pem")
    (keys / seal.KEY_FILE).unlink()
    after = sealed("after")
    assert verdict(before) == verdict(after) == "VALID: intact and sealed by the clinic"
    (earlier / "2026-12-01-clinic-seal-cert.pem").rename(tmp_path / "kept-elsewhere.pem")
    assert verdict(before) == "INVALID: the seal is not the clinic's"
