"""The consent part of the kiosk flow: sections, comprehension, discussion, decision, signature.

Every step is stored as it happens: each "I understand" (with the language and
a fingerprint of the text shown), each question for the nurse and each wrong
comprehension answer (review flags), the nurse's talk with the patient, then the
signed record, which can never be changed. After a pause, a restart or a
language switch the steps come back from storage, so the patient goes on where
they were and an answer once given stays given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.progress import (
    COMPREHENSION,
    DECISION,
    DISCUSSION,
    ConsentProgress,
    local_time_zone,
)
from intake_app.gui.screens.consent import ComprehensionScreen, ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen, DiscussionScreen
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.gui.speech import Reader
from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.display import format_date
from intake_app.storage.consents import (
    ConsentSteps,
    Signature,
    Witness,
    consent_so_far,
    record_acknowledgment,
    record_comprehension,
    record_consent,
    record_deferral,
    record_discussion,
    record_question,
)
from intake_app.storage.db import utc_now

if TYPE_CHECKING:
    from intake_app.gui.app_services import AppServices
    from intake_app.gui.kiosk import KioskController
    from intake_app.storage.tables import Intake


class ConsentFlow(QObject):
    """Drives the consent screens for the controller's current session."""

    def __init__(self, controller: KioskController, reader: Reader) -> None:
        super().__init__(controller)
        self.controller = controller
        self.reader = reader
        self.progress: ConsentProgress | None = None
        self.now: Callable[[], dt.datetime] = utc_now
        self._patient_signature: Signature | None = None

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
        session = self.controller.session
        document = self.document()
        if session is None or document is None:
            return False
        shown = show_consent(document, session.language, self.services.settings.clinic)
        with self.services.database.session() as db:
            so_far = consent_so_far(db, intake_id=session.intake.id)
        self.progress = ConsentProgress(document, shown, so_far)
        self._patient_signature = None
        self.show_next_step()
        return True

    def show_next_step(self) -> None:
        step, index = self._progress().next_step()
        if step == COMPREHENSION:
            self.show_comprehension()
        elif step == DISCUSSION:
            self.show_discussion()
        elif step == DECISION:
            self.show_decision()
        else:
            self.show_section(index)

    def relanguage(self, language: str) -> None:
        """The patient switched language: the same steps, the text in the new language."""
        if self.progress is not None:
            clinic = self.services.settings.clinic
            self.progress.shown = show_consent(self.progress.document, language, clinic)

    # --- sections ---------------------------------------------------------------------

    def show_section(self, index: int) -> None:
        progress = self._progress()
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
        progress = self._progress()
        section = progress.shown.sections[index]
        if not progress.is_acknowledged(section.id):
            ack = progress.acknowledge(section.id, self.now())
            with self.services.database.session() as db:
                record_acknowledgment(db, intake=self._intake(), section_id=section.id, ack=ack)
        self.reader.stop()
        if index + 1 < len(progress.shown.sections):
            self.show_section(index + 1)
        else:
            self.show_comprehension()

    def _question(self, index: int) -> None:
        progress = self._progress()
        section = progress.shown.sections[index]
        at = self.now()
        if not progress.ask(section.id, at):
            return
        english = show_consent(progress.document, "en", self.services.settings.clinic)
        with self.services.database.session() as db:
            title = english.section(section.id).title
            record_question(
                db, intake=self._intake(), section_id=section.id, section_title=title, at=at
            )

    def _read_aloud(self, index: int) -> None:
        progress = self._progress()
        section = progress.shown.sections[index]
        self.reader.say("\n".join((section.title, *section.paragraphs)), progress.language)

    # --- comprehension, discussion and decision -----------------------------------------

    def show_comprehension(self) -> None:
        progress = self._progress()
        titles = {s.id: s.title for s in progress.shown.sections}
        screen = ComprehensionScreen(
            progress.questions_to_check(), titles, progress.language, progress.given_answers()
        )
        screen.checked.connect(self._checked)
        screen.finished.connect(self._after_comprehension)
        self.controller.show_patient_screen(screen, self.show_comprehension)

    def _checked(self, picked: dict[str, str]) -> None:
        progress = self._progress()
        with self.services.database.session() as db:
            for question in progress.questions_to_check():
                if progress.is_answered(question.id):
                    continue  # the first answer counts
                progress.answer(question, picked[question.id], self.now())
                record_comprehension(
                    db,
                    intake=self._intake(),
                    question_id=question.id,
                    question=localized(question.question, "en"),
                    answer=progress.option_text(question, picked[question.id], "en"),
                    given=progress.so_far.answers[question.id],
                )

    def _after_comprehension(self) -> None:
        if self._progress().needs_discussion():
            self.show_discussion()
        else:
            self.show_decision()

    def show_discussion(self) -> None:
        progress = self._progress()
        titles = {s.id: s.title for s in progress.shown.sections}
        topics = [titles[section] for section, _ in progress.so_far.questions]
        topics += [localized(q.question, progress.language) for q in progress.wrong_answers()]
        screen = DiscussionScreen(topics)
        screen.staff_pin_entered.connect(
            lambda pin: self.controller.check_pin(pin, screen.pin_rejected, self._discussed)
        )
        self.controller.show_patient_screen(screen, self.show_discussion)

    def _discussed(self) -> None:
        at = self.now()
        self._progress().discussed(at)
        with self.services.database.session() as db:
            record_discussion(db, intake=self._intake(), at=at)
        self.show_decision()

    def show_decision(self) -> None:
        progress = self._progress()
        labels = progress.document.definition.decision
        screen = DecisionScreen(
            localized(labels.agree, progress.language), localized(labels.refuse, progress.language)
        )
        screen.decided.connect(self._decided)
        screen.reread_requested.connect(lambda: self.show_section(0))
        self.controller.show_patient_screen(screen, self.show_decision)

    def _decided(self, decision: str) -> None:
        if decision == "later":
            with self.services.database.session() as db:
                record_deferral(db, intake=self._intake())
            self.controller.consent_done(more_time=True)
            return
        self._progress().decision = decision
        self.show_signature()

    # --- signatures --------------------------------------------------------------------

    def show_signature(self) -> None:
        progress = self._progress()
        assert progress.decision is not None
        screen = SignatureScreen(
            progress.shown.title, progress.meaning(progress.decision), self._when
        )
        screen.signed.connect(lambda name: self._patient_signed(name, screen))
        screen.back_requested.connect(self.show_decision)
        self.controller.show_patient_screen(screen, self.show_signature)

    def _when(self) -> str:
        now = self.now().astimezone()
        language = self._progress().language
        date = format_date(now.date().isoformat(), language)
        return f"{date}, {now:%H:%M} {local_time_zone(now)}"

    def _patient_signed(self, name: str, screen: SignatureScreen) -> None:
        self._patient_signature = self._signature(name, screen)
        if self.services.settings.clinic.consent.witness:
            self.show_witness()
        else:
            self._store(None)

    def witness_meaning(self) -> str:
        return self.tr("As witness, I saw the patient sign this consent.")

    def show_witness(self) -> None:
        progress = self._progress()
        meaning = self.witness_meaning()
        screen = SignatureScreen(progress.shown.title, meaning, self._when, witness=True)
        screen.signed.connect(
            lambda name: self._store(
                Witness(name, screen.role.text().strip(), self._signature(name, screen), meaning)
            )
        )
        screen.back_requested.connect(self.show_signature)
        self.controller.show_patient_screen(screen, self.show_witness)

    def _signature(self, name: str, screen: SignatureScreen) -> Signature:
        signed_at = self.now()
        return Signature(
            name,
            screen.pad.strokes,
            screen.pad.png(),
            signed_at,
            local_time_zone(signed_at.astimezone()),
        )

    def _store(self, witness: Witness | None) -> None:
        progress = self._progress()
        assert progress.decision is not None and self._patient_signature is not None
        steps = progress.steps()
        with self.services.database.session() as db:
            record_consent(
                db,
                intake=self._intake(),
                shown=progress.shown,
                decision=progress.decision,
                meaning=progress.meaning(progress.decision),
                signature=self._patient_signature,
                steps=ConsentSteps(
                    steps["acknowledgments"], steps["comprehension"], steps["questions"]
                ),
                witness=witness,
            )
        self.controller.consent_done(signed=True)

    # --- helpers -------------------------------------------------------------------------

    def _progress(self) -> ConsentProgress:
        assert self.progress is not None
        return self.progress

    def _intake(self) -> Intake:
        assert self.controller.session is not None
        return self.controller.session.intake
