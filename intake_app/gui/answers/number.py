"""A number typed on the tablet's keypad, with its unit beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget, UnreadableAnswer
from intake_app.questionnaire.answers import message
from intake_app.questionnaire.model import NumberItem


class NumberAnswer(AnswerWidget):
    def __init__(self, item: NumberItem, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, language, parent)
        self.number_item = item
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit(self)
        self.field.setMaxLength(12)
        self.field.setMaximumWidth(260)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.field.editingFinished.connect(self.answer_changed)
        layout.addWidget(self.field)
        unit = localized(item.unit_text, language) or (item.unit or "")
        self.unit = QLabel(unit, self)
        self.unit.setObjectName("hint")
        layout.addWidget(self.unit)
        layout.addStretch(1)

    def value(self) -> Any:
        text = self.field.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError as exc:
            raise UnreadableAnswer(message("number", self.language)) from exc
        if number.is_integer() and (self.number_item.integer or "." not in text):
            return int(number)
        return number

    def set_value(self, value: Any) -> None:
        text = (
            "" if value is None else (str(int(value)) if float(value).is_integer() else str(value))
        )
        if self.field.text().strip() != text:
            self.field.setText(text)

    def messages(self) -> list[str]:
        return [message("number", self.language)]

    def focus_target(self) -> QWidget:
        return self.field

    def controls(self) -> list[QWidget]:
        return [self.field]

    def describe(self, name: str, description: str) -> None:
        unit = self.unit.text()
        super().describe(f"{name} ({unit})" if unit else name, description)
