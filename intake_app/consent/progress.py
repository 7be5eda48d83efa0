"""Where a patient is in the consent, and what they did on the way (no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from intake_app.consent.document import ConsentDocument, ShownConsent
from intake_app.consent.model import ComprehensionQuestion
from intake_app.questionnaire.answers import localized


@dataclass
class ConsentProgress:
    """Section acknowledgments, questions for the nurse, comprehension answers, the decision."""

    document: ConsentDocument
    shown: ShownConsent
    acknowledged: dict[str, dt.datetime] = field(default_factory=dict)
    questions: list[tuple[str, dt.datetime]] = field(default_factory=list)
    answers: dict[str, tuple[str, bool, dt.datetime]] = field(default_factory=dict)
    decision: str | None = None

    @property
    def language(self) -> str:
        return self.shown.language

    def acknowledge(self, section_id: str, at: dt.datetime) -> None:
        self.acknowledged.setdefault(section_id, at)

    def ask(self, section_id: str, at: dt.datetime) -> None:
        self.questions.append((section_id, at))

    def has_question(self, section_id: str) -> bool:
        return any(section == section_id for section, _ in self.questions)

    def all_acknowledged(self) -> bool:
        return all(section.id in self.acknowledged for section in self.shown.sections)

    def questions_to_check(self) -> list[ComprehensionQuestion]:
        return list(self.document.definition.comprehension)

    def answer(self, question: ComprehensionQuestion, value: str, at: dt.datetime) -> bool:
        """Record one comprehension answer (the first one counts); True when right."""
        correct = value == question.correct
        self.answers.setdefault(question.id, (value, correct, at))
        return self.answers[question.id][1]

    def option_text(
        self, question: ComprehensionQuestion, value: str, language: str | None = None
    ) -> str:
        option = next(o for o in question.options if o.value == value)
        return localized(option.text, language or self.language)

    def meaning(self, decision: str) -> str:
        meanings = self.document.definition.signature
        text = {"agree": meanings.agree, "refuse": meanings.refuse, "withdraw": meanings.withdraw}[
            decision
        ]
        return localized(text, self.language)

    def steps(self) -> dict[str, list[dict[str, Any]]]:
        """The record of every step, as stored with the signature."""
        return {
            "acknowledgments": [
                {"section": section, "at": at.isoformat()}
                for section, at in self.acknowledged.items()
            ],
            "questions": [
                {"section": section, "at": at.isoformat()} for section, at in self.questions
            ],
            "comprehension": [
                {"question": qid, "answer": value, "correct": correct, "at": at.isoformat()}
                for qid, (value, correct, at) in self.answers.items()
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
    return f"{name} ({utc})" if name and name != "UTC" else utc
