"""Holding the patient for staff, the same way wherever the tablet holds them.

The patient reads why in their own language; staff unlock with their own user
name and PIN and choose how to go on. Each choice is stored (who, when, what) by
the flow that asked, through ``released``, with the name of the person signed in:
that is the name the chart prints. Correcting a patient's registration is front
desk work (a role that starts intakes); every other hold needs a role that
releases holds (nurse or clinician).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    CONTINUE,
    CORRECTED,
    DISCUSSION_HOLD,
    END_VISIT,
    IDENTITY_HOLD,
    SIGNED_NAME_HOLD,
)
from intake_app.gui.screens.hold import HoldScreen, StaffChoice
from intake_app.questionnaire.typed_text import isolated
from intake_app.services.permissions import Permission, allowed

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController
    from intake_app.services.actor import Actor

WITNESS_STEP = "witness"  # not a hold: a member of staff unlocks to sign as witness


class Holds(QObject):
    """Builds the hold screens; the controller unlocks them and shows them."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller

    def show(
        self,
        hold: str,
        released: Callable[[str, Actor], None],
        rebuild: Callable[[], object],
        *,
        topics: list[str] | None = None,
        extra: QWidget | None = None,
        back: Callable[[], None] | None = None,
        detail: dict[str, str] | None = None,
    ) -> None:
        """Show the hold screen for ``hold``; ``released(choice, by)`` follows, ``by`` the
        person who unlocked it."""
        title, text = self._texts(hold, detail or {})
        screen = HoldScreen(
            title,
            text,
            topics or [],
            self._choices(hold),
            extra=extra,
            back=self.tr("Go back and type my name again") if back else None,
        )
        front_desk = hold in (IDENTITY_HOLD, WITNESS_STEP)  # any role that sees patients
        needed = Permission.START_INTAKE if front_desk else Permission.RELEASE_HOLD
        screen.unlock_requested.connect(
            lambda user, pin: self.controller.unlock(
                screen.pin_pad, user, pin, lambda: self._signed_in(screen), needed
            )
        )
        screen.released.connect(lambda choice: self._release(choice, released))
        if back is not None:
            screen.back_requested.connect(back)
        # Staff already signed in here: the hold is being rebuilt (the language switched),
        # and they stay signed in.
        signed_in = self.controller.staff
        self.controller.show_patient_screen(screen, rebuild)
        if signed_in is not None and allowed(signed_in, needed):
            self.controller.staff = signed_in
            self._signed_in(screen)

    def _signed_in(self, screen: HoldScreen) -> None:
        staff = self.controller.staff
        assert staff is not None
        screen.show_staff_choices(staff.name)

    def _release(self, choice: str, released: Callable[[str, Actor], None]) -> None:
        """The choice goes on for the person signed in (only they see it)."""
        staff = self.controller.staff
        if staff is not None:
            released(choice, staff)

    def _texts(self, hold: str, detail: dict[str, str]) -> tuple[str, str]:
        saved = self.tr("Your answers are saved.")
        if hold == IDENTITY_HOLD:
            return self.tr("Please give the tablet to the front desk"), self.tr(
                "Thank you for telling us. Staff will check your name and date of birth with you."
            )
        if hold == BEFORE_CONSENT:
            return self.tr("Before you read the consent"), self.tr(
                "We want you to read the consent form in the language you understand best, "
                "with an interpreter if you want one. Please give the tablet to the front "
                "desk."
            ) + " " + saved
        if hold == BEFORE_DECISION:
            return self.tr("Please talk with the nurse before you decide"), self.tr(
                "Some of your answers need a nurse or a doctor to look at them first. "
                "Please ask the front desk for the nurse."
            ) + " " + saved
        if hold == WITNESS_STEP:
            return self.tr("Please give the tablet to the staff member who saw you sign"), (
                self.tr("They sign as your witness, with their own name.")
            )
        if hold == SIGNED_NAME_HOLD:
            text = self.tr(
                "You typed: {typed}. We have: {registered}. Please go back and type your full "
                "name as we have it, or ask staff to accept the name you typed."
            )
            names = {key: isolated(value) for key, value in detail.items()}
            return self.tr("Is this the name we have for you?"), text.format(**names)
        return self.tr("Please talk with the nurse"), self.tr(
            "Before you decide, a nurse will talk with you about these parts. "
            "Please ask the front desk for the nurse."
        ) + " " + saved

    def _choices(self, hold: str) -> list[StaffChoice]:
        end = StaffChoice(
            END_VISIT,
            self.tr("End the visit for now"),
            self.tr("Nothing is signed. The nurse is told where the visit stopped."),
        )
        if hold == IDENTITY_HOLD:
            return [
                StaffChoice(CORRECTED, self.tr("Save the corrected details"), primary=True),
                StaffChoice(CONTINUE, self.tr("The details were right: hand the tablet back")),
                StaffChoice(END_VISIT, self.tr("End this visit")),
            ]
        if hold == SIGNED_NAME_HOLD:
            return [StaffChoice(CONTINUE, self.tr("Accept the name the patient typed"))]
        if hold == WITNESS_STEP:
            return [StaffChoice(CONTINUE, self.tr("Sign as witness"), primary=True)]
        go_on = {
            BEFORE_CONSENT: self.tr("Continue to the consent"),
            BEFORE_DECISION: self.tr(
                "Continue to the decision (a clinician decides before any injection)"
            ),
            DISCUSSION_HOLD: self.tr("We have talked: go on"),
        }[hold]
        return [StaffChoice(CONTINUE, go_on, primary=True), end]
