"""The bar above every patient screen: language, text size and contrast."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from intake_app.gui.theme import Look
from intake_app.gui.touch import WrapButton, button, label

OTHER_LANGUAGE = {"en": ("es", "Español"), "es": ("en", "English")}


class PatientBar(QFrame):
    language_requested = Signal(str)
    smaller_requested = Signal()
    larger_requested = Signal()
    contrast_requested = Signal()
    pause_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.clinic = label("", "stepLabel", self)
        row.addWidget(self.clinic)
        row.addStretch(1)
        self.language = button("", self)
        self.language.clicked.connect(self._on_language)
        self.smaller = button("A−", self)
        self.smaller.clicked.connect(self.smaller_requested)
        self.size_label = label("", "stepLabel", self)
        self.larger = button("A+", self)
        self.larger.clicked.connect(self.larger_requested)
        self.contrast = WrapButton("", self)
        self.contrast.setCheckable(True)
        self.contrast.clicked.connect(self.contrast_requested)
        self.pause = button("", self)
        self.pause.clicked.connect(self.pause_requested)
        for widget in (
            self.language,
            self.smaller,
            self.size_label,
            self.larger,
            self.contrast,
            self.pause,
        ):
            row.addWidget(widget)
        self._current = "en"

    def show_state(self, clinic_name: str, language: str, look: Look) -> None:
        """Show the current choices, in the current interface language."""
        self._current = language
        self.smaller.setAccessibleName(self.tr("Smaller text"))
        self.larger.setAccessibleName(self.tr("Larger text"))
        size = self.tr("The text is now {percent}%.").format(percent=look.percent)
        self.smaller.setAccessibleDescription(size)
        self.larger.setAccessibleDescription(size)
        self.contrast.set_caption(self.tr("High contrast"))
        self.contrast.setAccessibleDescription(self.tr("White text on black, for easier reading"))
        self.pause.setText(self.tr("Pause"))
        self.pause.setAccessibleName(self.tr("Pause and hide my answers"))
        self.pause.setAccessibleDescription(
            self.tr("Your answers are saved. You go on with your date of birth.")
        )
        self.size_label.setAccessibleName(self.tr("Text size"))
        self.clinic.setText(clinic_name)
        self.clinic.setVisible(look.scale < 1.5)  # at large text the controls need the room
        _other, name = OTHER_LANGUAGE.get(language, OTHER_LANGUAGE["en"])
        self.language.setText(name)
        self.language.setAccessibleName(name)
        self.language.setAccessibleDescription(
            self.tr("Show everything in the other language. Your answers are kept.")
        )
        self.size_label.setText(f"{look.percent}%")
        self.smaller.setEnabled(look.smaller() != look)
        self.larger.setEnabled(look.larger() != look)
        self.contrast.setChecked(look.high_contrast)

    def _on_language(self) -> None:
        self.language_requested.emit(OTHER_LANGUAGE.get(self._current, OTHER_LANGUAGE["en"])[0])
