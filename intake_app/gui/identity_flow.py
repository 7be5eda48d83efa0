"""Is this you? The patient confirms the registration, or staff correct it.

The name and date of birth staff entered are the intake's one identity: the
patient sees them read-only before the first question. "Something is wrong" holds
the tablet for staff, who correct the registration (the earlier values stay in the
audit trail), confirm it was right, or end the visit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.consent.progress import (
    CONTINUE,
    CORRECTED,
    END_VISIT,
    IDENTITY_HOLD,
    HoldRelease,
)
from intake_app.gui.screens.identity import IdentityCheckScreen, IdentityCorrection
from intake_app.gui.screens.registration import RegistrationWords
from intake_app.questionnaire.display import format_date
from intake_app.services.clock import utc_now
from intake_app.services.intake_session import CompletedRecordError, PatientDetails

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController
    from intake_app.services.actor import Actor
    from intake_app.services.intake_session import IntakeSession


class IdentityFlow(QObject):
    """The "Is this you?" screen and its hold."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller

    def _session(self) -> IntakeSession:
        assert self.controller.session is not None
        return self.controller.session

    def show_check(self) -> None:
        session = self._session()
        patient = session.patient
        name = f"{patient.given_names} {patient.family_name}"
        born = format_date(patient.date_of_birth.isoformat(), self.controller.language)
        screen = IdentityCheckScreen(
            name, born, not_ready=bool(self.controller.consent_not_ready())
        )
        screen.confirmed.connect(self._confirmed)
        screen.disputed.connect(self._disputed)
        self.controller.show_patient_screen(screen, self.show_check)

    def _confirmed(self) -> None:
        session = self._session()
        self.controller.saving.store(
            lambda: session.identity_checked(confirmed=True), self.controller.begin
        )

    def _disputed(self) -> None:
        session = self._session()
        self.controller.saving.store(
            lambda: session.identity_checked(confirmed=False), self.show_hold
        )

    def show_hold(self) -> None:
        patient = self._session().patient
        correction = IdentityCorrection(
            patient.given_names,
            patient.family_name,
            patient.date_of_birth,
            self.controller.language,
        )
        self.controller.holds.show(
            IDENTITY_HOLD,
            lambda choice, staff: self._released(choice, staff, correction),
            self.show_hold,
            extra=correction,
        )

    def _released(self, choice: str, staff: Actor, correction: IdentityCorrection) -> None:
        session = self._session()
        corrected = None
        if choice == CORRECTED:
            details = correction.details(self.controller.today())
            if details is None:
                return  # the problem is shown next to the details
            given, family, born = details
            corrected = PatientDetails(given, family, born, session.patient.mrn)
        release = HoldRelease(IDENTITY_HOLD, staff.name, utc_now(), choice)
        try:
            self.controller.saving.store(
                lambda: session.release_identity_hold(release, corrected, by=staff),
                lambda: self._after_release(choice),
            )
        except CompletedRecordError:  # the patient's identity is on signed records
            correction.show_problem(RegistrationWords().identity_kept())

    def _after_release(self, choice: str) -> None:
        if choice == END_VISIT:
            self.controller.desk.show_staff()
        else:
            assert choice in (CORRECTED, CONTINUE)
            self.show_check()
