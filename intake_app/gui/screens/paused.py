"""The paused screen: no answers on it; the patient confirms their birth date to go on.

Staff opening the keypad take over: the birth date (or the lock-out message in
its place) folds away while the keypad is open, so both fit the tablet without
scrolling.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from intake_app.gui.answers.base import UnreadableAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import Message, button, label, scrolling
from intake_app.questionnaire.model import DateItem


class PausedScreen(QWidget):
    """Shown after the idle lock and after a restart in the middle of an intake."""

    birth_date_entered = Signal(object)  # datetime.date
    unlock_requested = Signal(str, str)  # staff: user name, PIN

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)  # scrolls when the keypad and large text need more room
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 16, 48, 16)  # room for the keypad at 800 px
        layout.addStretch(1)
        layout.addWidget(
            label(self.tr("Your answers are saved."), "clinicName", self, centred=True)
        )
        # The date entry, or in its place (same size: nothing else moves) the lock-out message.
        self.entry = QStackedWidget(content)
        self.entry.addWidget(self._birth_date_part(language, content))
        self.locked_out = label(
            self.tr("For your safety, only staff can unlock this now. Please ask the front desk."),
            "lead",
            self,
            centred=True,
        )
        self.entry.addWidget(self.locked_out)
        layout.addWidget(self.entry)
        self.pin_pad = folded_pin_pad(self, self.unlock_requested.emit)
        self.pin_pad.cancelled.connect(self.entry.show)
        layout.addWidget(self.pin_pad)
        layout.addStretch(2)
        self.staff = button(
            self.tr("Staff"),
            self,
            name=self.tr("Staff sign-in"),
            description=self.tr("For staff: unlock with your user name and PIN."),
        )
        self.staff.clicked.connect(self._open_pin_pad)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.staff)
        layout.addLayout(corner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def _birth_date_part(self, language: str, parent: QWidget) -> QWidget:
        self.patient_part = QWidget(parent)
        layout = QVBoxLayout(self.patient_part)
        layout.setContentsMargins(0, 0, 0, 0)
        text = self.tr("To go on, please enter your date of birth.")
        layout.addWidget(label(text, "lead", self.patient_part, centred=True))
        item = DateItem(id="confirm_birth_date", type="date", text={"en": "Date of birth"})
        self.birth_date = DateAnswer(item, language, self.patient_part)
        self.birth_date.describe(self.tr("Your date of birth"), self.tr("Required"))
        self.birth_date.answer_changed.connect(lambda: self.show_problem(None))  # out of date
        layout.addWidget(self.birth_date)
        self.go_on = button(
            self.tr("Continue"),
            self.patient_part,
            primary=True,
            description=self.tr("Go on where you were, after your date of birth is checked."),
        )
        self.go_on.clicked.connect(self._on_continue)
        layout.addWidget(self.go_on)
        # Under Continue, in room kept for the longest problem: Continue stays in view
        # at large text, and nothing moves when a problem shows.
        self.problem = Message("problem", self.patient_part, lines=0)
        self.problem.reserve(*self._problems())
        layout.addWidget(self.problem)
        return self.patient_part

    def _problems(self) -> list[str]:
        return [self._no_date(), self._no_match(), self._went_wrong(), self._connection_lost()]

    def _no_date(self) -> str:
        return self.tr("Please choose your date of birth.")

    def _no_match(self) -> str:
        return self.tr("That date does not match. Please try again, or ask the front desk.")

    def _went_wrong(self) -> str:
        return self.tr(
            "Something went wrong on the tablet. Your answers are saved. "
            "Enter your date of birth to go on, or ask the front desk."
        )

    def _connection_lost(self) -> str:
        return self.tr(
            "The tablet lost its connection to the clinic's computer. Your answers so far "
            "are saved; the last step was not. When the connection is back, enter your "
            "date of birth to go on, or ask the front desk."
        )

    def _open_pin_pad(self) -> None:
        self.entry.hide()  # staff take over: the keypad needs the room
        self.pin_pad.open()

    def lock_out(self) -> None:
        """Too many wrong dates of birth: only staff, with their own PIN, go on from here."""
        self.entry.setCurrentWidget(self.locked_out)

    def _on_continue(self) -> None:
        try:
            text = self.birth_date.value()
            day = dt.date.fromisoformat(text) if text else None
        except (UnreadableAnswer, ValueError):
            day = None
        if day is None:
            self.show_problem(self._no_date())
            return
        self.birth_date_entered.emit(day)

    def date_did_not_match(self) -> None:
        self.show_problem(self._no_match())

    def went_wrong(self, *, connection_lost: bool = False) -> None:
        """After an unexpected error: the answers are saved; the birth date goes on."""
        self.show_problem(self._connection_lost() if connection_lost else self._went_wrong())

    def show_problem(self, message: str | None) -> None:
        self.problem.say(message)
