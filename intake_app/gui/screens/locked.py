"""The locked start screen: the clinic's name, and a way in for staff only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import button, label, scrolling


class LockedScreen(QWidget):
    """What anyone sees when no patient session is running."""

    pin_entered = Signal(str)

    def __init__(self, clinic_name: str, notices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)  # scrolls when the keypad and large text need more room
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        self.clinic_name = label(
            clinic_name or self.tr("Clinic name not set"), "clinicName", self, centred=True
        )
        self.clinic_name.setAccessibleName(self.tr("Clinic name"))
        layout.addWidget(self.clinic_name)
        welcome = self.tr("Welcome. Please ask the front desk to start your health questions.")
        layout.addWidget(label(welcome, "screenTitle", self, centred=True))
        self.notices = [label(text, "setupNotice", self) for text in notices]
        for notice in self.notices:
            layout.addWidget(notice)
        self.pin_pad = folded_pin_pad(self, self.pin_entered.emit)
        layout.addWidget(self.pin_pad)
        layout.addStretch(2)
        self.staff = button(
            self.tr("Staff"),
            self,
            name=self.tr("Staff sign-in"),
            description=self.tr("For staff: enter the staff PIN."),
        )
        self.staff.clicked.connect(self.ask_pin)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.staff)
        layout.addLayout(corner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def ask_pin(self) -> None:
        self.pin_pad.open()

    def pin_rejected(self, reason: str) -> None:
        self.pin_pad.refuse(reason)

    def reset(self) -> None:
        self.pin_pad.hide()
        self.pin_pad.show_problem(None)
