"""The paused screen: no answers on it; the patient confirms their birth date to go on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from intake_app.gui.answers.base import UnreadableAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import button, label, scrolling
from intake_app.questionnaire.model import DateItem


class PausedScreen(QWidget):
    """Shown after the idle lock and after a restart in the middle of an intake."""

    birth_date_entered = Signal(object)  # datetime.date
    staff_pin_entered = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)  # scrolls when the keypad and large text need more room
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        layout.addWidget(
            label(self.tr("Your answers are saved."), "clinicName", self, centred=True)
        )
        # The date entry, or in its place (same size: nothing else moves) the lock-out message.
        self.entry = QStackedWidget(content)
        self.entry.addWidget(self._birth_date_entry(language))
        self.locked_out = label(
            self.tr("For your safety, only staff can unlock this now. Please ask the front desk."),
            "lead",
            self,
            centred=True,
        )
        self.entry.addWidget(self.locked_out)
        layout.addWidget(self.entry)
        self.pin_pad = folded_pin_pad(self, self.staff_pin_entered.emit)
        layout.addWidget(self.pin_pad)
        layout.addStretch(2)
        self.staff = button(
            self.tr("Staff"),
            self,
            name=self.tr("Staff sign-in"),
            description=self.tr("For staff: enter the staff PIN."),
        )
        self.staff.clicked.connect(self.pin_pad.open)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.staff)
        layout.addLayout(corner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def _birth_date_entry(self, language: str) -> QWidget:
        entry = QWidget(self)
        layout = QVBoxLayout(entry)
        layout.setContentsMargins(0, 0, 0, 0)
        text = self.tr("To go on, please enter your date of birth.")
        layout.addWidget(label(text, "lead", self, centred=True))
        item = DateItem(id="confirm_birth_date", type="date", text={"en": "Date of birth"})
        self.birth_date = DateAnswer(item, language, self)
        self.birth_date.describe(self.tr("Your date of birth"), self.tr("Required"))
        layout.addWidget(self.birth_date)
        self.problem = label("", "problem", self)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.go_on = button(
            self.tr("Continue"),
            self,
            primary=True,
            description=self.tr("Go on where you were, after your date of birth is checked."),
        )
        self.go_on.clicked.connect(self._on_continue)
        layout.addWidget(self.go_on)
        return entry

    def lock_out(self) -> None:
        """Too many wrong dates of birth: only the staff PIN goes on from here."""
        self.entry.setCurrentWidget(self.locked_out)

    def _on_continue(self) -> None:
        try:
            text = self.birth_date.value()
            day = dt.date.fromisoformat(text) if text else None
        except (UnreadableAnswer, ValueError):
            day = None
        if day is None:
            self.show_problem(self.tr("Please choose your date of birth."))
            return
        self.birth_date_entered.emit(day)

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def pin_rejected(self, message: str) -> None:
        self.pin_pad.show_problem(message)
