"""The bar above every patient screen: language, text size and contrast.

A finger that taps A+ taps again where A+ was: every control has a slot of one
width at every text size (sized for the bar's largest text), so nothing in the
bar moves when the text grows or shrinks. The clinic's name takes the room
left, shortened with "…" when it does not fit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from intake_app.gui.theme import BAR_LARGEST_SCALE, TEXT_SCALES, Look, bar_points
from intake_app.gui.touch import button, button_width, label

OTHER_LANGUAGE = {"en": ("es", "Español"), "es": ("en", "English")}
LARGEST_SIZE = f"{round(max(TEXT_SCALES) * 100)}%"  # the widest text size shown


class ClinicName(QLabel):
    """One line, shortened with "…" to the room it gets; the whole name for a screen reader."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stepLabel")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full = ""

    def set_name(self, name: str) -> None:
        self.full = name
        self.setAccessibleName(name)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, room)
        if shown != self.text():
            self.setText(shown)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())


class PatientBar(QFrame):
    language_requested = Signal(str)
    smaller_requested = Signal()
    larger_requested = Signal()
    contrast_requested = Signal()
    pause_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.clinic = ClinicName(self)
        row.addWidget(self.clinic, 1)
        self.language = button("", self)
        self.language.clicked.connect(self._on_language)
        self.smaller = button("A−", self)
        self.smaller.clicked.connect(self.smaller_requested)
        self.size_label = label("", "stepLabel", self, centred=True)
        self.size_label.setWordWrap(False)
        self.larger = button("A+", self)
        self.larger.clicked.connect(self.larger_requested)
        self.contrast = button("", self)
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
        self.contrast.setText(self.tr("High contrast"))
        self.contrast.setAccessibleName(self.tr("High contrast"))
        self.contrast.setAccessibleDescription(self.tr("White text on black, for easier reading"))
        self.pause.setText(self.tr("Pause"))
        self.pause.setAccessibleName(self.tr("Pause and hide my answers"))
        self.pause.setAccessibleDescription(
            self.tr("Your answers are saved. You go on with your date of birth.")
        )
        self.size_label.setAccessibleName(self.tr("Text size"))
        self.clinic.set_name(clinic_name)
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
        self._fix_slots()

    def _fix_slots(self) -> None:
        """Each control as wide as its text needs at the bar's largest text size."""
        font = QFont(self.font())
        font.setPointSize(bar_points(BAR_LARGEST_SCALE))
        metrics = QFontMetrics(font)
        languages = [name for _code, name in OTHER_LANGUAGE.values()]
        for control, texts in (
            (self.language, languages),
            (self.smaller, [self.smaller.text()]),
            (self.larger, [self.larger.text()]),
            (self.contrast, [self.contrast.text()]),
            (self.pause, [self.pause.text()]),
        ):
            control.setFixedWidth(button_width(control, metrics, texts))
        self.size_label.setFixedWidth(metrics.horizontalAdvance(LARGEST_SIZE) + 8)

    def _on_language(self) -> None:
        self.language_requested.emit(OTHER_LANGUAGE.get(self._current, OTHER_LANGUAGE["en"])[0])
