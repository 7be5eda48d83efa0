"""The audit trail, read for records staff, administrators and the command line.

``verify`` walks the hash chain (``storage.audit_check``), which names the first
event that is altered, missing, inserted or out of place by its sequence number
only; then it checks every document on file: its file is there, its seal holds
(when this machine has the clinic's certificate) and the trail still holds the
head sealed in it (``chart.anchor``). Someone able to write the database could
rewrite the whole chain consistently, but not the sealed files, so a document
that contradicts the trail is named by its id and file name.

``history`` is one intake's events, oldest first: the record's history, answers
with their old and new values, which is why reading it needs the permission to
read the audit trail. Each call reads in one transaction, so the chain and the
documents are checked against the same trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from intake_app.chart.anchor import AuditAnchor
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.settings import Settings
from intake_app.storage.audit import ChainHead
from intake_app.storage.audit_check import ChainReport, anchor_problem, check_chain
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent, Document

__all__ = [
    "UNANCHORED",
    "AuditEvent",
    "AuditTrail",
    "ChainReport",
    "DocumentsChecked",
    "TrailChecked",
    "anchor_contradiction",
]


@dataclass
class DocumentsChecked:
    """Every document on file, checked against the trail."""

    checked: int = 0
    unanchored: int = 0  # made before documents carried the audit trail's head
    problems: list[str] = field(default_factory=list)  # one line per document, by id
    seals_unchecked: str = ""  # why no seal was checked, if none was


@dataclass(frozen=True)
class TrailChecked:
    """The chain, then the documents; the trail holds only when both do."""

    chain: ChainReport
    documents: DocumentsChecked

    @property
    def holds(self) -> bool:
        return self.chain.problem is None and not self.documents.problems


class AuditTrail:
    """The audit trail, read for ``by`` (who may read it: records staff, administrators,
    the command line)."""

    def __init__(self, database: Database, by: Actor) -> None:
        self.database, self.by = database, by

    def verify(self, settings: Settings) -> TrailChecked:
        """Check the chain and every document (seals against ``settings``' certificate)."""
        require(self.by, Permission.READ_AUDIT)
        with self.database.session() as session:
            chain = check_chain(session)
            return TrailChecked(chain, _check_documents(session, settings))

    def history(self, intake_id: str) -> list[AuditEvent]:
        """One intake's events, oldest first (none: no intake has this id)."""
        require(self.by, Permission.READ_AUDIT)
        query = (
            select(AuditEvent)
            .where(AuditEvent.intake_id == intake_id)
            .order_by(col(AuditEvent.sequence))
        )
        with self.database.session() as session:
            return list(session.exec(query))


def _check_documents(session: Session, settings: Settings) -> DocumentsChecked:
    """Each document on file, oldest first, against the audit trail."""
    certificate, why_not = _clinic_certificate(settings)
    result = DocumentsChecked(seals_unchecked=why_not)
    for row in session.exec(select(Document).order_by(col(Document.created_at))):
        result.checked += 1
        problem = _document_problem(session, row, certificate)
        if problem is UNANCHORED:
            result.unanchored += 1
        elif problem:
            result.problems.append(f"Document {row.id} ({Path(row.path).name}): {problem}")
    return result


def _clinic_certificate(settings: Settings) -> tuple[bytes | None, str]:
    """The certificate seals are checked against, or None and why this machine has none."""
    from intake_app.chart.seal import NoClinicCertificate, trusted_certificates

    try:
        return trusted_certificates(settings.keys_dir, settings.clinic.seal.pkcs12_file), ""
    except NoClinicCertificate as exc:
        return None, str(exc)


UNANCHORED = "no anchor"


def _document_problem(session: Session, row: Document, certificate: bytes | None) -> str | None:
    """What contradicts the trail in one document; ``UNANCHORED`` when it carries no head."""
    from intake_app.chart.verify import read_anchor, verify_pdf

    try:
        data = Path(row.path).read_bytes()
    except FileNotFoundError:
        return "the file is missing"
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror})"
    if certificate is None:
        anchor = read_anchor(data)
    else:
        verdict = verify_pdf(data, certificate)
        if not verdict.valid:
            return f"its seal does not hold ({verdict.reason}), so the head in it proves nothing"
        anchor = verdict.anchor
    return anchor_contradiction(session, row, anchor)


def anchor_contradiction(session: Session, row: Document, anchor: AuditAnchor | None) -> str | None:
    """What contradicts the trail in the head ``anchor`` found in a document's file (its seal
    checked by the caller): ``UNANCHORED`` when neither file nor record carries a head."""
    recorded = _recorded_anchor(row)
    if anchor is None:
        return UNANCHORED if recorded is None else "its record names a head the file lacks"
    problem = anchor_problem(session, ChainHead(anchor.sequence, anchor.sha256))
    if problem:
        return f"sealed with audit event {anchor.sequence}, but {problem}"
    if recorded != anchor:
        return f"sealed with audit event {anchor.sequence}, but its record names another head"
    return None


def _recorded_anchor(row: Document) -> AuditAnchor | None:
    if row.audit_sequence is None or row.audit_sha256 is None:
        return None
    return AuditAnchor(row.audit_sequence, row.audit_sha256)
