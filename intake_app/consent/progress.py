"""Where a patient is in the consent, and what they did on the way (no Qt).

Every step is stored the moment it happens, so a progress can be rebuilt from
storage after a language switch, a pause or a restart: the patient continues
where they were, and a comprehension answer, once given, stays given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from intake_app.consent.document import ConsentDocument, ShownConsent, ShownSection
from intake_app.consent.model import ComprehensionQuestion
from intake_app.form_files.translations import localized

SECTION, COMPREHENSION, DISCUSSION, DECISION = "section", "comprehension", "discussion", "decision"
HOLD = "hold"  # staff must release the patient before the next step (see ``Held``)
BEFORE_CONSENT, BEFORE_DECISION = "before_consent", "before_decision"
DISCUSSION_HOLD = "discussion"  # a question or a wrong answer: a talk with the nurse
IDENTITY_HOLD = "identity"  # the patient said the registered name or birth date is wrong
SIGNED_NAME_HOLD = "signed_name"  # the typed name is not the registered one
CONTINUE, END_VISIT = "continue", "end_visit"  # what staff chose when they released a hold
CORRECTED = "corrected"  # ...or, at the identity hold, that they corrected the details


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


@dataclass(frozen=True)
class HoldRelease:
    """Staff talked with the patient held at ``hold`` and chose how to go on.

    ``by`` is the name staff gave; ``choice`` is CONTINUE or END_VISIT (nothing is
    signed, the intake stays flagged for the nurse); ``note`` is what staff said was
    talked over, in a few words (optional).
    """

    hold: str
    by: str
    at: dt.datetime
    choice: str = CONTINUE
    note: str = ""

    def record(self) -> dict[str, str]:
        stored = {
            "hold": self.hold,
            "by": self.by,
            "at": self.at.isoformat(),
            "choice": self.choice,
        }
        return stored | ({"note": self.note} if self.note else {})


@dataclass
class ConsentSoFar:
    """The consent steps already stored for one intake, in the order they happened.

    Every comprehension answer is kept: after a talk with the nurse the patient
    answers a question they got wrong again, and the first answer stays on record.
    """

    acknowledged: dict[str, Acknowledgment] = field(default_factory=dict)
    questions: list[tuple[str, dt.datetime]] = field(default_factory=list)
    attempts: dict[str, list[ComprehensionAnswer]] = field(default_factory=dict)
    releases: list[HoldRelease] = field(default_factory=list)
    option_order: dict[str, list[str]] = field(default_factory=dict)  # as shown to the patient
    # The consent id and version the patient began reading (None: nothing read yet, or
    # stored before steps named it); the intake keeps it until it is signed.
    consent: tuple[str, str] | None = None

    def last_release(self, hold: str) -> HoldRelease | None:
        return next((r for r in reversed(self.releases) if r.hold == hold), None)

    def talks(self) -> list[dt.datetime]:
        """When staff released the patient after talking questions or wrong answers over."""
        return [r.at for r in self.releases if r.hold == DISCUSSION_HOLD]


def section_sha256(section: ShownSection) -> str:
    """The fingerprint of one section's text as shown (title and paragraphs)."""
    text = "\n\n".join((section.title, *section.paragraphs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ConsentProgress:
    """Section acknowledgments, questions for the nurse, comprehension answers, holds,
    the decision.

    ``held`` names, for each hold point (BEFORE_CONSENT, BEFORE_DECISION), the flags
    that hold the patient there until staff release them: an interpreter need before
    the consent, a STOP flag before the decision. This is the one place that says
    what comes next, for the tablet and for ``packet --input``.
    """

    document: ConsentDocument
    shown: ShownConsent
    so_far: ConsentSoFar = field(default_factory=ConsentSoFar)
    decision: str | None = None
    held: dict[str, list[str]] = field(default_factory=dict)

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
        """The teach-back questions for this clinic (who pays depends on the study)."""
        return self.document.definition.questions_asked(study_pays=self.shown.study_pays)

    def questions_due(self) -> list[ComprehensionQuestion]:
        """Questions never answered, or answered wrongly and talked over since: ask them."""
        return [q for q in self.questions_to_check() if self._due(q.id)]

    def _due(self, question_id: str) -> bool:
        latest = self.latest(question_id)
        if latest is None:
            return True
        return not latest.correct and any(at > latest.at for at in self.so_far.talks())

    def answer(self, question: ComprehensionQuestion, value: str, at: dt.datetime) -> bool:
        """Record an answer to a question that is due; True when it is right."""
        given = ComprehensionAnswer(value, value == question.correct, at)
        if self._due(question.id):
            self.so_far.attempts.setdefault(question.id, []).append(given)
        latest = self.latest(question.id)
        return latest is not None and latest.correct

    def latest(self, question_id: str) -> ComprehensionAnswer | None:
        attempts = self.so_far.attempts.get(question_id)
        return attempts[-1] if attempts else None

    def is_answered(self, question_id: str) -> bool:
        return question_id in self.so_far.attempts

    def given_answers(self) -> dict[str, str]:
        """The latest answer to each question that is not due again."""
        return {
            qid: attempts[-1].value
            for qid, attempts in self.so_far.attempts.items()
            if attempts and not self._due(qid)
        }

    def wrong_answers(self) -> list[ComprehensionQuestion]:
        """Questions whose latest answer is wrong."""
        return [
            q
            for q in self.questions_to_check()
            if (latest := self.latest(q.id)) is not None and not latest.correct
        ]

    def options_in_order(self, question: ComprehensionQuestion, seed: str) -> list[str]:
        """The option values in the order this patient sees them (shuffled once, then kept)."""
        order = self.so_far.option_order.get(question.id)
        if order is None:
            order = shuffled([o.value for o in question.options], f"{seed}:{question.id}")
            self.so_far.option_order[question.id] = order
        return order

    def option_text(
        self, question: ComprehensionQuestion, value: str, language: str | None = None
    ) -> str:
        option = next(o for o in question.options if o.value == value)
        return localized(option.text, language or self.language)

    # --- talking with the nurse, holds, deciding ------------------------------------------

    def needs_discussion(self) -> bool:
        """A question or a wrong answer that staff have not talked over since it happened."""
        talks = self.so_far.talks()
        last_talk = max(talks) if talks else None

        def undiscussed(at: dt.datetime) -> bool:
            return last_talk is None or at > last_talk

        if any(undiscussed(at) for _, at in self.so_far.questions):
            return True
        return any(
            undiscussed(latest.at)
            for q in self.wrong_answers()
            if (latest := self.latest(q.id)) is not None
        )

    def release(self, release: HoldRelease) -> None:
        self.so_far.releases.append(release)

    def is_held(self, point: str) -> bool:
        """Flags hold the patient at ``point`` and staff have not let them go on."""
        if not self.held.get(point):
            return False
        last = self.so_far.last_release(point)
        return last is None or last.choice != CONTINUE

    def next_step(self) -> tuple[str, int | str]:
        """Where the patient goes on: a section (with its index), a hold (with its name),
        or a later step."""
        if self.is_held(BEFORE_CONSENT):
            return HOLD, BEFORE_CONSENT
        for index, section in enumerate(self.shown.sections):
            if not self.is_acknowledged(section.id):
                return SECTION, index
        if any(not self.is_answered(q.id) for q in self.questions_to_check()):
            return COMPREHENSION, 0
        if self.needs_discussion():
            return DISCUSSION, 0
        if self.questions_due():
            return COMPREHENSION, 0  # teach-back: answer again what was talked over
        if self.is_held(BEFORE_DECISION):
            return HOLD, BEFORE_DECISION
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
        talks = so_far.talks()

        def talked_after(at: dt.datetime) -> str | None:
            later = [t for t in talks if t > at]
            return min(later).isoformat() if later else None

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
                {"section": section, "at": at.isoformat(), "discussed_at": talked_after(at)}
                for section, at in so_far.questions
            ],
            "comprehension": [
                {
                    "question": qid,
                    "attempt": number,
                    "answer": answer.value,
                    "correct": answer.correct,
                    "at": answer.at.isoformat(),
                    "discussed_at": None if answer.correct else talked_after(answer.at),
                    "order": so_far.option_order.get(qid),
                }
                for qid, attempts in so_far.attempts.items()
                for number, answer in enumerate(attempts, start=1)
            ],
            "holds": [release.record() for release in so_far.releases],
        }


def held_points(flags: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
    """(rule id, hold point) of the raised flags -> the rules that hold the patient at each
    point (see ``FlagRule.hold_point``)."""
    held: dict[str, list[str]] = {}
    for rule_id, point in flags:
        if point is not None:
            held.setdefault(point, []).append(rule_id)
    return held


def shuffled(values: list[str], seed: str) -> list[str]:
    """The values in an order fixed by ``seed`` (different for each patient and question)."""
    import random

    order = list(values)
    random.Random(hashlib.sha256(seed.encode("utf-8")).digest()).shuffle(order)
    return order


def local_time_zone(moment: dt.datetime) -> str:
    """The time zone a signature was made in, e.g. "CST (UTC-06:00)"."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    name = moment.tzname() or ""
    utc = f"UTC{sign}{hours:02d}:{rest:02d}"
    return f"{name} ({utc})" if name and not name.startswith("UTC") else utc
