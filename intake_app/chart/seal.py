"""Sealing chart PDFs with the clinic's key (PAdES, pyHanko); checking a seal is in ``verify``.

On first use the app makes an EC P-256 key and a self-signed certificate for the
clinic in ``<data dir>/keys`` (the folder 0700, both files 0600: readable by
their owner only). A clinic can use its own certificate instead (``[seal]
pkcs12_file``; the password in the ``INTAKE_SEAL_PASSWORD`` environment
variable); that file is the clinic's and is never changed, but a warning says so
when other users could read it (it holds the private key). Verification trusts
exactly the configured certificate and never makes a key.

The key and certificate are made as a pair or not at all: both are written to a
staging folder, then linked into place, the certificate first and the key last,
so a key in place always has its certificate. A pair found half-made (a key
without certificate, left by a crash, or a certificate without key) is never
overwritten: the file is kept under a timestamped name (``....set-aside-<UTC>``),
a warning says so, and a new pair is made. A staging folder a kill left behind
(``.new-pair-*``, with a key never used) is removed, with the keys folder locked
so that no other process is making a pair in it at that moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.chart.verify import Verdict, verify_pdf
from intake_app.private_files import (
    FILE_MODE,
    FOLDER_MODE,
    others_may_open,
    private_folder,
    replace_private_file,
    sync_folder,
)

__all__ = ["Verdict", "verify_pdf"]  # checking a seal lives in intake_app.chart.verify

KEY_FILE = "clinic-seal-key.pem"
CERT_FILE = "clinic-seal-cert.pem"
# Certificates the clinic sealed with before (renewed or replaced): documents sealed
# then still verify. A renewal moves the old certificate here (docs/chart-document.md).
EARLIER_FOLDER = "earlier-certificates"
FIELD = "ClinicSeal"
STAGING_PREFIX = ".new-pair-"  # a pair being made, before it is linked into place

LOG = logging.getLogger(__name__)
_MAKING_KEYS = threading.Lock()


class SealError(Exception):
    """A chart PDF could not be sealed or checked; the message is safe to show staff."""


class TimestampUnavailable(SealError):
    """The timestamp authority of ``[seal] timestamp_url`` gave no timestamp."""


class NoClinicCertificate(SealError):
    """This machine has no clinic certificate to check a seal against."""


@dataclass(frozen=True)
class SealKeys:
    key_file: Path | None
    cert_file: Path
    pkcs12_file: Path | None = None


def ensure_clinic_keys(keys_dir: Path, clinic_name: str) -> SealKeys:
    """The clinic's key and certificate, made on first use (both or neither); a staging
    folder a kill left behind is removed first."""
    key_path, cert_path = keys_dir / KEY_FILE, keys_dir / CERT_FILE
    if key_path.exists() and cert_path.exists() and not _staged_pairs(keys_dir):
        return SealKeys(key_path, cert_path)
    private_folder(keys_dir)
    with _MAKING_KEYS, _keys_folder_locked(keys_dir) as locked:
        if locked:
            _remove_staged_pairs(keys_dir)
        if key_path.exists() and cert_path.exists():
            return SealKeys(key_path, cert_path)
        os.chmod(keys_dir, FOLDER_MODE)  # the app's own key folder, also from an older install
        _set_aside_half_pair(key_path, cert_path)
        _place_new_pair(keys_dir, *_new_pair(clinic_name))
    return SealKeys(key_path, cert_path)


def _staged_pairs(keys_dir: Path) -> list[Path]:
    return list(keys_dir.glob(f"{STAGING_PREFIX}*")) if keys_dir.is_dir() else []


@contextmanager
def _keys_folder_locked(keys_dir: Path) -> Iterator[bool]:
    """While it lasts, no other process on this machine makes keys in ``keys_dir``: the
    folder is locked (``flock``), and the lock goes with the process however it ends, a
    kill included. False where there is no such lock (not POSIX)."""
    if os.name != "posix":
        yield False
        return
    import fcntl

    descriptor = os.open(keys_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(descriptor)  # releases the lock


def _remove_staged_pairs(keys_dir: Path) -> None:
    """Remove the staging folders of a key pair a killed process was making: with the folder
    locked, nobody is writing one now. Its key was never used (a pair in use is linked into
    place), and a second copy of a private key must not stay behind."""
    for staged in _staged_pairs(keys_dir):
        shutil.rmtree(staged, ignore_errors=True)
        LOG.warning("A key pair left half-made by an interrupted start was removed (%s).", staged)


def _set_aside_half_pair(key_path: Path, cert_path: Path) -> None:
    """Keep a key without its certificate (or the reverse) under a timestamped name."""
    for present, missing in ((key_path, cert_path), (cert_path, key_path)):
        if present.exists() and not missing.exists():
            kept = _set_aside(present)
            LOG.warning(
                "The clinic seal %s had no matching %s (an interrupted first start?). "
                "It was kept as %s and a new key and certificate were made.",
                "key" if present == key_path else "certificate",
                "certificate" if present == key_path else "key",
                kept,
            )


def _set_aside(path: Path) -> Path:
    """Rename ``path`` to ``<name>.set-aside-<UTC time>``, never replacing a file."""
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    for number in range(1000):
        target = path.with_name(f"{path.name}.set-aside-{stamp}" + (f"-{number}" if number else ""))
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        os.unlink(path)
        os.chmod(target, FILE_MODE)  # a key stays readable by its owner only
        return target
    raise SealError(f"cannot set {path} aside: too many set-aside copies")


def _new_pair(clinic_name: str) -> tuple[bytes, bytes]:
    """A new EC P-256 key and its self-signed certificate, both PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, f"{clinic_name or 'Clinic'} chart seal")]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * 20))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, cert.public_bytes(serialization.Encoding.PEM)


def _place_new_pair(keys_dir: Path, key_pem: bytes, cert_pem: bytes) -> None:
    """Stage both files, then link the certificate and last the key into place."""
    staging = Path(tempfile.mkdtemp(dir=keys_dir, prefix=STAGING_PREFIX))
    try:
        _write_synced(staging / KEY_FILE, key_pem)
        _write_synced(staging / CERT_FILE, cert_pem)
        os.link(staging / CERT_FILE, keys_dir / CERT_FILE)
        sync_folder(keys_dir, required=True)
        os.link(staging / KEY_FILE, keys_dir / KEY_FILE)
        sync_folder(keys_dir, required=True)
    except FileExistsError as exc:
        raise SealError(
            f"another program made a clinic key in {keys_dir} at the same moment; try again"
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_synced(path: Path, data: bytes) -> None:
    """A new file, readable by its owner only, on disk before it is linked into place."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def clinic_seal_keys(keys_dir: Path, clinic_name: str, pkcs12_file: str = "") -> SealKeys:
    """The clinic's own PKCS#12 when configured, else the key made on first use."""
    if not pkcs12_file:
        return ensure_clinic_keys(keys_dir, clinic_name)
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    password = os.environ.get("INTAKE_SEAL_PASSWORD", "").encode() or None
    bundle = pkcs12.load_pkcs12(Path(pkcs12_file).read_bytes(), password)
    if bundle.cert is None:
        raise ValueError(f"{pkcs12_file} holds no certificate")
    _warn_if_others_may_read(Path(pkcs12_file))
    cert_path = private_folder(keys_dir) / "clinic-pkcs12-cert.pem"
    replace_private_file(cert_path, bundle.cert.certificate.public_bytes(Encoding.PEM))
    return SealKeys(None, cert_path, Path(pkcs12_file))


def _warn_if_others_may_read(pkcs12_file: Path) -> None:
    """The clinic's own certificate file holds its private key: say so if others may read it.

    The file is the clinic's, so its permissions are not changed behind its back.
    """
    if others_may_open(pkcs12_file):
        LOG.warning(
            "The clinic certificate %s holds the seal's private key and other users of this "
            "computer may read it; make it readable by its owner only (chmod 600 %s).",
            pkcs12_file,
            pkcs12_file,
        )


def clinic_certificate(keys_dir: Path, pkcs12_file: str = "") -> bytes:
    """The certificate a seal is checked against (PEM); never makes a key."""
    if pkcs12_file:
        return _pkcs12_certificate(Path(pkcs12_file))
    cert_path = keys_dir / CERT_FILE
    try:
        return cert_path.read_bytes()
    except FileNotFoundError:
        raise NoClinicCertificate(
            f"No clinic certificate is set up on this machine ({cert_path} does not exist). "
            "It is made when the first chart document is sealed, or set [seal] pkcs12_file "
            "in the clinic file."
        ) from None


def trusted_certificates(keys_dir: Path, pkcs12_file: str = "") -> bytes:
    """What a seal is checked against (PEM): the clinic's certificate now, then each one
    in ``keys/earlier-certificates`` (``*.pem``, by name). Never makes a key."""
    earlier_dir = keys_dir / EARLIER_FOLDER
    earlier = sorted(earlier_dir.glob("*.pem")) if earlier_dir.is_dir() else []
    pems = [clinic_certificate(keys_dir, pkcs12_file)] + [path.read_bytes() for path in earlier]
    return b"".join(pem if pem.endswith(b"\n") else pem + b"\n" for pem in pems)


def _pkcs12_certificate(path: Path) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    password = os.environ.get("INTAKE_SEAL_PASSWORD", "").encode() or None
    try:
        bundle = pkcs12.load_pkcs12(path.read_bytes(), password)
    except OSError as exc:
        raise NoClinicCertificate(
            f"No clinic certificate is set up on this machine ({path}: {exc.strerror})."
        ) from None
    except ValueError:
        raise NoClinicCertificate(
            f"The clinic certificate {path} cannot be opened (wrong INTAKE_SEAL_PASSWORD?)."
        ) from None
    if bundle.cert is None:
        raise NoClinicCertificate(
            f"No clinic certificate is set up on this machine ({path} holds none)."
        )
    return bundle.cert.certificate.public_bytes(Encoding.PEM)


def _signer(keys: SealKeys) -> Any:
    from pyhanko.sign import signers

    if keys.pkcs12_file is not None:
        password = os.environ.get("INTAKE_SEAL_PASSWORD", "").encode() or None
        return signers.SimpleSigner.load_pkcs12(str(keys.pkcs12_file), passphrase=password)
    return signers.SimpleSigner.load(str(keys.key_file), str(keys.cert_file))


def seal_pdf(
    pdf: bytes,
    keys: SealKeys,
    *,
    reason: str,
    timestamp_url: str | None = None,
    timestamper: Any = None,
) -> bytes:
    """Sign the whole file (PAdES B-B, or B-T with a timestamp authority).

    ``timestamper`` replaces the HTTP client of ``timestamp_url`` (tests use
    pyHanko's offline ``DummyTimeStamper``).
    """
    from pyhanko.sign import fields, signers, timestamps

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
    )
    if timestamper is None and timestamp_url:
        timestamper = timestamps.HTTPTimeStamper(timestamp_url)
    signer = _signer(keys)
    try:
        if timestamper is not None:  # a timestamp's size is the authority's: measured each time
            return _signed(pdf, signers.PdfSigner(metadata, signer, timestamper=timestamper))
        return _signed_in_known_room(pdf, signers.PdfSigner(metadata, signer), _signer_id(signer))
    except timestamps.TimestampRequestError as exc:
        raise TimestampUnavailable(_timestamp_problem(timestamp_url, exc)) from exc


# The room for the signature (hex digits) that pyHanko reserved, per signer. pyHanko sizes
# it with a whole trial signature (a third of the time of a seal); without a timestamp the
# size depends only on the signer's certificates and key, so later seals reuse it.
_ROOM: dict[bytes, int] = {}


def _signed_in_known_room(pdf: bytes, pdf_signer: Any, signer_id: bytes) -> bytes:
    """The sealed file, in the room measured for this signer before if there is one."""
    from pyhanko.sign.general import SigningError

    room = _ROOM.get(signer_id)
    if room is not None:
        try:
            return _signed(pdf, pdf_signer, room)
        except SigningError:  # the signature did not fit after all: measure again
            _ROOM.pop(signer_id, None)
    sealed = _signed(pdf, pdf_signer)
    measured = _room_of(sealed, len(pdf))
    if measured:
        _ROOM[signer_id] = measured
    return sealed


def _signed(pdf: bytes, pdf_signer: Any, room: int | None = None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    output = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer.sign_pdf(writer, output=output, bytes_reserved=room)
    return output.getvalue()


def _signer_id(signer: Any) -> bytes:
    """The certificates a signature carries: what, with the key, sets its size."""
    certificates = [signer.signing_cert, *signer.cert_registry]
    return hashlib.sha256(b"".join(cert.dump() for cert in certificates)).digest()


def _room_of(sealed: bytes, start: int) -> int | None:
    """The room the seal added after ``start`` reserved for its signature, in hex digits."""
    found = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)", sealed[start:])
    return int(found[2]) - int(found[1]) - 2 if found else None


def _timestamp_problem(url: str | None, error: Exception) -> str:
    """``no timestamp from the timestamp authority at <url> (<why>)``, in plain words."""
    cause = error.__cause__
    if isinstance(cause, TimeoutError):
        why = "no answer in time"
    elif "Certificate" in type(cause).__name__ or "SSL" in type(cause).__name__:
        why = "its secure connection failed"
    elif type(cause).__name__.startswith("ClientConnector"):
        why = "cannot connect"
    elif "InvalidUrl" in type(cause).__name__:
        why = "not a valid web address"
    elif isinstance(getattr(cause, "status", None), int):
        why = f"the server answered HTTP {getattr(cause, 'status', '')}"
    elif cause is not None:
        why = type(cause).__name__
    else:
        why = str(error)
    return f"no timestamp from the timestamp authority at {url or 'the timestamp server'} ({why})"
