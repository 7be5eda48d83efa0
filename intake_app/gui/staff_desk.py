"""Staff mode on the tablet: find or enter the patient, start, resume or end an intake.

Staff screens show other patients (the search, the unfinished list), so they
are only reached by a person signed in with their own user name and PIN
(``controller.staff``), and never in patient mode.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.gui.screens.patient_search import FoundPatient
from intake_app.gui.screens.staff import FormChoice, HandOver, StaffScreen, UnfinishedIntake
from intake_app.kiosk.birth_date import BirthDateGuard
from intake_app.kiosk.session import IntakeSession
from intake_app.questionnaire.answers import localized
from intake_app.storage.consents import DEFERRED_PAGE, VISIT_ENDED_PAGE, active_agreements
from intake_app.storage.intakes import end_intake, intakes_in_progress
from intake_app.storage.patients import PatientDetails, PatientMismatch, find_patients
from intake_app.storage.tables import Intake, Patient

if TYPE_CHECKING:
    from intake_app.gui.app_services import AppServices
    from intake_app.gui.kiosk import KioskController


class StaffDesk(QObject):
    """What staff do between two patients."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller

    @property
    def services(self) -> AppServices:
        return self.controller.services

    def show_staff(self) -> None:
        """The staff screen, for the person signed in; with nobody signed in, the locked
        screen instead."""
        if self.controller.staff is None:
            self.controller.show_locked()
            return
        self.controller.end_patient_mode()
        self.controller.session = None
        self.controller.set_language("en", rebuild=False)
        screen = StaffScreen(
            self.form_choices(),
            self._unfinished_entries(),
            self.find_patients,
            not_ready=self.controller.consent_not_ready(),
            signed_in=self.controller.staff.name,
        )
        screen.start_requested.connect(self.start_intake)
        screen.resume_requested.connect(self.resume_intake)
        screen.withdrawal_requested.connect(self.controller.withdrawal.start)
        screen.end_requested.connect(self.end_unfinished)
        screen.lock_requested.connect(self.controller.show_locked)
        screen.quit_requested.connect(self.controller.quit)
        self.controller.show_screen(screen, self.show_staff, patient_mode=False)

    def form_choices(self) -> list[FormChoice]:
        catalog = self.services.catalog
        if catalog is None:
            return []
        active = [q for q in catalog.all() if q.definition.status == "active"]
        return [
            FormChoice(
                q.form_id,
                q.version,
                localized(q.definition.title, "en"),
                tuple(q.definition.languages),
            )
            for q in active
        ]

    def find_patients(self, name: str, birth: str | None, mrn: str) -> list[FoundPatient]:
        """Patients on file matching what staff typed (staff mode only)."""
        born = _date_or_none(birth)
        with self.services.database.session() as session:
            found = find_patients(session, text=name, date_of_birth=born, mrn=mrn, limit=8)
            agreements = active_agreements(session, patient_ids=[m.patient.id for m in found])
        return [
            FoundPatient(
                PatientDetails(
                    m.patient.given_names,
                    m.patient.family_name,
                    m.patient.date_of_birth,
                    m.patient.mrn,
                ),
                m.unfinished_intakes,
                agreement.id if (agreement := agreements.get(m.patient.id)) else None,
            )
            for m in found
        ]

    def _unfinished_entries(self) -> list[UnfinishedIntake]:
        entries = []
        with self.services.database.session() as session:
            for intake in intakes_in_progress(session, device=self.services.device_id):
                patient = session.get(Patient, intake.patient_id)
                name = f"{patient.given_names} {patient.family_name}" if patient else "?"
                started = intake.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
                entries.append(UnfinishedIntake(intake.id, name, started, self._how_far(intake)))
        return entries

    def _how_far(self, intake: Intake) -> str:
        if intake.current_page == DEFERRED_PAGE:
            return self.tr("wants more time to decide")
        if intake.current_page == VISIT_ENDED_PAGE:
            return self.tr("visit ended by staff at a hold; nothing signed")
        if intake.status == "completed":
            return self.tr("answers confirmed; consent not signed")
        return self.tr("answering the questions")

    def start_intake(self, hand_over: HandOver) -> None:
        assert self.services.catalog is not None
        questionnaire = self.services.catalog.get(hand_over.form.form_id, hand_over.form.version)
        try:
            self.controller.session = IntakeSession.start(
                self.services.database,
                questionnaire,
                hand_over.patient,
                language=hand_over.language,
                device=self.services.device_id,
                today=self.controller.today,
            )
        except PatientMismatch:
            screen = self.controller.window.current
            if isinstance(screen, StaffScreen):
                screen.mrn_on_file()
            return
        self.controller.show_hand_over()

    def resume_intake(self, intake_id: str) -> None:
        intake = next((i for i in self.controller.unfinished() if i.id == intake_id), None)
        if intake is not None:
            self.controller.session = self.controller.resume_session(intake)
            BirthDateGuard(self.controller.session).staff_resumed(self.controller.acting())
            self.controller.show_hand_over()

    def end_unfinished(self, intake_id: str) -> None:
        with self.services.database.session() as session:
            intake = session.get(Intake, intake_id)
            if intake is not None and intake.status == "in_progress":
                acting = self.controller.acting()
                end_intake(session, intake=intake, actor=acting.actor, actor_role=acting.role)
        self.show_staff()


def _date_or_none(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
