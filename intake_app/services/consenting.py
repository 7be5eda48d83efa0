"""The consent steps, stored as they happen: one writer for the tablet and ``packet --input``.

``ConsentProgress`` (the domain) decides what comes next: read each section,
ask, answer the comprehension questions, talk them over, decide, sign. This
module stores each step the same way wherever it happened. ``StepWriter``
writes into a transaction the caller holds: ``packet --input`` stores a whole
visit in one. ``Consenting`` is the tablet's: each step is one transaction of
its own, made for the patient holding the tablet (``SIGN_CONSENT`` on their
own intake) or, for a hold, for the member of staff who released it
(``RELEASE_HOLD``), so a step is kept the moment it is taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from intake_app.consent.document import ConsentDocument, ShownConsent
from intake_app.consent.model import ComprehensionQuestion
from intake_app.consent.progress import Acknowledgment, ConsentProgress, HoldRelease
from intake_app.form_files.translations import localized
from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.form import Questionnaire
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.audit import Acting
from intake_app.storage.consents import (
    HOLD_NAMES,
    ConsentSteps,
    Signature,
    Witness,
    consent_so_far,
    record_acknowledgment,
    record_comprehension,
    record_consent,
    record_deferral,
    record_option_order,
    record_question,
    record_release,
)
from intake_app.storage.db import Database
from intake_app.storage.intakes import audit, stored_holds
from intake_app.storage.tables import ConsentRecord, Intake

__all__ = [
    "HOLD_NAMES", "Consenting", "Signature", "StepWriter", "Witness", "consent_for", "progress_of",
]  # fmt: skip


def progress_of(
    db: Session,
    intake: Intake,
    questionnaire: Questionnaire,
    document: ConsentDocument,
    shown: ShownConsent,
) -> ConsentProgress:
    """Where the patient is in the consent: the steps stored so far and the flags that
    hold them for staff."""
    so_far = consent_so_far(db, intake_id=intake.id)
    held = stored_holds(db, intake=intake, questionnaire=questionnaire)
    return ConsentProgress(document, shown, so_far, held=held)


def consent_for(catalog: FormCatalog, begun: tuple[str, str] | None) -> ConsentDocument:
    """The version of the consent an intake began reading, else the newest active one."""
    if begun is not None:
        return catalog.consent(*begun)
    return catalog.consent()


class StepWriter:
    """Stores the consent steps of one intake in the caller's transaction.

    ``staff`` names who releases holds in the audit trail (the person signed in on
    the tablet; the importing app for an input file, whose release names who did).
    """

    def __init__(
        self, db: Session, intake: Intake, progress: ConsentProgress, staff: Acting
    ) -> None:
        self.db, self.intake, self.progress, self.staff = db, intake, progress, staff

    def acknowledged(self, section_id: str, ack: Acknowledgment) -> None:
        record_acknowledgment(
            self.db, intake=self.intake, section_id=section_id, ack=ack, consent=self._consent()
        )

    def _consent(self) -> tuple[str, str]:
        document = self.progress.document
        return document.consent_id, document.version

    def question(self, section_id: str, at: dt.datetime) -> None:
        """A question for the nurse about a section (named in English for staff)."""
        sections = self.progress.document.definition.sections
        title = localized(next(s.title for s in sections if s.id == section_id), "en")
        record_question(
            self.db, intake=self.intake, section_id=section_id, section_title=title, at=at,
            consent=self._consent(),
        )  # fmt: skip

    def option_order(self, question_id: str, order: list[str]) -> None:
        record_option_order(self.db, intake=self.intake, question_id=question_id, order=order)

    def answered(self, question: ComprehensionQuestion, value: str) -> None:
        """The answer just given to ``progress`` (a wrong one becomes a review flag)."""
        latest = self.progress.latest(question.id)
        assert latest is not None, "answer the progress first"
        record_comprehension(
            self.db,
            intake=self.intake,
            question_id=question.id,
            question=localized(question.question, "en"),
            answer=self.progress.option_text(question, value, "en"),
            given=latest,
        )

    def released(self, release: HoldRelease) -> None:
        record_release(
            self.db,
            intake=self.intake,
            release=release,
            actor=self.staff.actor,
            actor_role=self.staff.role,
        )

    def deferred(self) -> None:
        record_deferral(self.db, intake=self.intake)

    def signed(
        self,
        decision: str,
        signature: Signature,
        witness: Witness | None,
        *,
        witnessed_by: Acting | None = None,
    ) -> ConsentRecord:
        """The signed agreement or refusal, with every step that led to it; it never
        changes after. ``witnessed_by``: the witness's account, when they unlocked the
        tablet to sign (the trail names them, not only the record's typed name)."""
        progress = self.progress
        record = record_consent(
            self.db,
            intake=self.intake,
            shown=progress.shown,
            decision=decision,
            meaning=progress.meaning(decision),
            signature=signature,
            steps=ConsentSteps.of(progress.steps()),
            witness=witness,
            electronic_agreement=progress.shown.electronic,
        )
        if witness is not None and witnessed_by is not None:
            detail = {"consent_record": record.id}
            audit(self.db, self.intake, "consent_witnessed", actor=witnessed_by.actor,
                  actor_role=witnessed_by.role, detail=detail)  # fmt: skip
        return record


class Consenting:
    """The tablet's consent for one intake: each step stored at once, in its own
    transaction, for the actor who took it."""

    def __init__(self, database: Database, intake: Intake, patient: Actor) -> None:
        self.database, self.intake, self.patient = database, intake, patient

    def document(self, catalog: FormCatalog) -> ConsentDocument:
        """The consent this intake reads: the version it began, else the newest active one
        (``KeyError`` when the catalog has neither)."""
        require(self.patient, Permission.READ_INTAKE, intake_id=self.intake.id)
        with self.database.session() as db:
            begun = consent_so_far(db, intake_id=self.intake.id).consent
        return consent_for(catalog, begun)

    def progress(
        self, questionnaire: Questionnaire, document: ConsentDocument, shown: ShownConsent
    ) -> ConsentProgress:
        """Where the patient is (after a pause, a restart or a language switch too)."""
        require(self.patient, Permission.READ_INTAKE, intake_id=self.intake.id)
        with self.database.session() as db:
            return progress_of(db, self.intake, questionnaire, document, shown)

    @contextmanager
    def step(self, progress: ConsentProgress, *, by: Actor | None = None) -> Iterator[StepWriter]:
        """One transaction of steps: the patient's own (``SIGN_CONSENT``), or a hold released
        by staff (``by``, ``RELEASE_HOLD``)."""
        if by is None:
            require(self.patient, Permission.SIGN_CONSENT, intake_id=self.intake.id)
        else:
            require(by, Permission.RELEASE_HOLD)
        staff = (by or self.patient).acting
        with self.database.session() as db:
            yield StepWriter(db, self.intake, progress, staff)
