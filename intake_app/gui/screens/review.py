"""The review page: every answer by section, each with Edit; the patient confirms."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.touch import WrapButton, bottom_bar, button, label, put_in_view, scrolling


@dataclass(frozen=True)
class ReviewLine:
    question: str
    answer: str
    page_id: str
    item_id: str


@dataclass(frozen=True)
class ReviewSection:
    title: str
    lines: list[ReviewLine]


@dataclass(frozen=True)
class MissingLine:
    question: str
    problem: str
    page_id: str
    item_id: str


class ReviewScreen(QWidget):
    edit_requested = Signal(str, str)  # page id, item id
    back_requested = Signal()
    confirmed = Signal()

    def __init__(
        self,
        sections: list[ReviewSection],
        missing: list[MissingLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.edits: dict[str, QPushButton] = {}  # item id -> its Edit (or Answer) button
        content = QWidget(self)
        # In its scrolling area before the lines are added: moving a filled page there
        # would style every line again.
        self.area = scrolling(content, self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(14)
        layout.addWidget(label(self.tr("Please check your answers"), "screenTitle", content))
        intro = self.tr("Tap Edit to change an answer. Then confirm at the bottom of the page.")
        layout.addWidget(label(intro, "help", content))
        if missing:
            layout.addWidget(self._missing_box(missing, content))
        for section in sections:
            layout.addWidget(self._section_box(section, content))
        self.confirm = WrapButton(
            self.tr("I confirm that my answers are correct and complete."), content
        )
        self.confirm.setCheckable(True)
        self.confirm.setAccessibleDescription(self.tr("Tap to confirm, then tap Continue."))
        self.confirm.setEnabled(not missing)
        layout.addWidget(self.confirm)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area, 1)
        outer.addWidget(self._bottom_bar())
        self.confirm.toggled.connect(self.go_on.setEnabled)

    def _missing_box(self, missing: list[MissingLine], parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("item")
        box.setProperty("problem", True)
        layout = QVBoxLayout(box)
        layout.addWidget(label(self.tr("Some questions still need an answer:"), "problem", box))
        for entry in missing:
            row = QHBoxLayout()
            row.addWidget(label(f"{entry.question} — {entry.problem}", "help", box), 1)
            go = button(
                self.tr("Answer"),
                box,
                name=self.tr("Answer: {question}").format(question=entry.question),
                description=entry.problem,
            )
            self._edits(go, entry.page_id, entry.item_id)
            row.addWidget(go)
            layout.addLayout(row)
        return box

    def _section_box(self, section: ReviewSection, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("item")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.addWidget(label(section.title, "question", box), 0, 0, 1, 3)
        for row, line in enumerate(section.lines, start=1):
            grid.addWidget(label(line.question, "help", box), row, 0)
            grid.addWidget(label(line.answer, "answer", box), row, 1)
            edit = button(
                self.tr("Edit"),
                box,
                name=self.tr("Edit: {question}").format(question=line.question),
                description=self.tr("Your answer: {answer}").format(answer=line.answer),
            )
            self._edits(edit, line.page_id, line.item_id)
            grid.addWidget(edit, row, 2)
        return box

    def _edits(self, edit: QPushButton, page_id: str, item_id: str) -> None:
        edit.clicked.connect(lambda: self.edit_requested.emit(page_id, item_id))
        self.edits.setdefault(item_id, edit)

    def line_offset(self, item_id: str) -> int | None:
        """How far below the top of the visible page the line's Edit button is."""
        edit = self.edits.get(item_id)
        if edit is None:
            return None
        return edit.mapTo(self.area.viewport(), QPoint(0, 0)).y()

    def show_line(self, item_id: str, offset: int) -> None:
        """Scroll so the line's Edit button is ``offset`` below the top again, where the
        patient left it (or as near as the page allows)."""
        edit = self.edits.get(item_id)
        if edit is not None:
            put_in_view(self.area, edit, offset)
            self.area.ensureWidgetVisible(edit, 0, 0)

    def _bottom_bar(self) -> QFrame:
        back = button(
            self.tr("Back"), self, description=self.tr("Go to the last page of questions.")
        )
        back.clicked.connect(self.back_requested)
        self.go_on = button(
            self.tr("Continue"),
            self,
            primary=True,
            description=self.tr("Go on to the consent. Your answers can no longer be changed."),
        )
        self.go_on.setEnabled(False)
        self.go_on.clicked.connect(self.confirmed)
        return bottom_bar(self, [back], [self.go_on])
