"""The first screen: the clinic's name, and what staff must fix before use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from intake_app.settings import Settings


class StartScreen(QWidget):
    """Shows the clinic name; a notice when the clinic or its forms need attention."""

    def __init__(
        self, settings: Settings, problems: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        clinic = settings.clinic.clinic
        self.clinic_name = self._label(clinic.name or self.tr("Clinic name not set"), "clinicName")
        self.clinic_name.setAccessibleName(self.tr("Clinic name"))
        layout.addWidget(self.clinic_name)
        message = self.tr("Welcome. Please ask the front desk to start your health questions.")
        layout.addWidget(self._label(message, "startMessage"))
        self.notices = [
            self._label(text, "setupNotice") for text in self._notices(settings, problems)
        ]
        for notice in self.notices:
            layout.addWidget(notice)
        layout.addStretch(2)

    def _notices(self, settings: Settings, problems: list[str]) -> list[str]:
        notices = list(problems)
        if not settings.clinic.is_configured:
            notices.append(
                self.tr(
                    "For staff: enter the clinic's details in {path} and restart the app."
                ).format(path=settings.clinic_file)
            )
        return notices

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label
