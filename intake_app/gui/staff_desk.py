"""Staff mode on the tablet: find or enter the patient, start, resume or end an intake.

Staff screens show other patients (the search, the unfinished list), so they
are only reached by a person signed in with their own user name and PIN
(``controller.staff``), and never in patient mode.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.form_files.translations import localized
from intake_app.gui.screens.patient_search import FoundPatient
from intake_app.gui.screens.staff import FormChoice, HandOver, StaffScreen, UnfinishedIntake
from intake_app.services.birth_date import BirthDateGuard
from intake_app.services.front_desk import FrontDesk
from intake_app.services.front_desk import UnfinishedIntake as Unfinished
from intake_app.services.intake_session import IntakeSession, PatientMismatch

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

    def front_desk(self) -> FrontDesk:
        """The desk's calls, for the person signed in."""
        assert self.controller.staff is not None
        return FrontDesk(self.services.database, self.controller.staff, self.services.device_id)

    def show_staff(self) -> None:
        """The staff screen, for the person signed in; with nobody signed in, the locked
        screen instead."""
        if self.controller.staff is None:
            self.controller.show_locked()
            return
        self.controller.end_patient_mode()
        self.controller.session = None
        self.controller.set_language("en", rebuild=False)
        self.controller.usual_look()
        screen = StaffScreen(
            self.form_choices(),
            self._unfinished_entries(),
            self.find_patients,
            not_ready=self.controller.consent_not_ready(),
            signed_in=self.controller.staff.name,
            background=self.controller.background,
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
        active = catalog.newest_active()  # earlier versions stay for intakes begun on them
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
        """Patients on file matching what staff typed (staff mode only: a search that was
        still waiting when the tablet left staff mode finds nobody). The staff screen runs
        it on the background worker, never on the GUI thread."""
        if self.controller.staff is None:
            return []
        return self.front_desk().find_patients(name, _date_or_none(birth), mrn)

    def _unfinished_entries(self) -> list[UnfinishedIntake]:
        return [
            UnfinishedIntake(
                entry.intake.id,
                entry.patient_name,
                entry.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                self._how_far(entry),
            )
            for entry in self.front_desk().unfinished()
        ]

    def _how_far(self, entry: Unfinished) -> str:
        if entry.more_time:
            return self.tr("wants more time to decide")
        if entry.visit_ended:
            return self.tr("visit ended by staff at a hold; nothing signed")
        if entry.answers_confirmed:
            return self.tr("answers confirmed; consent not signed")
        return self.tr("answering the questions")

    def start_intake(self, hand_over: HandOver) -> None:
        assert self.services.catalog is not None and self.controller.staff is not None
        questionnaire = self.services.catalog.get(hand_over.form.form_id, hand_over.form.version)
        staff, mismatch = self.controller.staff, []

        def save() -> None:
            try:
                self.controller.session = IntakeSession.start(
                    self.services.database,
                    questionnaire,
                    hand_over.patient,
                    language=hand_over.language,
                    by=staff,
                    device=self.services.device_id,
                    today=self.controller.today,
                )
            except PatientMismatch:
                mismatch.append(True)

        def then() -> None:
            screen = self.controller.window.current
            if not mismatch:
                self.controller.show_hand_over()
            elif isinstance(screen, StaffScreen):
                screen.mrn_on_file()

        # The details typed stay on screen until the database takes them.
        self.controller.saving.store(save, then)

    def resume_intake(self, intake_id: str) -> None:
        staff = self.controller.staff
        unfinished = self.front_desk().unfinished()
        entry = next((e for e in unfinished if e.intake.id == intake_id), None)
        if entry is not None and staff is not None:
            self.controller.session = self.controller.resume_session(entry.intake, staff)
            BirthDateGuard(self.controller.session).staff_resumed(staff)
            self.controller.show_hand_over()

    def end_unfinished(self, intake_id: str) -> None:
        desk = self.front_desk()
        self.controller.saving.store(lambda: desk.end(intake_id), self.show_staff)


def _date_or_none(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
