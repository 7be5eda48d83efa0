"""A signed consent makes a sealed document: the rule in one place.

When a patient signs (or refuses) on the tablet or in ``packet --input``, the
chart document and the patient's copy are made at once (``for_signing``); a
signed withdrawal makes its own document (``for_withdrawal``); a signed review
its addendum (``services.review_addendum``); what a failed seal or a crash left
unmade is made later (``missing``), at the app's start and by
``intake-app documents make-missing``. Each call checks that its actor may make
documents and works in its own transaction: a document's row is committed
before its file is put in place (``services.filing``), so a kill leaves one
document or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.document_recovery import recover_interrupted_writes
from intake_app.services.filing import make_signed_documents, make_withdrawal_document
from intake_app.services.pending_documents import (
    SETTLE_TIME,
    DocumentAttempt,
    intakes_missing_addenda,
    make_missing_documents,
    signed_documents_owed,
)
from intake_app.services.permissions import Permission, require
from intake_app.settings import Settings
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import Document, Intake

__all__ = ["DocumentAttempt", "Documents", "MadeDocuments"]


@dataclass(frozen=True)
class MadeDocuments:
    chart: Document
    copy: Document


class Documents:
    """Making the sealed documents, for one actor (usually the app itself)."""

    def __init__(
        self, database: Database, settings: Settings, catalog: FormCatalog | None, actor: Actor
    ) -> None:
        self.database, self.settings, self.catalog, self.actor = database, settings, catalog, actor

    def _catalog(self) -> FormCatalog:
        if self.catalog is None:
            raise LookupError("the forms cannot be read, so no document can be made")
        return self.catalog

    def for_signing(self, intake_id: str, *, today: dt.date) -> MadeDocuments:
        """The chart document and the patient's copy of a signed or refused consent."""
        require(self.actor, Permission.MAKE_DOCUMENTS)
        with self.database.session() as session:
            intake = session.get(Intake, intake_id)
            if intake is None:
                raise LookupError("no intake with this id")
            chart, copy = make_signed_documents(
                session,
                intake=intake,
                catalog=self._catalog(),
                settings=self.settings,
                today=today,
            )
        return MadeDocuments(chart, copy)

    def for_withdrawal(self, record_id: str, *, today: dt.date) -> Document:
        """The document of a signed withdrawal (it is also the patient's copy)."""
        require(self.actor, Permission.MAKE_DOCUMENTS)
        with self.database.session() as session:
            return make_withdrawal_document(
                session,
                record_id=record_id,
                catalog=self._catalog(),
                settings=self.settings,
                today=today,
            )

    def missing(
        self, *, today: dt.date, signed_before: dt.datetime | None = None
    ) -> list[DocumentAttempt]:
        """Every document still owed (interrupted writes first); one attempt each."""
        require(self.actor, Permission.MAKE_DOCUMENTS)
        with self.database.session() as session:
            return make_missing_documents(
                session,
                catalog=self.catalog,
                settings=self.settings,
                today=today,
                signed_before=signed_before,
            )

    def left_for_now(self, attempts: list[DocumentAttempt]) -> int:
        """How many intakes still lack a document because they were signed too recently
        to try (the tablet they were signed on may be making it)."""
        require(self.actor, Permission.MAKE_DOCUMENTS)
        tried = {attempt.intake_id for attempt in attempts}
        now = utc_now()
        with self.database.session() as session:
            owed = signed_documents_owed(session, signed_before=now)
            waiting = set(owed.charts) | set(owed.copies)
            waiting |= intakes_missing_addenda(session, signed_before=now)
        return len(waiting - tried)

    def finish_interrupted_writes(self, folder: Path) -> None:
        """Finish or undo the document writes a kill left in ``folder`` (one named with
        ``packet --out``, which the app's own clean-up does not know of)."""
        require(self.actor, Permission.MAKE_DOCUMENTS)
        with self.database.session() as session:
            recover_interrupted_writes(session, folder, settled_before=utc_now() - SETTLE_TIME)
