"""One patient's intake on the tablet: answers stored as given, pages, resume.

The wizard screens talk only to this object. Every answer goes straight to
storage; the session keeps the current view (answers, calculated values, what
is shown) and the page the patient is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from intake_app.consent.progress import END_VISIT, HoldRelease
from intake_app.kiosk.pages import Page, all_pages, visible_pages
from intake_app.questionnaire.completeness import MissingAnswer, missing_answers
from intake_app.questionnaire.flags import RaisedFlag
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.visibility import IntakeView
from intake_app.storage.audit import SOME_STAFF, Acting
from intake_app.storage.consents import record_release
from intake_app.storage.db import Database
from intake_app.storage.intakes import (
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
from intake_app.storage.patients import PatientDetails, find_or_create_patient
from intake_app.storage.tables import Intake, Patient

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
        today: Today = dt.date.today,
    ) -> None:
        self.database = database
        self.questionnaire = questionnaire
        self.intake = intake
        self.patient = patient
        self._today = today
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
        device: str | None = None,
        today: Today = dt.date.today,
    ) -> IntakeSession:
        """Staff handed the tablet over: create the intake for the patient staff registered.

        The name and date of birth are the patient's registration; the form never asks
        them again, so an intake has one identity.
        """
        with database.session() as session:
            patient = find_or_create_patient(session, details=details)
            intake = start_intake(
                session,
                patient=patient,
                questionnaire=questionnaire,
                language=language,
                device=device,
            )
        return cls(database, questionnaire, intake, patient, today)

    @classmethod
    def resume(
        cls,
        database: Database,
        questionnaire: Questionnaire,
        intake: Intake,
        today: Today = dt.date.today,
    ) -> IntakeSession:
        with database.session() as session:
            patient = patient_of(session, intake=intake)
        return cls(database, questionnaire, intake, patient, today)

    # --- answers ------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.intake.language

    @property
    def answers(self) -> dict[str, Any]:
        return self.view.answers

    def answer(self, item_id: str, value: Any, *, actor: str = "patient") -> IntakeView:
        """Store one answer now (raises InvalidAnswer, storing nothing, if it does not fit)."""
        with self.database.session() as session:
            self.view = record_answer(
                session,
                intake=self.intake,
                questionnaire=self.questionnaire,
                item_id=item_id,
                value=value,
                today=self._today(),
                actor=actor,
            )
        return self.view

    def switch_language(self, language: str) -> None:
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
        with self.database.session() as session:
            record_identity_check(session, intake=self.intake, confirmed=confirmed)
        self.identity_confirmed = confirmed

    def release_identity_hold(
        self,
        release: HoldRelease,
        corrected: PatientDetails | None = None,
        acting: Acting = SOME_STAFF,
    ) -> None:
        """Staff released the "Is this you?" hold, in one transaction: the corrected
        registration (every later screen and document uses it), who released the hold, and
        the end of the intake when staff ended the visit (staff may have started the wrong
        patient: nothing was answered yet)."""
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
        with self.database.session() as session:
            return complete_intake(
                session, intake=self.intake, questionnaire=self.questionnaire, today=self._today()
            )
