"""What an input file says happened on the consent screens, replayed in the tablet's order.

The tablet's own ``ConsentProgress`` decides what must have happened before the
patient may decide: a hold nobody released (an interpreter need, STOP flags), a
question or a wrong answer nobody talked over, a wrong answer not asked again, a
typed name that differs from the registered one with nobody accepting it. Each is a
problem naming the field that records it. When storing, every step is also stored
as the tablet stores it, through ``StepRecorder``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    DECISION,
    DISCUSSION_HOLD,
    SIGNED_NAME_HOLD,
    Acknowledgment,
    ConsentProgress,
    HoldRelease,
)
from intake_app.consent.signing import shares_a_name, typed_name_matches
from intake_app.services.clock import utc_now
from intake_app.services.consenting import HOLD_NAMES

if TYPE_CHECKING:
    from intake_app.commands.consent_input import ConsentInput
    from intake_app.consent.model import ComprehensionQuestion
    from intake_app.services.visit_import import PatientDetails

RELEASE_EXAMPLE = '{"by": "the name of the staff member who released the patient"}'
TALK_EXAMPLE = (
    '{"by": "the staff member who talked with the patient", "note": "what was discussed"}'
)


class StepRecorder(Protocol):
    """Stores each step as it is replayed (``services.consenting.StepWriter``, as the
    tablet stores them)."""

    def acknowledged(self, section_id: str, ack: Acknowledgment) -> None: ...
    def question(self, section_id: str, at: dt.datetime) -> None: ...
    def answered(self, question: ComprehensionQuestion, value: str) -> None: ...
    def released(self, release: HoldRelease) -> None: ...


class _Clock:
    """Import time, one millisecond further for each step, so steps keep their order."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(milliseconds=1)
        return self.now


def replay(
    progress: ConsentProgress,
    given: ConsentInput,
    patient: PatientDetails,
    *,
    recorder: StepRecorder | None = None,
    start: Callable[[], dt.datetime] = utc_now,
) -> list[str]:
    """Apply the file's steps to ``progress``; the problems (none means it may be signed).

    Without a recorder nothing is stored: a dry run, to check a file before storing it.
    """
    run = _Replay(progress, given, recorder, _Clock(start()))
    run.release_hold(BEFORE_CONSENT)
    for section_id in given.acknowledged:
        ack = progress.acknowledge(section_id, run.clock())
        if recorder:
            recorder.acknowledged(section_id, ack)
    for section_id in given.questions:
        at = run.clock()
        if progress.ask(section_id, at) and recorder:
            recorder.question(section_id, at)
    for question in progress.questions_to_check():
        run.answer(question, given.comprehension[question.id])
    run.talk()
    run.release_hold(BEFORE_DECISION)
    run.signed_name(patient)
    if not run.problems and progress.next_step()[0] != DECISION:
        run.problems.append(
            f"consent: the patient could not yet decide ({progress.next_step()[0]})"
        )
    return run.problems


class _Replay:
    def __init__(
        self,
        progress: ConsentProgress,
        given: ConsentInput,
        recorder: StepRecorder | None,
        clock: _Clock,
    ) -> None:
        self.progress = progress
        self.given = given
        self.recorder = recorder
        self.clock = clock
        self.problems: list[str] = []

    def answer(self, question: ComprehensionQuestion, value: str) -> bool:
        """Record an answer; True when it is right."""
        self.progress.answer(question, value, self.clock())
        if self.recorder:
            self.recorder.answered(question, value)
        latest = self.progress.latest(question.id)
        return latest is not None and latest.correct

    def release(self, hold: str, by: str, note: str = "") -> None:
        release = HoldRelease(hold, by, self.clock(), note=note)
        self.progress.release(release)
        if self.recorder:
            self.recorder.released(release)

    def talk(self) -> None:
        """Questions and wrong answers are talked over; each wrong answer is asked again."""
        progress, given = self.progress, self.given
        if not progress.needs_discussion():
            if given.talked is not None:
                self.problems.append(
                    "consent.talked: there was no question or wrong answer to talk over"
                )
            self._not_asked_again(set())
            return
        topics = [f"a question about '{s}'" for s, _ in progress.so_far.questions]
        topics += [f"a wrong answer to '{q.id}'" for q in progress.wrong_answers()]
        if given.talked is None:
            self.problems.append(
                f"consent.talked: missing; the patient had {', '.join(topics)}, and the "
                "tablet holds the patient until staff talk it over; record who did: "
                + RELEASE_EXAMPLE
            )
            return
        self.release(DISCUSSION_HOLD, given.talked, given.talk_note)
        due = {q.id: q for q in progress.questions_due()}
        for qid, question in due.items():
            self._ask_again(qid, question)
        self._not_asked_again(set(due))

    def _ask_again(self, qid: str, question: ComprehensionQuestion) -> None:
        again = self.given.answers_after_talk
        if qid not in again:
            self.problems.append(
                f"consent.answers_after_talk.{qid}: missing; after the talk the tablet asks a "
                "wrongly answered question again: give the patient's second answer"
            )
        elif not self.answer(question, again[qid]):
            self.problems.append(
                f"consent.answers_after_talk.{qid}: still wrong after the talk; the tablet "
                "would hold the patient for another talk, which an input file cannot record"
            )

    def _not_asked_again(self, due: set[str]) -> None:
        self.problems += [
            f"consent.answers_after_talk.{qid}: not asked again (no talk, or the first "
            "answer was right); leave it out"
            for qid in self.given.answers_after_talk
            if qid not in due
        ]

    def release_hold(self, point: str) -> None:
        by = self.given.released.get(point)
        rules = self.progress.held.get(point, [])
        if not rules:
            if by is not None:
                self.problems.append(
                    f"consent.released.{point}: no flag held the patient there; leave it out"
                )
            return
        if by is None:
            self.problems.append(
                f"consent.released.{point}: missing; the flag(s) {', '.join(rules)} hold the "
                f"patient {HOLD_NAMES[point]} until staff talk with them; record who released the "
                f"hold: {RELEASE_EXAMPLE}"
            )
            return
        self.release(point, by)

    def signed_name(self, patient: PatientDetails) -> None:
        """A typed name that differs from the registration is accepted by staff, never
        silently."""
        by = self.given.released.get(SIGNED_NAME_HOLD)
        typed = self.given.signed_name
        if typed_name_matches(typed, patient.given_names, patient.family_name):
            if by is not None:
                self.problems.append(
                    "consent.released.signed_name: the typed name is the registered name; "
                    "leave it out"
                )
            return
        if not shares_a_name(typed, patient.given_names, patient.family_name):
            self.problems.append(
                "consent.signed_name: shares no name with the registered name (patient."
                "given_names and patient.family_name); it must be the patient's own full name"
            )
            return
        if by is None:
            self.problems.append(
                "consent.signed_name: differs from the registered name (patient.given_names "
                "and patient.family_name); the tablet shows this to staff: record who "
                f"accepted the typed name in consent.released.signed_name: {RELEASE_EXAMPLE}"
            )
            return
        self.release(SIGNED_NAME_HOLD, by)
