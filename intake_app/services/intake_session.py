"""One patient's intake on the tablet: answers stored as given, pages, resume.

The wizard screens talk only to this object. Every answer goes straight to
storage, each call in its own transaction; the session keeps the current view
(answers, calculated values, what is shown) and the page the patient is on.

Two people act on it: staff start or resume it and release its holds (``by``, a
staff ``Actor``); the patient holding the tablet answers it (``self.patient``, who
may touch this intake only). Each call checks its actor's permission first
(``services.permissions``), so a refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from intake_app.consent.progress import END_VISIT, HoldRelease
from intake_app.kiosk.pages import Page, all_pages, visible_pages
from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.completeness import MissingAnswer, missing_answers
from intake_app.questionnaire.flags import RaisedFlag
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.visibility import IntakeView
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.consents import record_release
from intake_app.storage.db import Database
from intake_app.storage.guards import CompletedRecordError
from intake_app.storage.intakes import (
    IncompleteIntake,
    InvalidAnswer,
    complete_intake,
    correct_identity,
    current_view,
    end_intake,
    identity_confirmed,
    patient_of,
    record_answer,
    record_identity_check,
    set_current_page,
    set_language,
    start_intake,
)
from intake_app.storage.patients import PatientDetails, PatientMismatch, find_or_create_patient
from intake_app.storage.tables import Intake, Patient

# What the screens catch from these calls, and the registration they pass in.
__all__ = [
    "CONSENT_PAGE",
    "REVIEW_PAGE",
    "CompletedRecordError",
    "IncompleteIntake",
    "Intake",
    "IntakeSession",
    "InvalidAnswer",
    "PatientDetails",
    "PatientMismatch",
]

REVIEW_PAGE = "review"
CONSENT_PAGE = "consent"
Today = Callable[[], dt.date]


class IntakeSession:
    """The intake a patient is filling in now."""

    def __init__(
        self,
        database: Database,
        questionnaire: Questionnaire,
        intake: Intake,
        patient: Patient,
        *,
        today: Today = dt.date.today,
        workstation: str | None = None,
    ) -> None:
        self.database = database
        self.questionnaire = questionnaire
        self.intake = intake
        self.patient = patient
        self._today = today
        self.actor = Actor.patient(intake.id, workstation)  # the patient holding the tablet
        with database.session() as session:
            self.view = current_view(
                session, intake=intake, questionnaire=questionnaire, today=today()
            )
            self.identity_confirmed = identity_confirmed(session, intake=intake)

    @classmethod
    def start(
        cls,
        database: Database,
        questionnaire: Questionnaire,
        details: PatientDetails,
        *,
        language: str,
        by: Actor,
        device: str | None = None,
        today: Today = dt.date.today,
    ) -> IntakeSession:
        """Staff (``by``) hand the tablet over: create the intake for the patient they
        registered (``PatientMismatch`` when the MRN is another patient's).

        The name and date of birth are the patient's registration; the form never asks
        them again, so an intake has one identity.
        """
        require(by, Permission.START_INTAKE)
        with database.session() as session:
            patient = find_or_create_patient(session, details=details)
            intake = start_intake(
                session,
                patient=patient,
                questionnaire=questionnaire,
                language=language,
                device=device,
                started_by=by.staff_id,
                actor_role=by.role_names or None,
            )
        return cls(database, questionnaire, intake, patient, today=today, workstation=device)

    @classmethod
    def resume(
        cls,
        database: Database,
        questionnaire: Questionnaire,
        intake: Intake,
        *,
        by: Actor,
        today: Today = dt.date.today,
    ) -> IntakeSession:
        """Go on with an unfinished intake: staff chose it, or the tablet restarted on the
        patient's own intake (it opens behind the paused screen)."""
        require(by, Permission.RESUME_INTAKE, intake_id=intake.id)
        with database.session() as session:
            patient = patient_of(session, intake=intake)
        return cls(
            database, questionnaire, intake, patient, today=today, workstation=by.workstation
        )

    # --- answers ------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.intake.language

    @property
    def answers(self) -> dict[str, Any]:
        return self.view.answers

    def _patient_may(self, permission: Permission = Permission.ANSWER) -> None:
        require(self.actor, permission, intake_id=self.intake.id)

    def answer(self, item_id: str, value: Any, *, by: Actor | None = None) -> IntakeView:
        """Store one answer now (raises InvalidAnswer, storing nothing, if it does not fit).

        The patient holding the tablet answers (``by`` left out); nobody else may answer
        for them (``NotPermitted``).
        """
        actor = by or self.actor
        require(actor, Permission.ANSWER, intake_id=self.intake.id)
        with self.database.session() as session:
            self.view = record_answer(
                session,
                intake=self.intake,
                questionnaire=self.questionnaire,
                item_id=item_id,
                value=value,
                today=self._today(),
                actor=actor.audit_name,
                facts=IntakeFacts(self.patient.date_of_birth, self.intake.language),
            )
        return self.view

    def switch_language(self, language: str) -> None:
        self._patient_may()
        with self.database.session() as session:
            set_language(session, intake=self.intake, language=language)

    # --- pages --------------------------------------------------------------------

    def pages(self) -> list[Page]:
        return visible_pages(self.questionnaire, self.view)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in all_pages(self.questionnaire) if p.id == page_id), None)

    def resume_page(self) -> str:
        """Where to continue: the stored page if it is still shown, else the first page."""
        if self.intake.status == "completed":
            return CONSENT_PAGE
        shown = [p.id for p in self.pages()]
        current = self.intake.current_page
        if current == REVIEW_PAGE or current in shown:
            return current or shown[0]
        return shown[0]

    def go_to(self, page_id: str) -> None:
        self._patient_may()
        with self.database.session() as session:
            set_current_page(session, intake=self.intake, page=page_id)

    def problems_on(self, page: Page) -> list[MissingAnswer]:
        """Required answers missing on one page, in the patient's language."""
        missing = missing_answers(
            self.questionnaire, self.view, section=page.section, language=self.language
        )
        on_page = {item.id for item in page.items}
        return [m for m in missing if m.item_id in on_page]

    def all_problems(self) -> list[MissingAnswer]:
        return missing_answers(self.questionnaire, self.view, language=self.language)

    # --- identity and the end ---------------------------------------------------------

    def birth_date_matches(self, day: dt.date) -> bool:
        """The patient confirms who they are before resuming after a lock."""
        return day == self.patient.date_of_birth

    def identity_checked(self, *, confirmed: bool) -> None:
        """The patient confirmed the registered name and birth date, or said they are wrong."""
        self._patient_may(Permission.READ_INTAKE)
        with self.database.session() as session:
            record_identity_check(session, intake=self.intake, confirmed=confirmed)
        self.identity_confirmed = confirmed

    def release_identity_hold(
        self,
        release: HoldRelease,
        corrected: PatientDetails | None,
        *,
        by: Actor,
    ) -> None:
        """Staff (``by``) released the "Is this you?" hold, in one transaction: the
        corrected registration (every later screen and document uses it), who released the
        hold, and the end of the intake when staff ended the visit (staff may have started
        the wrong patient: nothing was answered yet). ``CompletedRecordError`` when the
        patient's identity is already on signed records."""
        require(by, Permission.RELEASE_HOLD)
        acting = by.acting
        with self.database.session() as session:
            if corrected is not None:
                self.patient = correct_identity(
                    session,
                    intake=self.intake,
                    details=corrected,
                    by=release.by,
                    actor=acting.actor,
                    actor_role=acting.role,
                )
                self.identity_confirmed = False  # the patient checks the corrected details
                self.view = current_view(
                    session,
                    intake=self.intake,
                    questionnaire=self.questionnaire,
                    today=self._today(),
                )
            record_release(
                session,
                intake=self.intake,
                release=release,
                actor=acting.actor,
                actor_role=acting.role,
            )
            if release.choice == END_VISIT:
                end_intake(session, intake=self.intake, actor=acting.actor, actor_role=acting.role)

    def complete(self) -> list[RaisedFlag]:
        """The patient confirmed their answers (``IncompleteIntake`` when some are missing)."""
        self._patient_may()
        with self.database.session() as session:
            return complete_intake(
                session, intake=self.intake, questionnaire=self.questionnaire, today=self._today()
            )
