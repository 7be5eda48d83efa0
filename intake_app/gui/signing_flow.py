"""The signatures that end the consent: the patient's, a staff hold when the typed name is
not the registered one, and a witness's when the clinic asks for one; then the signed
record, stored once (``ConsentFlow.step``) and never changed after.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.consent.progress import (
    CONTINUE,
    SIGNED_NAME_HOLD,
    HoldRelease,
    local_time_zone,
)
from intake_app.consent.signing import shares_a_name, typed_name_matches
from intake_app.gui.holds import WITNESS_STEP
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.questionnaire.display import format_date
from intake_app.services.consenting import Signature, Witness

if TYPE_CHECKING:
    from intake_app.gui.consent_flow import ConsentFlow
    from intake_app.services.actor import Actor


class SigningFlow(QObject):
    """The signature screens of one consent (``ConsentFlow`` holds the steps before)."""

    def __init__(self, consent: ConsentFlow) -> None:
        super().__init__(consent)
        self.consent = consent
        self.controller = consent.controller
        self._patient_signature: Signature | None = None  # signed, not stored yet

    def forget(self) -> None:
        """Another consent begins (or the same one again, after a pause)."""
        self._patient_signature = None

    def show_signature(self) -> None:
        progress = self.consent.progress_now()
        assert progress.decision is not None
        screen = SignatureScreen(
            progress.shown.title,
            progress.meaning(progress.decision),
            self._when,
            agreement=progress.shown.electronic,
        )
        screen.signed.connect(lambda name: self._patient_signed(name, screen))
        screen.back_requested.connect(self.consent.show_decision)
        self.controller.show_patient_screen(screen, self.show_signature)

    def _when(self) -> str:
        return signing_time(self.consent.now(), self.consent.progress_now().language)

    def _patient_signed(self, name: str, screen: SignatureScreen) -> None:
        session = self.controller.session
        assert session is not None
        patient = session.patient
        if not shares_a_name(name, patient.given_names, patient.family_name):
            screen.say_not_your_name()
            return
        self._patient_signature = self._signature(name, screen)
        if typed_name_matches(name, patient.given_names, patient.family_name):
            self._after_patient_signature()
        else:
            self.show_name_hold()

    def show_name_hold(self) -> None:
        """The typed name is not the registered one: staff accept it, or the patient retypes."""
        assert self._patient_signature is not None and self.controller.session is not None
        patient = self.controller.session.patient
        detail = {
            "typed": self._patient_signature.signed_name,
            "registered": f"{patient.given_names} {patient.family_name}",
        }
        self.controller.holds.show(
            SIGNED_NAME_HOLD,
            self._name_accepted,
            self.show_name_hold,
            back=self.show_signature,
            detail=detail,
        )

    def _name_accepted(self, choice: str, staff: Actor) -> None:
        assert choice == CONTINUE
        release = HoldRelease(SIGNED_NAME_HOLD, staff.name, self.consent.now(), choice)
        self.consent.store_release(release, staff, self._after_patient_signature)

    def _after_patient_signature(self) -> None:
        if self.controller.services.settings.clinic.consent.witness:
            self.show_witness_hold()
        else:
            self._store(None)

    def witness_meaning(self) -> str:
        return self.tr("As witness, I saw the patient sign this consent.")

    def show_witness_hold(self) -> None:
        """The patient hands the tablet to the member of staff who saw them sign, who
        unlocks it with their own account: the witness is a person on file, not a typed
        name."""
        self.controller.holds.show(
            WITNESS_STEP,
            lambda _choice, staff: self.show_witness(staff),
            self.show_witness_hold,
        )

    def show_witness(self, staff: Actor) -> None:
        progress = self.consent.progress_now()
        meaning = self.witness_meaning()
        role = ", ".join(sorted(role.value for role in staff.roles))
        screen = SignatureScreen(progress.shown.title, meaning, self._when, witness=True)
        screen.signed_in_as(staff.name, role)
        screen.signed.connect(
            lambda name: self._store(
                Witness(name, role, self._signature(name, screen), meaning), staff
            )
        )
        screen.back_requested.connect(self.show_signature)
        self.controller.show_patient_screen(screen, lambda: self.show_witness(staff))

    def _signature(self, name: str, screen: SignatureScreen) -> Signature:
        return drawn_signature(name, screen, self.consent.now())

    def _store(self, witness: Witness | None, witnessed_by: Actor | None = None) -> None:
        progress = self.consent.progress_now()
        assert progress.decision is not None and self._patient_signature is not None
        decision, signature = progress.decision, self._patient_signature
        by = witnessed_by.acting if witnessed_by is not None else None
        self.consent.step(
            lambda steps: steps.signed(decision, signature, witness, witnessed_by=by),
            lambda: self.controller.consent_done(signed=True),
        )


def signing_time(now: dt.datetime, language: str) -> str:
    """When a signature is made, as the signature screen shows it: the date in the
    patient's language, the local time and its zone."""
    local = now.astimezone()
    return (
        f"{format_date(local.date().isoformat(), language)}, {local:%H:%M} {local_time_zone(local)}"
    )


def drawn_signature(name: str, screen: SignatureScreen, signed_at: dt.datetime) -> Signature:
    """The typed name and the strokes drawn on ``screen``, signed at ``signed_at``."""
    return Signature(
        name,
        screen.pad.strokes,
        screen.pad.png(),
        signed_at,
        local_time_zone(signed_at.astimezone()),
    )
