"""The review of a patient's answers, built while they read the last page of questions.

Making the review (some 400 widgets for the sample form) took most of the time between
Next on the last page and the review being painted. It is now built once for the
patient's session and language, in one go once the last page is painted (the patient
reads that page first; the pages of questions are built in small steps because the
patient taps through them), and kept: Next into it (or back to it from Edit) sets again
only the lines whose answer changed, and makes again only a section whose questions
changed (a follow-up shown or hidden), so the review always shows the answers as
stored when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QScrollArea, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.first_paint import after_first_paint
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.screens.review import MissingLine, ReviewLine, ReviewScreen, ReviewSection
from intake_app.questionnaire.display import format_answer
from intake_app.services.intake_session import IntakeSession


class KeptReview(QObject):
    """Makes, keeps and updates the review of one session at a time.

    ``wire`` connects a new review's buttons (Edit, Back, Continue) to the flow.
    """

    def __init__(self, window: KioskWindow, wire: Callable[[ReviewScreen], object]) -> None:
        super().__init__(window)
        self.window = window
        self._wire = wire
        self._kept: tuple[IntakeSession, str, ReviewScreen] | None = None

    def review(self, session: IntakeSession) -> ReviewScreen:
        """The session's review with its answers now, all built: the one kept, or new."""
        sections, missing = review_lines(session)
        kept = self._kept_for(session)
        if kept is None:
            return self._new(session, sections, missing)
        kept.show_answers(sections, missing)
        return kept

    def build_ahead(
        self, session: IntakeSession, shown: QWidget, wanted: Callable[[], bool]
    ) -> None:
        """Build the review once ``shown`` (the last page of questions) is painted and the
        event loop has turned, if it is ``wanted`` still: in one go (about 65 ms of CPU
        time on a busy 2-core machine), while the patient starts reading the page."""
        if self._kept_for(session) is None:
            after_first_paint(shown, lambda: self._start_building(session, wanted))

    def forget(self) -> None:
        """The review is no longer needed (the answers are final, or the patient left)."""
        if self._kept is not None:
            self.window.discard(self._kept[2])
            self._kept = None

    def drop_hidden(self) -> None:
        """Every widget is about to be restyled or translated: a review not shown goes
        (it is built again when next needed) rather than being restyled now."""
        if self._kept is not None and self._kept[2] is not self.window.current:
            self.forget()

    def _kept_for(self, session: IntakeSession) -> ReviewScreen | None:
        kept = self._kept
        if kept is not None and kept[0] is session and kept[1] == session.language:
            return kept[2]
        return None

    def _new(
        self, session: IntakeSession, sections: list[ReviewSection], missing: list[MissingLine]
    ) -> ReviewScreen:
        self.forget()
        review = ReviewScreen(sections, missing, self.window.screens)
        self._wire(review)
        self.window.keep(review)
        self._kept = (session, session.language, review)
        return review

    def _start_building(self, session: IntakeSession, wanted: Callable[[], bool]) -> None:
        if self._kept_for(session) is not None or not wanted():
            return
        review = self._new(session, *review_lines(session))
        review.ensurePolished()  # styled now, not when it is shown
        self._lay_out(review)

    def _lay_out(self, review: ReviewScreen) -> None:
        """At the size of the page of questions on view, the review's will be."""
        shown = self.window.current
        area = getattr(shown, "area", None)
        if shown is not None and shown is not review and isinstance(area, QScrollArea):
            review.lay_out_as(shown, area.viewport().width())


def review_lines(session: IntakeSession) -> tuple[list[ReviewSection], list[MissingLine]]:
    """Every answer shown, by section, and the questions that still need one."""
    return _sections(session), _missing(session)


def _sections(session: IntakeSession) -> list[ReviewSection]:
    language = session.language
    sections: dict[str, ReviewSection] = {}
    for page in session.pages():
        title = localized(page.section.title, language)
        section = sections.setdefault(page.section.id, ReviewSection(title, []))
        for item in page.items:
            if item.type == "display" or item.id not in session.view.visible_items:
                continue
            answer = format_answer(item, session.answers.get(item.id), language)
            question = localized(item.text, language)
            section.lines.append(ReviewLine(question, answer, page.id, item.id))
    return list(sections.values())


def _missing(session: IntakeSession) -> list[MissingLine]:
    pages = {item.id: page.id for page in session.pages() for item in page.items}
    lines = []
    for entry in session.all_problems():
        question = localized(session.questionnaire.item(entry.item_id).text, session.language)
        page_id = pages.get(entry.item_id, "")
        lines.append(MissingLine(question, entry.problem, page_id, entry.item_id))
    return lines
