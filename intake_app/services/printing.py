"""A printed document is an event: which document, how many copies, to which printer, by whom.

The tablet prints the patient's own copy from the thank-you screen; the print
is recorded when the printer took it or refused it, for the patient the copy
belongs to (``READ_INTAKE`` on their own intake). The event names the document
by its id, never by the patient's name.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.audit import append_event
from intake_app.storage.db import Database
from intake_app.storage.tables import Document

PRINTED, NOT_PRINTED = "document_printed", "document_not_printed"


def record_print(
    database: Database, pdf: Path, *, printer: str, copies: int, sent: bool, by: Actor
) -> None:
    """``by`` sent ``copies`` of the filed document at ``pdf`` to ``printer`` (``sent``), or
    the printer refused it. ``LookupError`` when no filed document has that path."""
    with database.session() as session:
        document = session.exec(select(Document).where(Document.path == str(pdf))).first()
        if document is None:
            raise LookupError("the printed file is not a filed document")
        require(by, Permission.READ_INTAKE, intake_id=document.intake_id)
        acting = by.acting
        append_event(
            session,
            actor=acting.actor,
            actor_role=acting.role,
            action=PRINTED if sent else NOT_PRINTED,
            intake_id=document.intake_id,
            patient_id=document.patient_id,
            detail={"document": document.id, "kind": document.kind, "copies": copies,
                    "printer": printer},
            workstation=by.workstation,
        )  # fmt: skip
