"""The questionnaire wizard: one page of questions at a time, Back and Next.

The screen shows the session's answers and reports each change; the
controller stores it. Problems are shown next to the question, in plain words,
and focus moves to the first one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QProgressBar, QVBoxLayout, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget, ItemView
from intake_app.gui.answers.factory import answer_widget
from intake_app.gui.answers.group import GroupAnswer, RowFilter
from intake_app.gui.touch import bottom_bar, button, label, scrolling
from intake_app.kiosk.pages import Page
from intake_app.questionnaire.completeness import MissingAnswer
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import GroupItem
from intake_app.questionnaire.visibility import IntakeView, visible_row_children


class QuestionPage(QWidget):
    """The questions of one page."""

    answer_given = Signal(str)  # item id

    def __init__(self, page: Page, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(16)
        title = localized(page.section.title, language)
        self.title = label(title, "screenTitle", self)
        layout.addWidget(self.title)
        self.views: dict[str, ItemView] = {}
        for item in page.items:
            answer = answer_widget(item, language, self)
            view = ItemView(item, answer, language, self)
            if answer is not None:
                answer.answer_changed.connect(
                    lambda item_id=item.id: self.answer_given.emit(item_id)
                )
            self.views[item.id] = view
            layout.addWidget(view)
        layout.addStretch(1)

    def answer(self, item_id: str) -> AnswerWidget | None:
        return self.views[item_id].answer

    def load(self, view: IntakeView, questionnaire: Questionnaire) -> None:
        """Show the stored answers and which questions are shown."""
        for item_id, item_view in self.views.items():
            if item_view.answer is not None:
                item_view.answer.set_value(view.answers.get(item_id))
        self.refresh(view, questionnaire)

    def refresh(self, view: IntakeView, questionnaire: Questionnaire) -> None:
        """Show and hide questions after an answer changed; clear hidden ones."""
        for item_id, item_view in self.views.items():
            shown = item_id in view.visible_items
            item_view.setVisible(shown)
            answer = item_view.answer
            if not shown and answer is not None and item_id not in view.answers:
                answer.set_value(None)
                item_view.show_problem(None)
            if isinstance(answer, GroupAnswer) and isinstance(item_view.item, GroupItem):
                answer.row_filter = _row_filter(questionnaire, view, item_view.item)
                answer.refresh_rows(view.answers.get(item_id) or [])

    def flush(self) -> None:
        """Hand over text still being typed."""
        for item_view in self.views.values():
            if item_view.answer is not None:
                item_view.answer.flush()

    def read(self, item_id: str) -> Any:
        """The widget's answer; raises UnreadableAnswer."""
        answer = self.views[item_id].answer
        return None if answer is None else answer.value()

    def shown_answerable(self) -> list[str]:
        return [i for i, v in self.views.items() if v.answer is not None and not v.isHidden()]

    def show_problems(
        self, problems: dict[str, str], missing: list[MissingAnswer]
    ) -> QWidget | None:
        """Show every problem; return the control to focus (the first problem's)."""
        first: QWidget | None = None
        for item_id, item_view in self.views.items():
            item_view.show_problem(problems.get(item_id))
            answer = item_view.answer
            if isinstance(answer, GroupAnswer):
                answer.clear_row_problems()
                for entry in (m for m in missing if m.item_id == item_id and m.child_id):
                    answer.show_row_problem(entry.row or 0, entry.child_id or "", entry.problem)
            if first is None and item_id in problems and answer is not None:
                first = self._first_control(answer, item_id, missing)
        return first

    @staticmethod
    def _first_control(answer: AnswerWidget, item_id: str, missing: list[MissingAnswer]) -> QWidget:
        if isinstance(answer, GroupAnswer):
            entry = next((m for m in missing if m.item_id == item_id and m.child_id), None)
            if entry and entry.row and entry.row <= len(answer.rows):
                child = answer.rows[entry.row - 1].views[entry.child_id or ""].answer
                if child is not None:
                    return child.focus_target()
        return answer.focus_target()


def _row_filter(questionnaire: Questionnaire, view: IntakeView, group: GroupItem) -> RowFilter:
    def shown(row: dict[str, Any]) -> set[str]:
        return {c.id for c in visible_row_children(questionnaire, view, group, row)}

    return shown


class WizardScreen(QWidget):
    """Step label, progress bar, one QuestionPage, and Back / Next."""

    back_requested = Signal()
    next_requested = Signal()
    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        top = QFrame(self)
        top.setObjectName("topBar")
        top_layout = QVBoxLayout(top)
        self.step = label("", "stepLabel", top)
        self.progress = QProgressBar(top)
        self.progress.setTextVisible(False)
        top_layout.addWidget(self.step)
        top_layout.addWidget(self.progress)
        # Only while the clinic's computer cannot be reached (rare: it may move the page).
        self.connection = label("", "problem", top)
        self.connection.hide()
        top_layout.addWidget(self.connection)
        layout.addWidget(top)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        layout.addWidget(self._bottom_bar())
        self.page: QuestionPage | None = None
        self._area: QWidget | None = None

    def _bottom_bar(self) -> QFrame:
        self.back = button(
            self.tr("Back"), self, description=self.tr("Go to the page before this one.")
        )
        self.back.clicked.connect(self.back_requested)
        self.to_review = button(
            self.tr("Back to review"), self, description=self.tr("Go back to the list of answers.")
        )
        self.to_review.clicked.connect(self.review_requested)
        self.to_review.hide()
        self.next = button(
            self.tr("Next"),
            self,
            primary=True,
            description=self.tr("Your answers are saved. Go to the next page."),
        )
        self.next.clicked.connect(self.next_requested)
        return bottom_bar(self, [self.back], [self.to_review, self.next])

    def say_connection(self, message: str | None) -> None:
        """Say (or stop saying) that the clinic's computer cannot be reached."""
        self.connection.setText(message or "")
        self.connection.setVisible(bool(message))

    def show_page(self, page: QuestionPage, step: int, steps: int, *, from_review: bool) -> None:
        if self._area is not None:
            self._area.setParent(None)
            self._area.deleteLater()
        self.page = page
        self._area = scrolling(page, self)
        self.body.addWidget(self._area)
        self.step.setText(self.tr("Step {step} of {steps}").format(step=step, steps=steps))
        self.progress.setAccessibleName(self.step.text())
        self.progress.setRange(0, steps)
        self.progress.setValue(step)
        self.back.setEnabled(step > 1)
        self.to_review.setVisible(from_review)
