"""The consent part of the kiosk flow: holds, sections, comprehension, talks, decision;
the signatures that end it are ``SigningFlow``'s.

``ConsentProgress`` says what comes next; this flow shows it. Every step is stored
as it happens: each "I understand" (with the language and a fingerprint of the text
shown), each question for the nurse and each comprehension answer (a wrong one is a
review flag, talked over and asked again), the order the options were shown in,
who released each hold and how, then the signed record, which can never be changed.
After a pause, a restart or a language switch the steps come back from storage, so
the patient goes on where they were and an answer once given stays given. A step the
database did not take stays on screen until it is stored (``Saving``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.model import ComprehensionQuestion
from intake_app.consent.progress import (
    COMPREHENSION,
    DECISION,
    DISCUSSION,
    DISCUSSION_HOLD,
    END_VISIT,
    HOLD,
    ConsentProgress,
    HoldRelease,
)
from intake_app.form_files.translations import localized
from intake_app.gui.screens.consent import ComprehensionScreen, ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.talk_note import TalkNote
from intake_app.gui.signing_flow import SigningFlow
from intake_app.gui.speech import Reader
from intake_app.services.clock import utc_now
from intake_app.services.consenting import Consenting, StepWriter

if TYPE_CHECKING:
    from intake_app.gui.app_services import AppServices
    from intake_app.gui.kiosk import KioskController
    from intake_app.services.actor import Actor


class ConsentFlow(QObject):
    """Drives the consent screens for the controller's current session."""

    def __init__(self, controller: KioskController, reader: Reader) -> None:
        super().__init__(controller)
        self.controller = controller
        self.reader = reader
        self.progress: ConsentProgress | None = None
        self.now: Callable[[], dt.datetime] = utc_now
        self.consenting: Consenting | None = None  # the current intake's consent
        self.signing = SigningFlow(self)
        self._round: list[str] = []  # the questions on the comprehension screen now
        self._talk_note = ""  # typed at the talk hold, not yet stored

    @property
    def services(self) -> AppServices:
        return self.controller.services

    def document(self) -> ConsentDocument | None:
        catalog = self.services.catalog
        try:
            return catalog.consent() if catalog is not None else None
        except KeyError:
            return None

    def start(self) -> bool:
        """Go on where the patient was (from storage); False when no consent is set up."""
        session, catalog = self.controller.session, self.services.catalog
        if session is None or catalog is None:
            return False
        consenting = Consenting(self.services.database, session.intake, session.actor)
        try:  # the version this intake began reading, kept when a newer one is published
            document = consenting.document(catalog)
        except KeyError:
            return False
        shown = show_consent(document, session.language, self.services.settings.clinic)
        self.consenting = consenting
        self.progress = consenting.progress(session.questionnaire, document, shown)
        self.signing.forget()
        self._round = []
        self._talk_note = ""
        self.show_next_step()
        return True

    def show_next_step(self) -> None:
        step, where = self.progress_now().next_step()
        if step == COMPREHENSION:
            self._round = []
            self.show_comprehension()
        elif step == DISCUSSION:
            self.show_discussion()
        elif step == HOLD:
            self.show_hold(str(where))
        elif step == DECISION:
            self.show_decision()
        else:
            self.show_section(int(where))

    def relanguage(self, language: str) -> None:
        """The patient switched language: the same steps, the text in the new language."""
        if self.progress is not None:
            clinic = self.services.settings.clinic
            self.progress.shown = show_consent(self.progress.document, language, clinic)

    # --- sections ---------------------------------------------------------------------

    def show_section(self, index: int) -> None:
        progress = self.progress_now()
        sections = progress.shown.sections
        section = sections[index]
        screen = ConsentSectionScreen(
            section,
            index + 1,
            len(sections),
            can_read_aloud=self.reader.available(progress.language),
            question_asked=progress.has_question(section.id),
        )
        screen.understood.connect(lambda: self._understood(index))
        screen.question_asked.connect(lambda: self._question(index))
        screen.read_aloud_requested.connect(lambda: self._read_aloud(index))
        screen.back_requested.connect(lambda: self.show_section(max(0, index - 1)))
        self.controller.show_patient_screen(screen, lambda: self.show_section(index))

    def _understood(self, index: int) -> None:
        progress = self.progress_now()
        section = progress.shown.sections[index]
        self.reader.stop()
        after: Callable[[], None] = self.show_comprehension
        if index + 1 < len(progress.shown.sections):
            after = lambda: self.show_section(index + 1)  # noqa: E731
        if progress.is_acknowledged(section.id):
            after()
            return
        ack = progress.acknowledge(section.id, self.now())
        self.step(lambda steps: steps.acknowledged(section.id, ack), after)

    def _question(self, index: int) -> None:
        progress = self.progress_now()
        section = progress.shown.sections[index]
        at = self.now()
        if not progress.ask(section.id, at):
            return
        self.step(lambda steps: steps.question(section.id, at))

    def _read_aloud(self, index: int) -> None:
        progress = self.progress_now()
        section = progress.shown.sections[index]
        self.reader.say("\n".join((section.title, *section.paragraphs)), progress.language)

    # --- comprehension, discussion and decision -----------------------------------------

    def show_comprehension(self) -> None:
        """The questions due (all at first; after a talk, those answered wrongly), each with
        its options in the order shuffled for this patient."""
        progress = self.progress_now()
        if not self._round:
            self._round = [q.id for q in progress.questions_due()]
        questions = [q for q in progress.questions_to_check() if q.id in self._round]
        new = [q.id for q in questions if q.id not in progress.so_far.option_order]
        intake_id = self.consenting_now().intake.id  # new orders are made (and kept) here:
        orders = {q.id: progress.options_in_order(q, intake_id) for q in questions}
        if not new:
            self._show_questions(questions, orders)
            return

        # The order each new question's options are shown in is stored before it is shown.
        def write(steps: StepWriter) -> None:
            for question_id in new:
                steps.option_order(question_id, orders[question_id])

        self.step(write, lambda: self._show_questions(questions, orders))

    def _show_questions(
        self, questions: list[ComprehensionQuestion], orders: dict[str, list[str]]
    ) -> None:
        progress = self.progress_now()
        titles = {s.id: s.title for s in progress.shown.sections}
        answered = self._answered_now(questions)
        screen = ComprehensionScreen(
            questions,
            titles,
            progress.language,
            answered,
            orders=orders,
            again=any(progress.is_answered(q.id) for q in questions) and not answered,
        )
        screen.checked.connect(self._checked)
        screen.finished.connect(self.show_next_step)
        self.controller.show_patient_screen(screen, self.show_comprehension)

    def _answered_now(self, questions: list[ComprehensionQuestion]) -> dict[str, str]:
        """The answers given on this screen (kept through a pause or a language switch)."""
        given = self.progress_now().given_answers()
        answers = {q.id: given[q.id] for q in questions if q.id in given}
        return answers if len(answers) == len(questions) else {}

    def _checked(self, picked: dict[str, str]) -> None:
        progress = self.progress_now()
        given = [
            (question, picked[question.id])
            for question in progress.questions_due()
            if question.id in self._round and question.id in picked
        ]
        for question, value in given:
            progress.answer(question, value, self.now())

        def write(steps: StepWriter) -> None:
            for question, value in given:
                steps.answered(question, value)

        self.step(write)

    def show_discussion(self) -> None:
        """A question or a wrong answer: the nurse talks it over with the patient first."""
        progress = self.progress_now()
        titles = {s.id: s.title for s in progress.shown.sections}
        topics = [titles[section] for section, _ in progress.so_far.questions]
        topics += [localized(q.question, progress.language) for q in progress.wrong_answers()]
        note = TalkNote(self._talk_note)  # what staff typed stays through a language switch
        note.box.textChanged.connect(lambda: setattr(self, "_talk_note", note.box.toPlainText()))
        self.controller.holds.show(
            DISCUSSION_HOLD,
            lambda choice, staff: self._talked(choice, staff, note),
            self.show_discussion,
            topics=topics,
            extra=note,
        )

    def _talked(self, choice: str, staff: Actor, note: TalkNote) -> None:
        """After the talk: the release with staff's note of what was talked over (the note
        is said to be wrong under its box, and nothing is stored, until it can be)."""
        text = note.note()
        if text is not None:
            release = HoldRelease(DISCUSSION_HOLD, staff.name, self.now(), choice, text)
            self.store_release(release, staff, lambda: self._after_talk(choice))

    def _after_talk(self, choice: str) -> None:
        self._talk_note = ""
        self._after_release(choice)

    def show_hold(self, point: str) -> None:
        """STOP flags before the decision, an interpreter need before the consent."""
        self.controller.holds.show(
            point,
            lambda choice, staff: self._released(point, choice, staff),
            lambda: self.show_hold(point),
        )

    def _released(self, hold: str, choice: str, staff: Actor) -> None:
        release = HoldRelease(hold, staff.name, self.now(), choice)
        self.store_release(release, staff, lambda: self._after_release(choice))

    def _after_release(self, choice: str) -> None:
        if choice == END_VISIT:
            self.controller.consent_done(ended=True)
        else:
            self.show_next_step()

    def show_decision(self) -> None:
        progress = self.progress_now()
        labels = progress.document.definition.decision
        screen = DecisionScreen(
            localized(labels.agree, progress.language), localized(labels.refuse, progress.language)
        )
        screen.decided.connect(self._decided)
        screen.reread_requested.connect(lambda: self.show_section(0))
        self.controller.show_patient_screen(screen, self.show_decision)

    def _decided(self, decision: str) -> None:
        if decision == "later":
            self.step(
                lambda steps: steps.deferred(), lambda: self.controller.consent_done(more_time=True)
            )
            return
        self.progress_now().decision = decision
        self.signing.show_signature()

    def store_release(self, release: HoldRelease, staff: Actor, then: Callable[[], object]) -> None:
        """Staff let the patient go on: kept with the progress and stored at once, for the
        person who unlocked the hold; then ``then``."""
        self.progress_now().release(release)
        self.step(lambda steps: steps.released(release), then, by=staff)

    # --- helpers -------------------------------------------------------------------------

    def step(
        self,
        write: Callable[[StepWriter], object],
        then: Callable[[], object] | None = None,
        *,
        by: Actor | None = None,
    ) -> None:
        """Store one step (``write``) in its own transaction, then ``then``; a step the
        database does not take stays on screen and is tried again until it is stored."""
        progress, consenting = self.progress_now(), self.consenting_now()

        def save() -> None:
            with consenting.step(progress, by=by) as steps:
                write(steps)

        self.controller.saving.store(save, then)

    def progress_now(self) -> ConsentProgress:
        assert self.progress is not None
        return self.progress

    def consenting_now(self) -> Consenting:
        assert self.consenting is not None
        return self.consenting
