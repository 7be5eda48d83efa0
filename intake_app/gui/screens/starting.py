"""The screen of the first moment: the start screen's look while the app gets ready.

It shows the clinic's name and the welcome, nothing about any patient and nothing
to tap: the settings are still being checked and the database opened. Then the app
replaces it with the locked start screen (with its Staff button), the set-up
screen, the paused screen of an interrupted intake, or the screen that says what
is wrong with the clinic file. It imports no more than its own widgets, so it is
drawn at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from intake_app.gui.touch import label, scrolling


class StartingScreen(QWidget):
    """The clinic's name and the welcome, while the app gets ready."""

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        self.clinic_name = label(
            clinic_name or self.tr("Clinic name not set"), "clinicName", self, centred=True
        )
        layout.addWidget(self.clinic_name)
        welcome = self.tr("Welcome. Please ask the front desk to start your health questions.")
        layout.addWidget(label(welcome, "screenTitle", self, centred=True))
        layout.addStretch(2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))
