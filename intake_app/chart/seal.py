"""Sealing chart PDFs with the clinic's key (PAdES, pyHanko) and verifying them.

On first use the app makes an EC P-256 key and a self-signed certificate for the
clinic in ``<data dir>/keys`` (the key readable by its owner only). A clinic
can use its own certificate instead (``[seal] pkcs12_file``; the password in the
``INTAKE_SEAL_PASSWORD`` environment variable). Verification trusts exactly the
configured certificate.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEY_FILE = "clinic-seal-key.pem"
CERT_FILE = "clinic-seal-cert.pem"
FIELD = "ClinicSeal"


@dataclass(frozen=True)
class SealKeys:
    key_file: Path | None
    cert_file: Path
    pkcs12_file: Path | None = None


def ensure_clinic_keys(keys_dir: Path, clinic_name: str) -> SealKeys:
    """The clinic's key and certificate, made on first use."""
    key_path, cert_path = keys_dir / KEY_FILE, keys_dir / CERT_FILE
    if key_path.exists() and cert_path.exists():
        return SealKeys(key_path, cert_path)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
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
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return SealKeys(key_path, cert_path)


def clinic_seal_keys(keys_dir: Path, clinic_name: str, pkcs12_file: str = "") -> SealKeys:
    """The clinic's own PKCS#12 when configured, else the key made on first use."""
    if not pkcs12_file:
        return ensure_clinic_keys(keys_dir, clinic_name)
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    password = os.environ.get("INTAKE_SEAL_PASSWORD", "").encode() or None
    bundle = pkcs12.load_pkcs12(Path(pkcs12_file).read_bytes(), password)
    if bundle.cert is None:
        raise ValueError(f"{pkcs12_file} holds no certificate")
    keys_dir.mkdir(parents=True, exist_ok=True)
    cert_path = keys_dir / "clinic-pkcs12-cert.pem"
    cert_path.write_bytes(bundle.cert.certificate.public_bytes(Encoding.PEM))
    return SealKeys(None, cert_path, Path(pkcs12_file))


def _signer(keys: SealKeys) -> Any:
    from pyhanko.sign import signers

    if keys.pkcs12_file is not None:
        password = os.environ.get("INTAKE_SEAL_PASSWORD", "").encode() or None
        return signers.SimpleSigner.load_pkcs12(str(keys.pkcs12_file), passphrase=password)
    return signers.SimpleSigner.load(str(keys.key_file), str(keys.cert_file))


def seal_pdf(pdf: bytes, keys: SealKeys, *, reason: str, timestamp_url: str | None = None) -> bytes:
    """Sign the whole file (PAdES B-B, or B-T with a timestamp authority)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
    )
    stamper = timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None
    output = io.BytesIO()
    signers.PdfSigner(metadata, signer=_signer(keys), timestamper=stamper).sign_pdf(
        writer, output=output
    )
    return output.getvalue()


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str
    signer: str = ""
    signed_at: str = ""
    document_id: str = ""


def verify_pdf(data: bytes, trusted_cert: Path) -> Verdict:
    """VALID only when the whole file is intact and sealed by ``trusted_cert``."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except Exception as exc:  # any damage to the file structure
        return Verdict(False, f"the file cannot be read as a PDF ({type(exc).__name__})")
    if not signatures:
        return Verdict(False, "the file has no seal")
    document_id = _document_id(reader)
    try:
        status = validate_pdf_signature(
            signatures[-1],
            ValidationContext(trust_roots=[load_cert_from_pemder(str(trusted_cert))]),
        )
    except Exception as exc:
        return Verdict(
            False, f"the seal cannot be checked ({type(exc).__name__})", document_id=document_id
        )
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
    coverage = getattr(status.coverage, "name", str(status.coverage))
    if not status.intact or not status.valid:
        return Verdict(False, "the file was changed after it was sealed", signer, when, document_id)
    if not status.trusted:
        return Verdict(False, "the seal is not the clinic's", signer, when, document_id)
    if coverage != "ENTIRE_FILE":
        return Verdict(False, "content was added after the seal", signer, when, document_id)
    return Verdict(True, "intact and sealed by the clinic", signer, when, document_id)


def _document_id(reader: Any) -> str:
    try:
        subject = str(reader.trailer["/Info"].get("/Subject", ""))
    except Exception:
        return ""
    return subject.removeprefix("document-id:")
