"""Whether a sealed document on file is still as the clinic sealed it, in words for staff.

The review page shows the chart document beside the intake; staff must see at a
glance whether the file in the documents folder is the one the app made: the
file is there, its SHA-256 is the one recorded when it was made, and its seal
passes the same check as ``intake-app verify`` (``chart.verify.verify_pdf``
against the clinic certificates of ``chart.seal.trusted_certificates``: now and earlier).

Checking a seal is slow (cryptography over the whole file): the screens call
this off the GUI thread. The words name the file, never the patient's details
beyond the file name staff already see in the documents folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from intake_app.chart.anchor import AuditAnchor
from intake_app.chart.seal import NoClinicCertificate, trusted_certificates
from intake_app.chart.verify import Verdict, verify_pdf
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.settings import Settings
from intake_app.storage.db import Database
from intake_app.storage.tables import Document

__all__ = [
    "SealState",
    "SealStatus",
    "checked_against",
    "checked_data",
    "checked_file",
    "seal_status",
]

# valid: the file is the one filed and its seal is the clinic's, intact.
# invalid: the file was changed, replaced, or its seal is not the clinic's.
# missing: no file to check (not in the folder, or not readable).
# unchecked: the file is there but this computer has no clinic certificate to check it with.
SealState = Literal["valid", "invalid", "missing", "unchecked"]


@dataclass(frozen=True)
class SealStatus:
    """One document's seal as checked just now; ``words`` are for the status line."""

    document_id: str
    state: SealState
    words: str
    path: Path  # where the document's row says the file is
    anchor: AuditAnchor | None = None  # the audit trail's head the seal covers (valid only)


def seal_status(
    database: Database, document_id: str, *, settings: Settings, by: Actor
) -> SealStatus:
    """Check the document's file against its row and its seal, for ``by``.

    ``LookupError`` when no document has this id; ``NotPermitted`` unless ``by`` may
    read the intake the document belongs to.
    """
    with database.session() as session:
        row = session.get(Document, document_id)
    require(by, Permission.READ_INTAKE, intake_id=row.intake_id if row else None)
    if row is None:
        raise LookupError("no document with this id")
    return checked_file(row.id, Path(row.path), row.sha256, settings)


def checked_file(
    document_id: str, path: Path, recorded_sha256: str, settings: Settings
) -> SealStatus:
    """The state of the document's file at ``path``, for a caller that checked who acts."""

    def status(state: SealState, words: str) -> SealStatus:
        return SealStatus(document_id, state, words, path)

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return status("missing", f"File missing: {path.name} is not in the documents folder")
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return status("missing", f"File unreadable: {path.name} could not be opened ({why})")
    return checked_data(document_id, path, data, recorded_sha256, settings)


def checked_data(
    document_id: str, path: Path, data: bytes, recorded_sha256: str, settings: Settings
) -> SealStatus:
    """The state of a document's bytes already read from ``path``: for a caller that must
    check exactly the bytes it then uses (filing copies what it checked)."""

    try:
        certificate = trusted_certificates(settings.keys_dir, settings.clinic.seal.pkcs12_file)
    except NoClinicCertificate:
        certificate = None
    return checked_against(document_id, path, data, recorded_sha256, certificate)


def checked_against(
    document_id: str, path: Path, data: bytes, recorded_sha256: str, certificate: bytes | None
) -> SealStatus:
    """As ``checked_data``, against a clinic ``certificate`` already read (None: this
    computer has none), for a caller that checks many documents."""

    def status(state: SealState, words: str) -> SealStatus:
        return SealStatus(document_id, state, words, path)

    filed = hashlib.sha256(data).hexdigest() == recorded_sha256
    not_filed = "Seal INVALID: the file is not the document the app filed (its SHA-256 differs)"
    if certificate is None:
        if not filed:  # known changed without the certificate
            return status("invalid", not_filed)
        return status(
            "unchecked",
            "Seal not checked: this computer has no clinic certificate "
            "(copy it from the tablet, or set [seal] pkcs12_file in the clinic file)",
        )
    verdict = verify_pdf(data, certificate)
    if not verdict.valid:
        return status("invalid", f"Seal INVALID: {verdict.reason}")
    if not filed:
        return status("invalid", not_filed)
    return replace(status("valid", _valid_words(verdict)), anchor=verdict.anchor)


def _valid_words(verdict: Verdict) -> str:
    """``Seal valid: signed by <clinic seal>, unchanged since 2026-12-01 14:05 CST``."""
    signer = verdict.signer.removeprefix("Common Name: ") or "an unnamed signer"
    if not verdict.signed_at:
        return f"Seal valid: signed by {signer}, unchanged since sealing"
    return f"Seal valid: signed by {signer}, unchanged since {_local(verdict.signed_at)}"


def _local(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone()
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"
