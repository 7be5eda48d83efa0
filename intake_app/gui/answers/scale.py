"""The 0-10 pain scale: numbered buttons shaded from green to red, labelled at both ends."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget
from intake_app.gui.touch import TOUCH_HEIGHT, label
from intake_app.questionnaire.model import ScaleItem

CALM = QColor("#2e9d57")
MIDDLE = QColor("#f2c230")
SEVERE = QColor("#c62828")


def scale_colour(point: int, low: int, high: int) -> QColor:
    """Green at the low end, yellow in the middle, red at the top."""
    share = (point - low) / max(1, high - low)
    start, end = (CALM, MIDDLE) if share <= 0.5 else (MIDDLE, SEVERE)
    t = share * 2 if share <= 0.5 else (share - 0.5) * 2
    return QColor(
        round(start.red() + (end.red() - start.red()) * t),
        round(start.green() + (end.green() - start.green()) * t),
        round(start.blue() + (end.blue() - start.blue()) * t),
    )


class ScaleButton(QPushButton):
    """A number with its colour as a band along the bottom.

    The band is painted over the themed button, so the theme's focus ring and
    chosen look (in normal and high contrast) stay as on every other button.
    """

    BAND = 8

    def __init__(self, point: int, colour: QColor, parent: QWidget) -> None:
        super().__init__(str(point), parent)
        self.colour = colour
        self.setCheckable(True)
        self.setMinimumWidth(TOUCH_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        inset = 6
        band = QRect(inset, self.height() - inset - self.BAND, self.width() - 2 * inset, self.BAND)
        painter.fillRect(band, self.colour)
        painter.end()


class ScaleAnswer(AnswerWidget):
    def __init__(self, item: ScaleItem, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, language, parent)
        self.scale_item = item
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, ScaleButton] = {}
        low_label = localized(item.min_label, language)
        high_label = localized(item.max_label, language)
        for column, point in enumerate(range(item.min, item.max + 1)):
            button = ScaleButton(point, scale_colour(point, item.min, item.max), self)
            spoken = {item.min: low_label, item.max: high_label}.get(point, "")
            button.setAccessibleName(f"{point}" + (f" ({spoken})" if spoken else ""))
            button.clicked.connect(self.answer_changed)
            self.group.addButton(button, point)
            self.buttons[point] = button
            layout.addWidget(button, 0, column)
        ends = QHBoxLayout()
        low = label(f"{item.min} = {low_label}" if low_label else "", "help", self)
        high = label(f"{item.max} = {high_label}" if high_label else "", "help", self)
        high.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(low, 1)
        ends.addWidget(high, 1)
        layout.addLayout(ends, 1, 0, 1, len(self.buttons))

    def value(self) -> Any:
        point = self.group.checkedId()
        return None if point == -1 else point

    def set_value(self, value: Any) -> None:
        if value is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        elif value in self.buttons:
            self.buttons[value].setChecked(True)

    def focus_target(self) -> QWidget:
        return self.buttons[self.scale_item.min]

    def controls(self) -> list[QWidget]:
        return list(self.buttons.values())
