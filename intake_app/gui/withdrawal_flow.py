"""A patient changes their mind after signing: the withdrawal, read and signed on the tablet.

Staff start it from the patient's row on the staff screen. The patient reads
the withdrawal text in the language they signed in, taps "I understand" at its
end, and signs with a name that shares a word with the registered one (as for
the consent: the tablet may have been handed to the wrong person); a new record
points to the agreement it withdraws (the signed agreement itself never
changes), and a sealed withdrawal document is filed. Nothing is stored until
the patient signs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.consent.document import ShownWithdrawal, show_withdrawal
from intake_app.consent.signing import shares_a_name
from intake_app.gui.screens.consent import ConsentSectionScreen
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.gui.signing_flow import drawn_signature, signing_time
from intake_app.services.actor import Actor
from intake_app.services.clock import utc_now
from intake_app.services.withdrawal import (
    Agreement,
    agreement_to_withdraw,
    withdraw,
)

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController


class WithdrawalFlow(QObject):
    """Shows the withdrawal text, then the signature, for one signed agreement."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.original: Agreement | None = None
        self.shown: ShownWithdrawal | None = None

    def start(self, record_id: str) -> bool:
        """Hand the tablet over for withdrawing this agreement; False if it cannot be."""
        services, staff = self.controller.services, self.controller.staff
        document = self.controller.consent.document()
        if staff is None or document is None:
            return False
        original = agreement_to_withdraw(services.database, record_id, by=staff)
        if original is None:
            return False
        self.original = original
        self.controller.set_language(original.language, rebuild=False)
        self.show_text()
        self.controller.idle.start()  # left alone, the tablet locks; nothing is stored yet
        return True

    def show_text(self) -> None:
        assert self.original is not None
        document = self.controller.consent.document()
        assert document is not None
        clinic = self.controller.services.settings.clinic
        self.shown = show_withdrawal(document, self.controller.language, clinic)
        screen = ConsentSectionScreen(
            self.shown.as_section(),
            1,
            1,
            can_read_aloud=self.controller.reader.available(self.shown.language),
            question_asked=False,
            can_ask=False,
        )
        screen.understood.connect(self.show_signature)
        screen.read_aloud_requested.connect(self._read_aloud)
        self.controller.show_patient_screen(screen, self.show_text)

    def _read_aloud(self) -> None:
        assert self.shown is not None
        text = "\n".join((self.shown.title, *self.shown.paragraphs))
        self.controller.reader.say(text, self.shown.language)

    def show_signature(self) -> None:
        assert self.shown is not None
        screen = SignatureScreen(
            self.shown.title, self.shown.meaning, self._when, agreement=self.shown.electronic
        )
        screen.signed.connect(lambda name: self._signed(name, screen))
        screen.back_requested.connect(self.show_text)
        self.controller.show_patient_screen(screen, self.show_signature)

    def _when(self) -> str:
        return signing_time(utc_now(), self.controller.language)

    def _signed(self, name: str, screen: SignatureScreen) -> None:
        assert self.original is not None and self.shown is not None
        original = self.original
        if not shares_a_name(name, original.given_names, original.family_name):
            screen.say_not_your_name()  # only the patient withdraws their own consent
            return
        signature = drawn_signature(name, screen, utc_now())
        services, shown = self.controller.services, self.shown
        stored: list[str] = []  # the withdrawal's record, once stored

        def save() -> None:
            stored.append(
                withdraw(services.database, original, shown, signature, device=services.device_id)
            )

        def then() -> None:
            self.original = None
            patient = Actor.patient(original.intake_id, services.device_id)
            self.controller.withdrawal_signed(stored[0], patient)

        self.controller.saving.store(save, then)  # kept on screen until the database takes it
