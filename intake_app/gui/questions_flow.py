"""The questions: one page at a time, answers stored as given, then the review.

Every answer goes straight to the intake session (and storage); Next checks the
page and explains each problem next to its question; the review lists every
answer with Edit, and confirming it freezes the answers before the consent.

When the clinic's computer cannot be reached (``DatabaseUnavailable``), the page
stays as it is with the answer on screen, says in plain words that the answer is
not saved yet, and tries again every few seconds (and at the next tap); it says
"Saved." only once the answer is stored, and does not move on before. Into the review
or the consent, and confirming the review, the step is kept the same way (``Saving``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from intake_app.gui.answers.base import ItemView, UnreadableAnswer
from intake_app.gui.not_saved import RETRY_MS
from intake_app.gui.review_ahead import KeptReview
from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.screens.wizard import QuestionPage, WizardScreen
from intake_app.gui.touch import put_in_view
from intake_app.kiosk.pages import Page
from intake_app.services.connection import DatabaseUnavailable
from intake_app.services.intake_session import (
    CONSENT_PAGE,
    REVIEW_PAGE,
    IncompleteIntake,
    IntakeSession,
    InvalidAnswer,
)

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController

QUESTION_MARGIN = 16  # above a question scrolled to the top of the page


class QuestionsFlow(QObject):
    """Drives the question pages and the review for the controller's current session."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.from_review = False
        # Where the patient left the review for Edit: intake, item, the line's place on screen.
        self._review_place: tuple[str, str, int] | None = None
        self.unsaved: set[str] = set()  # answers on this page the database did not take
        self.retry = QTimer(self, interval=RETRY_MS, singleShot=True)
        self.retry.timeout.connect(self._try_again)
        # The wizard kept for one session: its pages are built once and shown again.
        self._kept: tuple[IntakeSession, WizardScreen] | None = None
        self.review = KeptReview(controller.window, self._wire_review)

    def _connection_lost(self) -> str:
        return self.tr(
            "The tablet lost its connection to the clinic's computer. Your answers so far "
            "are safe. Trying again…"
        )

    def _not_saved_words(self) -> str:
        return self.tr(
            "This answer is not saved yet. It stays here and is saved as soon as the "
            "connection is back."
        )

    def go_to(
        self, page_id: str, *, from_review: bool | None = None, question: str | None = None
    ) -> None:
        """Show one page of questions (or the review), and remember it for a restart;
        ``question``: the item to scroll to and focus (from the review's Edit)."""
        session = self.controller.session
        assert session is not None
        if self.unsaved and self.wizard is not None:
            self._try_again()  # every answer on this page stored before it is left
            if self.unsaved:
                return
        try:
            session.go_to(page_id)
        except DatabaseUnavailable:
            if self.wizard is None:  # the review, "Is this you?", the paused screen...
                shown = lambda: self._went_to(page_id, from_review, question)  # noqa: E731
                self.controller.saving.keep(lambda: session.go_to(page_id), shown)
                return
            self.wizard.say_connection(self._connection_lost())
            self.retry.start()
            return
        self._went_to(page_id, from_review, question)

    def _went_to(self, page_id: str, from_review: bool | None, question: str | None) -> None:
        if from_review is not None:
            self.from_review = from_review
        self.unsaved.clear()
        if page_id == REVIEW_PAGE:
            self.show_review()
            return
        if page_id == CONSENT_PAGE:
            if not self.controller.consent.start():
                self.controller.consent_done()
            return
        self._show_page(page_id, question)

    def _show_page(self, page_id: str, question: str | None) -> None:
        """The page's questions on the patient's wizard (built once), then the pages
        around it built ahead."""
        session = self.controller.session
        assert session is not None
        page = session.page(page_id)
        assert page is not None
        wizard = self._wizard_for(session)
        question_page = wizard.page_for(page)
        question_page.load(session.view, session.questionnaire)
        pages = session.pages()
        ids = [p.id for p in pages]
        step = ids.index(page_id) + 1 if page_id in ids else 1
        wizard.show_page(question_page, step, len(pages) + 1, from_review=self.from_review)
        self.controller.show_screen(wizard, lambda: self.go_to(page_id), patient_mode=True)
        if question is not None and question in question_page.views:
            QTimer.singleShot(0, wizard, lambda: self._show_question(wizard, question))
        wizard.build_ahead(self._around(session, page_id))
        self._review_ahead(session, question_page)

    def _review_ahead(self, session: IntakeSession, shown: QuestionPage) -> None:
        """On the page whose Next leads to the review: the review is built meanwhile."""
        if self._next_page_id(shown.page.id) == REVIEW_PAGE:
            self.review.build_ahead(session, shown, lambda: self.controller.session is session)

    def _wizard_for(self, session: IntakeSession) -> WizardScreen:
        """The wizard of ``session`` in its language: the one kept, or a new one."""
        kept = self._kept
        if kept is not None and kept[0] is session and kept[1].language == session.language:
            return kept[1]
        self.forget_pages()
        wizard = WizardScreen(session.language, self.controller.window.screens)
        wizard.answer_given.connect(self._on_answer)
        wizard.next_requested.connect(self.next_page)
        wizard.back_requested.connect(self._on_back)
        wizard.review_requested.connect(lambda: self.go_to(REVIEW_PAGE))
        self.controller.window.keep(wizard)
        self._kept = (session, wizard)
        return wizard

    def forget_pages(self) -> None:
        """The patient's pages and review are no longer needed (the answers are final,
        the patient left, the language changed): they go, with every answer they show."""
        self.review.forget()
        if self._kept is not None:
            self.controller.window.discard(self._kept[1])
            self._kept = None

    def drop_hidden_pages(self) -> None:
        """Every widget is about to be restyled or translated (a new text size, contrast
        or language): only the page (or review) shown is kept; the pages around it and
        the review are built again once it is painted."""
        self.review.drop_hidden()
        session = self.controller.session
        if self._kept is None or session is None or self._kept[0] is not session:
            return
        wizard = self._kept[1]
        wizard.drop_hidden_pages()
        if wizard.page is not None:
            wizard.build_ahead(self._around(session, wizard.page.page.id))
            if self.wizard is wizard:
                self._review_ahead(session, wizard.page)

    @staticmethod
    def _around(session: IntakeSession, page_id: str) -> list[Page]:
        """The pages to build ahead: the next one, then the one before."""
        pages = session.pages()
        ids = [p.id for p in pages]
        if page_id not in ids:
            return []
        at = ids.index(page_id)
        return pages[at + 1 : at + 2] + pages[max(at - 1, 0) : at]

    def forget(self) -> None:
        """The tablet leaves the patient's intake."""
        self.from_review = False
        self.forget_pages()

    def _show_question(self, wizard: WizardScreen, item_id: str) -> None:
        """The question at the top of the page, its answer focused."""
        if wizard.page is None:
            return
        view = wizard.page.views[item_id]
        if view.answer is not None:
            view.answer.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self._scroll_to(wizard, view)

    @property
    def wizard(self) -> WizardScreen | None:
        current = self.controller.window.current
        return current if isinstance(current, WizardScreen) else None

    def _on_answer(self, item_id: str) -> None:
        wizard, session = self.wizard, self.controller.session
        if wizard is None or wizard.page is None or session is None:
            return
        page = wizard.page if item_id in wizard.page.views else wizard.page_with(item_id)
        if page is None:
            return
        try:
            value = page.read(item_id)
            if value != session.answers.get(item_id) or type(value) is not type(
                session.answers.get(item_id)
            ):
                session.answer(item_id, value)
        except (UnreadableAnswer, InvalidAnswer) as problem:
            self.unsaved.discard(item_id)
            page.views[item_id].show_problem(str(problem))
            return
        except DatabaseUnavailable:
            self._not_saved(wizard, item_id)
            return
        answer = page.answer(item_id)
        note = answer.note() if answer is not None else None
        if item_id in self.unsaved and not note:
            page.views[item_id].show_saved()
        else:
            page.views[item_id].show_problem(note)
        self.unsaved.discard(item_id)
        if not self.unsaved:
            wizard.say_connection(None)
        page.refresh(session.view, session.questionnaire)

    def _not_saved(self, wizard: WizardScreen, item_id: str) -> None:
        """The answer stays on screen, said to be not saved yet; tried again soon."""
        assert wizard.page is not None
        self.unsaved.add(item_id)
        wizard.page.views[item_id].show_problem(self._not_saved_words())
        wizard.say_connection(self._connection_lost())
        self.retry.start()

    def _try_again(self) -> None:
        """Store again each answer of the page that could not be saved."""
        wizard = self.wizard
        if wizard is None or wizard.page is None:
            self.unsaved.clear()
            return
        for item_id in sorted(self.unsaved & set(wizard.page.views)):
            self._on_answer(item_id)
        if not self.unsaved:
            wizard.say_connection(None)

    def next_page(self) -> None:
        wizard, session = self.wizard, self.controller.session
        if wizard is None or wizard.page is None or session is None:
            return
        page = wizard.page
        page.flush()
        problems = self._page_problems(page, session)
        if self.unsaved:
            return  # said next to each answer; the page stays until they are stored
        missing = session.problems_on(page.page)
        for entry in missing:
            text = (
                entry.problem
                if entry.child_id is None
                else self.tr("Please answer the questions marked below.")
            )
            problems.setdefault(entry.item_id, text)
        if problems:
            focus = page.show_problems(problems, missing)
            if focus is not None:
                focus.setFocus()
                self._scroll_to(wizard, focus)
            return
        self.go_to(self._next_page_id(page.page.id))

    def _page_problems(self, page: QuestionPage, session: IntakeSession) -> dict[str, str]:
        problems: dict[str, str] = {}
        for item_id in page.shown_answerable():
            try:
                value = page.read(item_id)
                if value != session.answers.get(item_id) or item_id in self.unsaved:
                    session.answer(item_id, value)
            except (UnreadableAnswer, InvalidAnswer) as problem:
                problems[item_id] = str(problem)
            except DatabaseUnavailable:
                wizard = self.wizard
                assert wizard is not None
                self._not_saved(wizard, item_id)
                return problems
            else:
                if item_id in self.unsaved:
                    page.views[item_id].show_saved()
                    self.unsaved.discard(item_id)
        page.refresh(session.view, session.questionnaire)
        return problems

    @staticmethod
    def _scroll_to(wizard: WizardScreen, widget: QWidget) -> None:
        """The question of ``widget`` at the top of the page: its text, then its problem."""
        area = wizard.area
        question: QWidget | None = widget
        while question is not None and not isinstance(question, ItemView):
            question = question.parentWidget()
        if area is not None:
            put_in_view(area, question or widget, QUESTION_MARGIN)

    def _next_page_id(self, page_id: str) -> str:
        assert self.controller.session is not None
        pages = [p.id for p in self.controller.session.pages()]
        if self.from_review or page_id not in pages or pages.index(page_id) == len(pages) - 1:
            return REVIEW_PAGE
        return pages[pages.index(page_id) + 1]

    def _on_back(self) -> None:
        wizard, session = self.wizard, self.controller.session
        if wizard is None or wizard.page is None or session is None:
            return
        wizard.page.flush()
        pages = [p.id for p in session.pages()]
        current = wizard.page.page.id
        if current in pages and pages.index(current) > 0:
            self.go_to(pages[pages.index(current) - 1])

    def show_review(self) -> None:
        session = self.controller.session
        assert session is not None
        self.from_review = True
        screen = self.review.review(session)
        self.controller.show_screen(screen, self.show_review, patient_mode=True)
        place = self._review_place
        if place is not None and place[0] == session.intake.id:
            _intake, item_id, offset = place
            QTimer.singleShot(0, screen, lambda: screen.show_line(item_id, offset))

    def _wire_review(self, screen: ReviewScreen) -> None:
        screen.edit_requested.connect(lambda page, item: self._edit(screen, page, item))
        screen.back_requested.connect(self._back_from_review)
        screen.confirmed.connect(self.finish)

    def _edit(self, screen: ReviewScreen, page_id: str, item_id: str) -> None:
        """Edit from the review: to the question; back to review finds the same line."""
        assert self.controller.session is not None
        offset = screen.line_offset(item_id)
        intake_id = self.controller.session.intake.id
        self._review_place = (intake_id, item_id, offset) if offset is not None else None
        self.go_to(page_id, from_review=True, question=item_id)

    def _back_from_review(self) -> None:
        if self.controller.session is not None:
            self.go_to(self.controller.session.pages()[-1].id, from_review=False)

    def finish(self) -> None:
        """The patient confirmed the answers: freeze them, then the consent."""
        session = self.controller.session
        assert session is not None
        try:
            self.controller.saving.store(session.complete, self._to_consent)
        except IncompleteIntake:
            self.show_review()

    def _to_consent(self) -> None:
        self.forget_pages()  # the answers are final
        self.go_to(CONSENT_PAGE)
