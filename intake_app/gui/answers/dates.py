"""Dates as month, day and year pickers: no tiny calendar, no format to guess."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from intake_app.gui.answers.base import AnswerWidget, UnreadableAnswer
from intake_app.gui.touch import choice_list
from intake_app.questionnaire.display import month_name
from intake_app.questionnaire.model import DateItem

EARLIEST_YEAR = 1900
INCOMPLETE = {
    "en": "Please choose the month, day and year.",
    "es": "Elija el día, el mes y el año.",
}
INCOMPLETE_MONTH = {"en": "Please choose the month and year.", "es": "Elija el mes y el año."}


class DateAnswer(AnswerWidget):
    def __init__(
        self,
        item: DateItem,
        language: str,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(item, language, parent)
        self.date_item = item
        this_year = today().year
        last_year = this_year + (2 if item.allow_future else 0)
        self.month = self._combo(self.tr("Month"), [month_name(m, language) for m in range(1, 13)])
        self.day = self._combo(self.tr("Day"), [str(d) for d in range(1, 32)])
        self.year = self._combo(
            self.tr("Year"), [str(y) for y in range(last_year, EARLIEST_YEAR - 1, -1)]
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        order = (
            [self.day, self.month, self.year]
            if language == "es"
            else [self.month, self.day, self.year]
        )
        for combo in order:
            if combo is self.day and item.precision == "month":
                combo.hide()
                continue
            layout.addWidget(combo)
        layout.addStretch(1)

    def _combo(self, placeholder: str, entries: list[str]) -> QComboBox:
        combo = choice_list(self)
        combo.addItem(placeholder, None)
        for entry in entries:
            combo.addItem(entry, entry)
        combo.setAccessibleName(placeholder)
        combo.setMinimumContentsLength(max(len(placeholder), 6))
        combo.activated.connect(lambda _index: self.answer_changed.emit())
        return combo

    def value(self) -> Any:
        parts = [self.year.currentIndex(), self.month.currentIndex()]
        if self.date_item.precision == "day":
            parts.append(self.day.currentIndex())
        if not any(parts):
            return None
        if not all(parts):
            table = INCOMPLETE_MONTH if self.date_item.precision == "month" else INCOMPLETE
            raise UnreadableAnswer(table.get(self.language, table["en"]))
        text = f"{self.year.currentData()}-{self.month.currentIndex():02d}"
        if self.date_item.precision == "day":
            text += f"-{self.day.currentIndex():02d}"
        return text

    def set_value(self, value: Any) -> None:
        if not value:
            for combo in (self.year, self.month, self.day):
                combo.setCurrentIndex(0)
            return
        text = str(value)
        self.year.setCurrentIndex(max(0, self.year.findData(text[:4])))
        self.month.setCurrentIndex(int(text[5:7]))
        self.day.setCurrentIndex(int(text[8:10]) if len(text) >= 10 else 0)

    def messages(self) -> list[str]:
        table = INCOMPLETE_MONTH if self.date_item.precision == "month" else INCOMPLETE
        return [table.get(self.language, table["en"])]

    def focus_target(self) -> QWidget:
        return (
            self.day if self.language == "es" and self.date_item.precision == "day" else self.month
        )

    def controls(self) -> list[QWidget]:
        return [c for c in (self.month, self.day, self.year) if not c.isHidden()]

    def describe(self, name: str, description: str) -> None:
        for combo, part in (
            (self.month, self.tr("month")),
            (self.day, self.tr("day")),
            (self.year, self.tr("year")),
        ):
            combo.setAccessibleName(f"{name}: {part}")
            combo.setAccessibleDescription(description)
