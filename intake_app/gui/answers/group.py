"""Repeating groups (medications, allergies, prior injections): one card per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget, ItemView
from intake_app.questionnaire.model import DisplayItem, GroupItem

RowFilter = Callable[[dict[str, Any]], set[str]]


class RowCard(QFrame):
    """One row: its number, a question per column, and Remove."""

    def __init__(self, group: GroupItem, number: int, language: str, parent: QWidget) -> None:
        super().__init__(parent)
        from intake_app.gui.answers.factory import answer_widget

        self.setObjectName("row")
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(f"{number}.", self)
        self.title.setObjectName("question")
        header.addWidget(self.title)
        header.addStretch(1)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setAccessibleDescription(self.tr("Take this row away."))
        header.addWidget(self.remove)
        layout.addLayout(header)
        self.views: dict[str, ItemView] = {}
        for child in group.items:
            answer = (
                None if isinstance(child, DisplayItem) else answer_widget(child, language, self)
            )
            view = ItemView(child, answer, language, self)
            self.views[child.id] = view
            layout.addWidget(view)

    def renumber(self, number: int, group_text: str) -> None:
        self.title.setText(f"{number}.")
        self.remove.setAccessibleName(
            self.tr("Remove row {number} of {group}").format(number=number, group=group_text)
        )

    def value(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for child_id, view in self.views.items():
            if view.answer is not None and not view.isHidden():
                value = view.answer.value()
                if value is not None:
                    row[child_id] = value
        return row


class GroupAnswer(AnswerWidget):
    def __init__(self, item: GroupItem, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, language, parent)
        self.group = item
        self.rows: list[RowCard] = []
        self.row_filter: RowFilter = lambda row: {child.id for child in item.items}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_box = QVBoxLayout()
        layout.addLayout(self.rows_box)
        add_text = localized(item.add_label, language) or self.tr("Add another")
        self.add = QPushButton("+ " + add_text, self)
        self.add.setAccessibleName(add_text)
        self.add.setAccessibleDescription(localized(item.text, language))
        self.add.clicked.connect(self._on_add)
        layout.addWidget(self.add, alignment=Qt.AlignmentFlag.AlignLeft)

    def _on_add(self) -> None:
        card = self._append_row()
        first = next((v.answer for v in card.views.values() if v.answer is not None), None)
        if first is not None:
            first.focus_target().setFocus()
        self.answer_changed.emit()

    def _append_row(self) -> RowCard:
        card = RowCard(self.group, len(self.rows) + 1, self.language, self)
        card.remove.clicked.connect(lambda: self._remove(card))
        for view in card.views.values():
            if view.answer is not None:
                view.answer.answer_changed.connect(self.answer_changed)
        self.rows.append(card)
        self.rows_box.addWidget(card)
        self._renumber()
        return card

    def _remove(self, card: RowCard) -> None:
        self.rows.remove(card)
        card.setParent(None)
        card.deleteLater()
        self._renumber()
        self.answer_changed.emit()

    def _renumber(self) -> None:
        group_text = localized(self.group.text, self.language)
        for number, card in enumerate(self.rows, start=1):
            card.renumber(number, group_text)
        self.add.setEnabled(len(self.rows) < self.group.max_rows)

    def value(self) -> Any:
        rows = [card.value() for card in self.rows]
        return rows or None

    def set_value(self, value: Any) -> None:
        rows = value or []
        while len(self.rows) > len(rows):
            card = self.rows.pop()
            card.setParent(None)
            card.deleteLater()
        while len(self.rows) < len(rows):
            self._append_row()
        for card, row in zip(self.rows, rows, strict=True):
            for child_id, view in card.views.items():
                if view.answer is not None:
                    view.answer.set_value(row.get(child_id))
        self._renumber()
        self.refresh_rows(rows)

    def flush(self) -> None:
        for card in self.rows:
            for view in card.views.values():
                if view.answer is not None:
                    view.answer.flush()

    def refresh_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show in each row only the questions its answers call for."""
        for card, row in zip(self.rows, rows, strict=False):
            shown = self.row_filter(row)
            for child_id, view in card.views.items():
                view.setVisible(child_id in shown)

    def show_row_problem(self, row: int, child_id: str, message: str | None) -> None:
        if 1 <= row <= len(self.rows) and child_id in self.rows[row - 1].views:
            self.rows[row - 1].views[child_id].show_problem(message)

    def clear_row_problems(self) -> None:
        for card in self.rows:
            for view in card.views.values():
                view.clear()

    def focus_target(self) -> QWidget:
        return self.add

    def note(self) -> str | None:
        notes = (v.answer.note() for card in self.rows for v in card.views.values() if v.answer)
        return next((n for n in notes if n), None)

    def controls(self) -> list[QWidget]:
        return [self.add]
