"""The review page: every answer by section, each with Edit; the patient confirms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.text_wrap import breakable
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
    """Every answer by section, each line with Edit; the missing ones first.

    Kept for the patient's session and language (it may be built while the patient
    reads the last page of questions): ``show_answers`` brings it in line with the
    answers when it is shown: a line whose answer changed is set again, a section whose
    questions changed is made again.
    """

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
        content = QWidget(self)
        # In its scrolling area before the lines are added: moving a filled page there
        # would style every line again.
        self.area = scrolling(content, self)
        self._content = content
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(32, 16, 32, 16)
        self._layout.setSpacing(14)
        self._layout.addWidget(label(self.tr("Please check your answers"), "screenTitle", content))
        intro = self.tr("Tap Edit to change an answer. Then confirm at the bottom of the page.")
        self._layout.addWidget(label(intro, "help", content))
        self.confirm = WrapButton(
            self.tr("I confirm that my answers are correct and complete."), content
        )
        self.confirm.setCheckable(True)
        self.confirm.setAccessibleDescription(self.tr("Tap to confirm, then tap Continue."))
        self._layout.addWidget(self.confirm)
        self._layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area, 1)
        outer.addWidget(self._bottom_bar())
        self.confirm.toggled.connect(self.go_on.setEnabled)
        self._missing: _MissingBox | None = None
        self._sections: list[_SectionBox] = []
        self.show_answers(sections, missing)

    def show_answers(self, sections: list[ReviewSection], missing: list[MissingLine]) -> None:
        """The review as it would be made now, unconfirmed, at its top: only what shows
        something else is set again."""
        self._show_missing(missing)
        for at, section in enumerate(sections[: len(self._sections)]):
            box = self._sections[at]
            if box.asks_as(section):
                box.show_answers(section, self._your_answer)
            else:
                self._sections[at] = self._section_box(section, replacing=box)
        for box in self._sections[len(sections) :]:
            self._remove(box)
        del self._sections[len(sections) :]
        for section in sections[len(self._sections) :]:
            self._sections.append(self._section_box(section))
        self.confirm.setChecked(False)
        self.confirm.setEnabled(not missing)
        self.area.verticalScrollBar().setValue(0)

    def lay_out_as(self, shown: QWidget, width: int) -> None:
        """Lay the review out as it will be shown: in the place of ``shown`` (the screen
        on view), its lines ``width`` wide (a page's scrolling area's), so that showing
        it has little left to do but paint."""
        self.setGeometry(shown.geometry())
        height = max(shown.height(), self._content.heightForWidth(width))
        self._content.resize(width, height)
        for layout in (self.layout(), self._content.layout()):
            if layout is not None:
                layout.activate()

    @property
    def edits(self) -> dict[str, QPushButton]:
        """Item id -> its Answer button (among the missing ones), else its Edit button."""
        found: dict[str, QPushButton] = {}
        for box in [self._missing, *self._sections]:
            for item_id, edit in box.edits.items() if box is not None else ():
                found.setdefault(item_id, edit)
        return found

    def _show_missing(self, missing: list[MissingLine]) -> None:
        if self._missing is not None and self._missing.lines == missing:
            return
        box = self._missing_box(missing) if missing else None
        if box is not None:
            self._layout.insertWidget(2, box)  # after the title and the introduction
        if self._missing is not None:
            self._remove(self._missing)
        self._missing = box

    def _missing_box(self, missing: list[MissingLine]) -> _MissingBox:
        box = _MissingBox(missing, self._content)
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
            self._edits(box, go, entry.page_id, entry.item_id)
            row.addWidget(go)
            layout.addLayout(row)
        return box

    def _section_box(self, section: ReviewSection, replacing: QWidget | None = None) -> _SectionBox:
        """The section's lines, in place of ``replacing`` (or after the others)."""
        box = _SectionBox(section, self._content)
        at = self._layout.indexOf(replacing or self.confirm)
        self._layout.insertWidget(at, box)
        if replacing is not None:
            self._remove(replacing)
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.addWidget(label(section.title, "question", box), 0, 0, 1, 3)
        for row, line in enumerate(section.lines, start=1):
            grid.addWidget(label(line.question, "help", box), row, 0)
            answer = label(line.answer, "answer", box)
            grid.addWidget(answer, row, 1)
            edit = button(
                self.tr("Edit"),
                box,
                name=self.tr("Edit: {question}").format(question=line.question),
                description=self._your_answer(line),
            )
            self._edits(box, edit, line.page_id, line.item_id)
            grid.addWidget(edit, row, 2)
            box.lines.append((answer, edit))
        return box

    def _your_answer(self, line: ReviewLine) -> str:
        return self.tr("Your answer: {answer}").format(answer=line.answer)

    def _edits(
        self, box: _MissingBox | _SectionBox, edit: QPushButton, page: str, item: str
    ) -> None:
        edit.clicked.connect(lambda: self.edit_requested.emit(page, item))
        box.edits.setdefault(item, edit)

    def _remove(self, box: QWidget) -> None:
        self._layout.removeWidget(box)
        box.hide()
        box.deleteLater()

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


class _MissingBox(QFrame):
    """The questions that still need an answer, each with Answer."""

    def __init__(self, lines: list[MissingLine], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("item")
        self.setProperty("problem", True)
        self.lines = lines
        self.edits: dict[str, QPushButton] = {}


class _SectionBox(QFrame):
    """One section's lines: the answer and the Edit button of each."""

    def __init__(self, section: ReviewSection, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("item")
        self.section = section
        self.edits: dict[str, QPushButton] = {}
        self.lines: list[tuple[QLabel, QPushButton]] = []

    def asks_as(self, section: ReviewSection) -> bool:
        """Whether ``section`` has the same title and questions, line for line."""
        return _questions(section) == _questions(self.section)

    def show_answers(self, section: ReviewSection, described: Callable[[ReviewLine], str]) -> None:
        """Set again each answer that changed (the questions are the same)."""
        for (answer, edit), shown, line in zip(
            self.lines, self.section.lines, section.lines, strict=True
        ):
            if line.answer != shown.answer:
                answer.setText(breakable(line.answer))
                edit.setAccessibleDescription(described(line))
        self.section = section


def _questions(section: ReviewSection) -> tuple[str, list[tuple[str, str, str]]]:
    return section.title, [(line.question, line.page_id, line.item_id) for line in section.lines]
