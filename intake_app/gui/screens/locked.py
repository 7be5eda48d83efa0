"""The locked start screen: the clinic's name, and a way in for staff only.

Staff opening the keypad take over: the welcome for patients folds away while it
is open, so the keypad fits the tablet without scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import button, label, scrolling


class LockedScreen(QWidget):
    """What anyone sees when no patient session is running."""

    unlock_requested = Signal(str, str)  # user name, PIN

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
        self.welcome = label(welcome, "screenTitle", self, centred=True)
        layout.addWidget(self.welcome)
        self.notices = [label(text, "setupNotice", self) for text in notices]
        for notice in self.notices:
            layout.addWidget(notice)
        self.pin_pad = folded_pin_pad(self, self.unlock_requested.emit)
        self.pin_pad.cancelled.connect(self.welcome.show)
        layout.addWidget(self.pin_pad)
        layout.addStretch(2)
        self.staff = button(
            self.tr("Staff"),
            self,
            name=self.tr("Staff sign-in"),
            description=self.tr("For staff: unlock with your user name and PIN."),
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
        self.welcome.hide()  # staff take over: the keypad needs the room
        self.pin_pad.open()

    def reset(self) -> None:
        self.pin_pad.hide()
        self.welcome.show()
        self.pin_pad.show_problem(None)
