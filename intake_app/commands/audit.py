"""``intake-app audit verify | show --intake ID``: the audit trail, for authorised staff.

``verify`` walks the hash chain (``storage.audit_check``) and names the first event
that is altered, missing, inserted or out of place, by its sequence number only;
then it checks every document on file: its file is there, its seal holds (when this
machine has the clinic's certificate) and the audit trail still holds the head sealed
in it (``chart.anchor``). A document that contradicts the trail is named by its id
and file name. Exit 0 when all holds, 1 when anything does not, 2 when this machine
has no database (or it cannot be read).

``show`` prints one intake's history, oldest first, one line per event: local time,
who, what (``audit_words``). It is the record's history for staff at the terminal,
not a log: answers are shown with their old and new values.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from intake_app.chart.anchor import AuditAnchor
from intake_app.commands.audit_words import event_line
from intake_app.commands.documents import existing_database
from intake_app.settings import Settings, load_settings
from intake_app.storage.audit import ChainHead
from intake_app.storage.audit_check import anchor_problem, check_chain
from intake_app.storage.tables import AuditEvent, Document

NO_DATABASE = "intake-app: this machine has no intake database yet; there is no audit trail."
UNREADABLE = (
    "intake-app: the intake database's audit trail cannot be read ({kind}); it may have "
    "been made by an older version of the app, or the server does not answer."
)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        database = existing_database(settings)
    except SQLAlchemyError as exc:
        print(UNREADABLE.format(kind=type(exc).__name__), file=sys.stderr)
        return 2
    if database is None:
        print(NO_DATABASE, file=sys.stderr)
        return 2
    try:
        with database.session() as session:
            if args.audit_command == "verify":
                return verify(session, settings)
            return show(session, args.intake)
    except SQLAlchemyError as exc:
        print(UNREADABLE.format(kind=type(exc).__name__), file=sys.stderr)
        return 2
    finally:
        database.dispose()


# --- verify -------------------------------------------------------------------------------


def verify(session: Session, settings: Settings) -> int:
    """The chain, then every document; 0 only when both hold."""
    report = check_chain(session)
    if report.problem:
        print(f"Audit trail: NOT INTACT: {report.problem}")
    else:
        print(
            f"Audit trail: intact, {report.events} event(s); "
            f"head: event {report.last.sequence}, sha256 {report.last.sha256}"
        )
    documents = check_documents(session, settings)
    for line in documents.problems:
        print(line)
    print(documents.summary())
    return 1 if report.problem or documents.problems else 0


@dataclass
class DocumentsChecked:
    checked: int = 0
    unanchored: int = 0  # made before documents carried the audit trail's head
    problems: list[str] = field(default_factory=list)
    seals_unchecked: str = ""  # why no seal was checked, if none was

    def summary(self) -> str:
        parts = [f"Documents: {self.checked} checked"]
        if self.problems:
            parts.append(f"{len(self.problems)} contradict the audit trail or are missing")
        elif self.checked:
            parts.append("each holds a head the audit trail still has")
        if self.unanchored:
            parts.append(f"{self.unanchored} made before documents carried the head")
        summary = "; ".join(parts) + "."
        if self.seals_unchecked and self.checked:
            summary += f"\nSeals not checked: {self.seals_unchecked}"
        return summary


def check_documents(session: Session, settings: Settings) -> DocumentsChecked:
    """Each document on file, oldest first, against the audit trail."""
    certificate, why_not = _clinic_certificate(settings)
    result = DocumentsChecked(seals_unchecked=why_not)
    for row in session.exec(select(Document).order_by(col(Document.created_at))):
        result.checked += 1
        problem = _document_problem(session, row, certificate)
        if problem is _UNANCHORED:
            result.unanchored += 1
        elif problem:
            result.problems.append(f"Document {row.id} ({Path(row.path).name}): {problem}")
    return result


def _clinic_certificate(settings: Settings) -> tuple[bytes | None, str]:
    """The certificate seals are checked against, or None and why this machine has none."""
    from intake_app.chart.seal import NoClinicCertificate, clinic_certificate

    try:
        return clinic_certificate(settings.keys_dir, settings.clinic.seal.pkcs12_file), ""
    except NoClinicCertificate as exc:
        return None, str(exc)


_UNANCHORED = "no anchor"


def _document_problem(session: Session, row: Document, certificate: bytes | None) -> str | None:
    """What contradicts the trail in one document; ``_UNANCHORED`` when it carries no head."""
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
    recorded = _recorded_anchor(row)
    if anchor is None:
        return _UNANCHORED if recorded is None else "its record names a head the file lacks"
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


# --- show ---------------------------------------------------------------------------------


def show(session: Session, intake_id: str) -> int:
    query = (
        select(AuditEvent)
        .where(AuditEvent.intake_id == intake_id)
        .order_by(col(AuditEvent.sequence))
    )
    events = session.exec(query).all()
    if not events:
        print(f"intake-app: no audit events for intake {intake_id!r}", file=sys.stderr)
        return 1
    for event in events:
        print(event_line(event))
    return 0
