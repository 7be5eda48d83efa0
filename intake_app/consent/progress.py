"""Where a patient is in the consent, and what they did on the way (no Qt).

Every step is stored the moment it happens, so a progress can be rebuilt from
storage after a language switch, a pause or a restart: the patient continues
where they were, and a comprehension answer, once given, stays given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from intake_app.consent.document import ConsentDocument, ShownConsent, ShownSection
from intake_app.consent.model import ComprehensionQuestion
from intake_app.questionnaire.answers import localized

SECTION, COMPREHENSION, DISCUSSION, DECISION = "section", "comprehension", "discussion", "decision"


@dataclass(frozen=True)
class Acknowledgment:
    """The patient reached the end of a section and tapped "I understand"."""

    at: dt.datetime
    language: str
    text_sha256: str  # of the section exactly as it was on the screen


@dataclass(frozen=True)
class ComprehensionAnswer:
    value: str
    correct: bool
    at: dt.datetime


@dataclass
class ConsentSoFar:
    """The consent steps already stored for one intake, in the order they happened."""

    acknowledged: dict[str, Acknowledgment] = field(default_factory=dict)
    questions: list[tuple[str, dt.datetime]] = field(default_factory=list)
    answers: dict[str, ComprehensionAnswer] = field(default_factory=dict)
    discussed_at: dt.datetime | None = None


def section_sha256(section: ShownSection) -> str:
    """The fingerprint of one section's text as shown (title and paragraphs)."""
    text = "\n\n".join((section.title, *section.paragraphs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ConsentProgress:
    """Section acknowledgments, questions for the nurse, comprehension answers, the decision."""

    document: ConsentDocument
    shown: ShownConsent
    so_far: ConsentSoFar = field(default_factory=ConsentSoFar)
    decision: str | None = None

    @property
    def language(self) -> str:
        return self.shown.language

    # --- sections -------------------------------------------------------------------

    def acknowledge(self, section_id: str, at: dt.datetime) -> Acknowledgment:
        """The first "I understand" of a section counts; returns it."""
        section = self.shown.section(section_id)
        ack = Acknowledgment(at, self.language, section_sha256(section))
        return self.so_far.acknowledged.setdefault(section_id, ack)

    def is_acknowledged(self, section_id: str) -> bool:
        return section_id in self.so_far.acknowledged

    def ask(self, section_id: str, at: dt.datetime) -> bool:
        """A question for the nurse about a section; False when one is already noted."""
        if self.has_question(section_id):
            return False
        self.so_far.questions.append((section_id, at))
        return True

    def has_question(self, section_id: str) -> bool:
        return any(section == section_id for section, _ in self.so_far.questions)

    # --- comprehension ----------------------------------------------------------------

    def questions_to_check(self) -> list[ComprehensionQuestion]:
        return list(self.document.definition.comprehension)

    def answer(self, question: ComprehensionQuestion, value: str, at: dt.datetime) -> bool:
        """Record one comprehension answer (the first one counts); True when that one is right."""
        first = ComprehensionAnswer(value, value == question.correct, at)
        return self.so_far.answers.setdefault(question.id, first).correct

    def is_answered(self, question_id: str) -> bool:
        return question_id in self.so_far.answers

    def given_answers(self) -> dict[str, str]:
        return {qid: answer.value for qid, answer in self.so_far.answers.items()}

    def all_answered(self) -> bool:
        return all(q.id in self.so_far.answers for q in self.questions_to_check())

    def wrong_answers(self) -> list[ComprehensionQuestion]:
        answers = self.so_far.answers
        checked = [q for q in self.questions_to_check() if q.id in answers]
        return [q for q in checked if not answers[q.id].correct]

    def option_text(
        self, question: ComprehensionQuestion, value: str, language: str | None = None
    ) -> str:
        option = next(o for o in question.options if o.value == value)
        return localized(option.text, language or self.language)

    # --- talking with the nurse, deciding ------------------------------------------------

    def needs_discussion(self) -> bool:
        """A question was raised or an answer was wrong, and staff have not yet talked it over."""
        pending = bool(self.so_far.questions) or bool(self.wrong_answers())
        return pending and self.so_far.discussed_at is None

    def discussed(self, at: dt.datetime) -> None:
        if self.so_far.discussed_at is None:
            self.so_far.discussed_at = at

    def next_step(self) -> tuple[str, int]:
        """Where the patient goes on: a section (with its index) or a later step."""
        for index, section in enumerate(self.shown.sections):
            if not self.is_acknowledged(section.id):
                return SECTION, index
        if not self.all_answered():
            return COMPREHENSION, 0
        if self.needs_discussion():
            return DISCUSSION, 0
        return DECISION, 0

    def meaning(self, decision: str) -> str:
        meanings = self.document.definition.signature
        text = {"agree": meanings.agree, "refuse": meanings.refuse, "withdraw": meanings.withdraw}[
            decision
        ]
        return localized(text, self.language)

    def steps(self) -> dict[str, list[dict[str, Any]]]:
        """The record of every step, as stored with the signature."""
        so_far = self.so_far
        discussed = so_far.discussed_at.isoformat() if so_far.discussed_at else None
        return {
            "acknowledgments": [
                {
                    "section": section,
                    "at": ack.at.isoformat(),
                    "language": ack.language,
                    "text_sha256": ack.text_sha256,
                }
                for section, ack in so_far.acknowledged.items()
            ],
            "questions": [
                {"section": section, "at": at.isoformat(), "discussed_at": discussed}
                for section, at in so_far.questions
            ],
            "comprehension": [
                {
                    "question": qid,
                    "answer": answer.value,
                    "correct": answer.correct,
                    "at": answer.at.isoformat(),
                    "discussed_at": None if answer.correct else discussed,
                }
                for qid, answer in so_far.answers.items()
            ],
        }


def local_time_zone(moment: dt.datetime) -> str:
    """The time zone a signature was made in, e.g. "CST (UTC-06:00)"."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    name = moment.tzname() or ""
    utc = f"UTC{sign}{hours:02d}:{rest:02d}"
    return f"{name} ({utc})" if name and not name.startswith("UTC") else utc
