"""The questionnaire wizard: one page of questions at a time, Back and Next.

The screen shows the session's answers and reports each change; the
controller stores it. Problems are shown next to the question, in plain words,
and focus moves to the first one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import delete

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget, ItemView, UnreadableAnswer
from intake_app.gui.answers.factory import answer_widget
from intake_app.gui.answers.group import GroupAnswer, RowFilter
from intake_app.gui.touch import bottom_bar, button, label, scrolling
from intake_app.kiosk.pages import Page
from intake_app.questionnaire.completeness import MissingAnswer
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import GroupItem
from intake_app.questionnaire.visibility import IntakeView, visible_row_children

# How long one step of building a page ahead may take (a tap waits for it at most).
BUILD_STEP_SECONDS = 0.008


class QuestionPage(QWidget):
    """The questions of one page, built once for a patient and shown again on Back and
    Next (the widgets keep their answers; ``load`` brings them in line with storage).

    A page may be built ahead, a few questions at a time (``build_some``), while the
    patient reads the page before it: the page they go to next is then ready at once.
    """

    answer_given = Signal(str)  # item id

    def __init__(
        self, page: Page, language: str, parent: QWidget | None = None, *, ahead: bool = False
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.language = language
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(32, 16, 32, 16)
        self._layout.setSpacing(16)
        title = localized(page.section.title, language)
        self.title = label(title, "screenTitle", self)
        self._layout.addWidget(self.title)
        self.views: dict[str, ItemView] = {}
        self._to_build = list(page.items)
        if not ahead:
            self.build_all()

    @property
    def built(self) -> bool:
        return not self._to_build

    def build_all(self) -> None:
        while self._to_build:
            self._add_question()

    def build_some(self, seconds: float) -> bool:
        """Add questions for about ``seconds`` (at least one); True once all are there."""
        started = time.perf_counter()
        while self._to_build and time.perf_counter() - started < seconds:
            self._add_question()
        return self.built

    def _add_question(self) -> None:
        item = self._to_build.pop(0)
        answer = answer_widget(item, self.language, self)
        view = ItemView(item, answer, self.language, self)
        if answer is not None:
            answer.answer_changed.connect(lambda item_id=item.id: self.answer_given.emit(item_id))
        self.views[item.id] = view
        self._layout.addWidget(view)
        view.ensurePolished()  # styled now, not when the page is shown
        if not self._to_build:
            self._layout.addStretch(1)

    def answer(self, item_id: str) -> AnswerWidget | None:
        return self.views[item_id].answer

    def load(self, view: IntakeView, questionnaire: Questionnaire) -> None:
        """Show the stored answers and which questions are shown, as a new page would:
        only a widget that shows something else is set again, and no problem is left."""
        for item_id, item_view in self.views.items():
            stored = view.answers.get(item_id)
            if item_view.answer is not None and not _shows(item_view.answer, stored):
                item_view.answer.set_value(stored)
            item_view.clear()
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


def _shows(answer: AnswerWidget, stored: Any) -> bool:
    """Whether ``answer`` shows the ``stored`` answer already."""
    try:
        value = answer.value()
    except UnreadableAnswer:
        return False
    return bool(value == stored) and type(value) is type(stored)


def _row_filter(questionnaire: Questionnaire, view: IntakeView, group: GroupItem) -> RowFilter:
    def shown(row: dict[str, Any]) -> set[str]:
        return {c.id for c in visible_row_children(questionnaire, view, group, row)}

    return shown


class WizardScreen(QWidget):
    """Step label, progress bar, the page of questions shown, and Back / Next.

    Each page lives in its own scrolling area, built once and kept for the patient's
    language: Next and Back show a page already built and styled. ``build_ahead``
    builds the pages the patient goes to next in small steps while the event loop is
    idle, so a tap waits at most for one question to be built.
    """

    back_requested = Signal()
    next_requested = Signal()
    review_requested = Signal()
    answer_given = Signal(str)  # item id, from any of its pages

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
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
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._bottom_bar())
        self.page: QuestionPage | None = None
        self.pages: dict[str, QuestionPage] = {}
        self._ahead: list[Page] = []  # to build while the patient reads
        self._builder = QTimer(self, interval=0)
        self._builder.timeout.connect(self._build_a_little)
        self._painted = _AfterPaint(self._builder.start, self)

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

    @property
    def area(self) -> QScrollArea | None:
        """The scrolling area of the page shown."""
        current = self.stack.currentWidget()
        return current if isinstance(current, QScrollArea) else None

    def say_connection(self, message: str | None) -> None:
        """Say (or stop saying) that the clinic's computer cannot be reached."""
        self.connection.setText(message or "")
        self.connection.setVisible(bool(message))

    def page_for(self, page: Page) -> QuestionPage:
        """The page's questions: built before, finished now, or built now."""
        question_page = self.pages.get(page.id) or self._new_page(page, ahead=False)
        if not question_page.built:
            question_page.build_all()
        return question_page

    def build_ahead(self, pages: list[Page]) -> None:
        """Build ``pages`` (those not built yet) a few questions at a time, once the page
        shown is painted and the event loop is idle."""
        self._ahead = [p for p in pages if p.id not in self.pages or not self.pages[p.id].built]
        if self._ahead and self.page is not None:
            self._painted.watch(self.page)

    def _new_page(self, page: Page, *, ahead: bool) -> QuestionPage:
        # In its place before its questions are added: each widget is styled once.
        question_page = QuestionPage(page, self.language, self.stack, ahead=True)
        self.stack.addWidget(scrolling(question_page, self.stack))
        question_page.answer_given.connect(self.answer_given)
        self.pages[page.id] = question_page
        if not ahead:
            question_page.build_all()
        return question_page

    def _build_a_little(self) -> None:
        """One step of building ahead: a new page's frame, or a few of its questions."""
        if not self._ahead:
            self._builder.stop()
            return
        page = self._ahead[0]
        question_page = self.pages.get(page.id)
        if question_page is None:
            self._new_page(page, ahead=True)
        elif question_page.build_some(BUILD_STEP_SECONDS):
            self._ahead.pop(0)
            self._lay_out(question_page)

    def _lay_out(self, page: QuestionPage) -> None:
        """Lay a page built ahead out at the size it will be shown at, so that showing it
        has little left to do."""
        shown, area = self.area, _area_of(page)
        if shown is None or area is None or area is shown:
            return
        area.setGeometry(shown.geometry())
        width, height = shown.viewport().width(), shown.viewport().height()
        page.resize(width, max(height, page.heightForWidth(width)))
        layout = page.layout()
        if layout is not None:
            layout.activate()

    def drop_hidden_pages(self) -> list[Page]:
        """Destroy every page but the one shown (before a new text size or contrast: each
        page kept would be styled again while the patient waits); returns their pages,
        to build again ahead."""
        dropped = [p for p in self.pages.values() if p is not self.page]
        for page in dropped:
            area = _area_of(page)
            del self.pages[page.page.id]
            if area is not None:
                self.stack.removeWidget(area)
                delete(area)  # now: the new style would otherwise be applied to it first
        self._builder.stop()
        return [p.page for p in dropped]

    def page_with(self, item_id: str) -> QuestionPage | None:
        """The page that asks ``item_id``, if it is built."""
        return next((p for p in self.pages.values() if item_id in p.views), None)

    def show_page(self, page: QuestionPage, step: int, steps: int, *, from_review: bool) -> None:
        """Show ``page`` (one of this screen's), at its top."""
        area = _area_of(page)
        assert area is not None
        self.page = page
        self.stack.setCurrentWidget(area)
        area.verticalScrollBar().setValue(0)
        self.step.setText(self.tr("Step {step} of {steps}").format(step=step, steps=steps))
        self.progress.setAccessibleName(self.step.text())
        self.progress.setUpdatesEnabled(False)  # drawn with the page, not at once on its own
        self.progress.setRange(0, steps)
        self.progress.setValue(step)
        self.progress.setUpdatesEnabled(True)
        self.back.setEnabled(step > 1)
        self.to_review.setVisible(from_review)


def _area_of(page: QWidget) -> QScrollArea | None:
    """The scrolling area a page is shown in."""
    parent = page.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


class _AfterPaint(QObject):
    """Calls ``then`` once the widget it watches is next painted."""

    def __init__(self, then: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._then = then
        self._watched: QWidget | None = None

    def watch(self, widget: QWidget) -> None:
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._watched = None
            self._then()
        return False
