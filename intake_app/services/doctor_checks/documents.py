"""Every document on file: its file is there, unchanged, sealed by the clinic, and the audit
trail still holds the head sealed in it.

The checks are the app's own: ``seal_status.checked_against`` (the SHA-256 recorded when
the document was made, and the seal as ``intake-app verify`` checks it) and
``audit_trail.anchor_contradiction`` (as ``intake-app audit verify`` checks the head).
Documents are read one at a time, in batches of rows each read in its own short
transaction, so a clinic with many thousands of documents keeps memory flat and
holds no long transaction on a shared server; ``progress`` is told every
``PROGRESS_EVERY`` documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from intake_app.chart.document_files import staged_path
from intake_app.chart.seal import NoClinicCertificate, trusted_certificates
from intake_app.chart.verify import read_anchor
from intake_app.services.audit_trail import UNANCHORED, anchor_contradiction
from intake_app.services.doctor_checks.audit_chain import INVESTIGATE
from intake_app.services.doctor_checks.findings import Finding, ok, problem, quoted, warning
from intake_app.services.seal_status import checked_against
from intake_app.settings import Settings
from intake_app.storage.tables import Document

CHECK = "Document"
BATCH = 200  # document rows read per transaction
PROGRESS_EVERY = 500  # documents between two progress reports
MOST_LISTED = 100  # documents with problems listed one by one; the rest are counted

Progress = Callable[[int, int], None]  # (documents checked, documents on file)


@dataclass
class DocumentsChecked:
    """What the pass over the documents found; ``folders`` are the folders rows name."""

    checked: int = 0
    with_problems: int = 0
    unanchored: int = 0
    findings: list[Finding] = field(default_factory=list)
    folders: set[Path] = field(default_factory=set)


def check_documents(
    engine: Engine, settings: Settings, progress: Progress | None = None
) -> DocumentsChecked:
    """Each document on file, one at a time; a finding per document with a problem."""
    result = DocumentsChecked()
    total = _count(engine)
    certificate, seals_unchecked = _clinic_certificate(settings)
    for session, row in _rows(engine):
        result.checked += 1
        result.folders.add(Path(row.path).parent)
        found = _document_problem(session, row, certificate)
        if found is UNANCHORED:
            result.unanchored += 1
        elif isinstance(found, Finding):
            result.with_problems += 1
            if result.with_problems <= MOST_LISTED:
                result.findings.append(found)
        if progress is not None and result.checked % PROGRESS_EVERY == 0:
            progress(result.checked, total)
    result.findings.extend(_summary(result, seals_unchecked))
    return result


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Document)).one()


def _rows(engine: Engine) -> Iterator[tuple[Session, Document]]:
    """Every document row by id, ``BATCH`` at a time, each batch in its own transaction."""
    after = ""
    while True:
        with Session(engine) as session:
            query = select(Document).where(col(Document.id) > after).order_by(col(Document.id))
            rows = list(session.exec(query.limit(BATCH)))
            for row in rows:
                yield session, row
        if len(rows) < BATCH:
            return
        after = rows[-1].id


def _clinic_certificate(settings: Settings) -> tuple[bytes | None, str]:
    """The certificate seals are checked against (read once: a PKCS#12 file takes a while
    to open), or None and why this computer has none."""
    try:
        return trusted_certificates(settings.keys_dir, settings.clinic.seal.pkcs12_file), ""
    except NoClinicCertificate as error:
        return None, str(error)


def _document_problem(
    session: Session, row: Document, certificate: bytes | None
) -> Finding | str | None:
    """A finding for a document with a problem; ``UNANCHORED`` for one made before
    documents carried the audit trail's head; None when all holds."""
    path = Path(row.path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _missing(row, path)
    except OSError as error:
        return problem(
            CHECK,
            f"{_named(row)}: the file cannot be read ({error.strerror or type(error).__name__}).",
            "Make the file belong to the user the app runs as (`chown`), readable by that "
            f"user only: `chmod 600 {quoted(path)}`.",
        )
    status = checked_against(row.id, path, data, row.sha256, certificate)
    if status.state == "invalid":
        return problem(CHECK, f"{_named(row)}: {status.words}.", _changed_todo(row, path))
    anchor = status.anchor if status.state == "valid" else read_anchor(data)
    contradiction = anchor_contradiction(session, row, anchor)
    if contradiction is None or contradiction is UNANCHORED:
        return contradiction
    return problem(
        CHECK,
        f"{_named(row)}: {contradiction}.",
        f"{INVESTIGATE} `intake-app audit verify` lists every document the trail contradicts.",
    )


def _named(row: Document) -> str:
    return f"Document {row.id} ({Path(row.path).name})"


def _missing(row: Document, path: Path) -> Finding:
    staged = staged_path(path.parent, row.id)
    if staged.exists():
        return problem(
            CHECK,
            f"{_named(row)}: the file is not in place; a write that was interrupted left it "
            f"as {staged.name}.",
            "Run `intake-app documents make-missing`: it puts the file in place once its "
            "SHA-256 is the one recorded.",
        )
    return problem(
        CHECK,
        f"{_named(row)}: the file is missing from {path.parent}.",
        f"Copy documents/{row.id}.pdf of the latest backup (`intake-app backup`) back to "
        f"{path}, unchanged.{_filed_copy(row)} Then run `intake-app doctor` again.",
    )


def _filed_copy(row: Document) -> str:
    if row.filed_at is None:
        return ""
    return (
        f" It was filed into the chart folder on {_day(row.filed_at)}, so a copy is there "
        "under its chart file name; check a copy with `intake-app verify FILE` before "
        "putting it back."
    )


def _changed_todo(row: Document, path: Path) -> str:
    return (
        f"The file is not the one the app sealed. Move {path.name} out of the documents folder "
        f"and keep it for the clinic's records, then copy documents/{row.id}.pdf of the latest "
        f"backup back to {path}, unchanged.{_filed_copy(row)} Then run `intake-app doctor` again."
    )


def _day(moment: dt.datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d}"


def _summary(result: DocumentsChecked, seals_unchecked: str) -> list[Finding]:
    """The counts: one finding for the whole pass, and one for seals this computer cannot
    check."""
    findings = []
    unlisted = result.with_problems - MOST_LISTED
    if unlisted > 0:
        findings.append(
            problem(
                CHECK,
                f"{unlisted} more document(s) have problems like those above.",
                "Fix the ones listed and run `intake-app doctor` again; `intake-app audit "
                "verify` lists every document at once.",
            )
        )
    if seals_unchecked and result.checked:
        findings.append(
            warning(
                "Document seals",
                f"Seals not checked, only each file's SHA-256: {seals_unchecked}",
                "Copy the clinic certificate (keys/clinic-seal-cert.pem) from the tablet that "
                "seals documents into this computer's keys folder, or set [seal] pkcs12_file "
                "in the clinic file.",
            )
        )
    if not result.with_problems:
        findings.append(ok("Documents", _all_hold(result, sealed=not seals_unchecked)))
    return findings


def _all_hold(result: DocumentsChecked, *, sealed: bool) -> str:
    if not result.checked:
        return "No documents on file yet."
    said = f"{result.checked} document(s) checked: every file is in place and unchanged"
    said += ", sealed by the clinic" if sealed else ""
    said += ", and the audit trail holds the head each was sealed with"
    if result.unanchored:
        said += f" ({result.unanchored} made before documents carried it)"
    return said + "."
