"""The clinic's seal: a key made on first use (owner-only), or the clinic's own certificate."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

from intake_app.chart.seal import ensure_clinic_keys


def test_the_first_use_key_is_readable_by_its_owner_only(tmp_path):
    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    assert stat.S_IMODE(os.stat(keys.key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "keys").st_mode) == 0o700
    again = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    assert again.cert_file.read_bytes() == keys.cert_file.read_bytes(), "made once, then reused"


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
