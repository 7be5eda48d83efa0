"""The nurse's queue: intakes whose answers are confirmed, worst flag first, then oldest;
and beside it the unfinished intakes nobody touched for hours.

One page at a time, from the index the intake keeps for it (``worst_flag``,
``review_state``, ``completed_at``): opening the queue or changing a filter reads a
page, never the whole clinic. A search by MRN or date of birth narrows the patients
first through their own indexes; name words are looked for in the name key stored with
each patient (accents, case and punctuation ignored), in the database. Whether the
patient asked a question or answered a comprehension question wrongly is read for the
page's rows at once, from the review flags the consent raised the moment it happened (so
"more time" and unfinished intakes show them too, before anything is signed). Only
people who review may see it (a records clerk files documents but does not judge them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.services.queue_search import read_search
from intake_app.storage.consents import COMPREHENSION_RULE, DEFERRED_PAGE, QUESTION_RULE
from intake_app.storage.db import Database
from intake_app.storage.patients import name_holds
from intake_app.storage.tables import NO_FLAG, ConsentRecord, Flag, Intake, Patient

SEVERITIES = {rank: severity for severity, rank in SEVERITY_ORDER.items()}
WAITING = "waiting"
STALLED = dt.timedelta(hours=4)  # an unfinished intake untouched this long is shown too


@dataclass(frozen=True)
class QueueFilter:
    """What the nurse narrows the queue to; the defaults are "waiting for review"."""

    review_state: str | None = WAITING  # waiting, needs_clinician, cleared, not_eligible
    severity: str | None = None  # stop, review, note; None: any
    language: str | None = None
    since: dt.datetime | None = None  # answers confirmed at or after (today: midnight)
    search: str = ""  # name words, a date of birth or an MRN (see ``queue_search``)


@dataclass(frozen=True)
class QueueRow:
    intake_id: str
    patient_name: str
    date_of_birth: dt.date
    mrn: str | None
    worst: str | None  # stop, review, note; None when no flag was raised
    flag_count: int
    decision: str  # agreed, refused, more time, not reached
    at: dt.datetime  # when the answers were confirmed (unfinished: last touched)
    language: str
    asked_question: bool = False  # "I have a question for the nurse" during the consent
    wrong_answers: int = 0  # comprehension questions answered wrongly


@dataclass(frozen=True)
class _ConsentTalk:
    """What the consent raised for the nurse to talk over, per intake."""

    asked: set[str]
    wrong: dict[str, set[str]]  # intake id -> the comprehension questions answered wrongly


class ReviewQueue:
    """The queue as one person at one station reads it."""

    def __init__(self, database: Database, by: Actor) -> None:
        self.database, self.by = database, by

    def page(self, shown: QueueFilter, *, offset: int = 0, limit: int = 50) -> list[QueueRow]:
        """Rows ``offset`` to ``offset + limit`` of the queue, worst first, then oldest."""
        require(self.by, Permission.ACKNOWLEDGE_FLAG)
        with self.database.session() as session:
            return _rows(session, _searched(session, shown, offset, limit))

    def unfinished(
        self, now: dt.datetime, *, untouched_for: dt.timedelta = STALLED, limit: int = 50
    ) -> list[QueueRow]:
        """Intakes nobody finished and nobody touched for ``untouched_for``, oldest first:
        a patient who left, a tablet that broke. Shown with the queue so none is forgotten."""
        require(self.by, Permission.ACKNOWLEDGE_FLAG)
        query = (
            select(Intake, Patient)
            .join(Patient)
            .where(
                col(Intake.status) == "in_progress", col(Intake.updated_at) < now - untouched_for
            )
            .order_by(col(Intake.updated_at), col(Intake.id))
            .limit(limit)
        )
        with self.database.session() as session:
            return _rows(session, list(session.exec(query)))

    def counts(self, shown: QueueFilter) -> dict[str, int]:
        """How many intakes are in each review state under the other filters (the search
        narrows the list, not the counts)."""
        require(self.by, Permission.ACKNOWLEDGE_FLAG)
        every_state = QueueFilter(None, shown.severity, shown.language, shown.since)
        query = _filtered(
            select(Intake.review_state, func.count()).select_from(Intake), every_state
        ).group_by(col(Intake.review_state))
        with self.database.session() as session:
            return {state: count for state, count in session.exec(query)}


def _filtered(query: Any, shown: QueueFilter) -> Any:
    for column, value in _fixed(shown).items():
        query = query.where(col(getattr(Intake, column)) == value)
    if shown.since is not None:
        query = query.where(col(Intake.completed_at) >= shown.since)
    return query


def _fixed(shown: QueueFilter) -> dict[str, Any]:
    """The intake columns the filter sets, and their values."""
    fixed: dict[str, Any] = {"status": "completed"}
    if shown.review_state is not None:
        fixed["review_state"] = shown.review_state
    if shown.severity is not None:
        fixed["worst_flag"] = SEVERITY_ORDER[shown.severity]
    if shown.language is not None:
        fixed["language"] = shown.language
    return fixed


def _passes(intake: Intake, shown: QueueFilter) -> bool:
    """``_filtered`` for one intake already read."""
    if any(getattr(intake, column) != value for column, value in _fixed(shown).items()):
        return False
    done = intake.completed_at
    return shown.since is None or (done is not None and done >= shown.since)


def _searched(
    session: Session, shown: QueueFilter, offset: int, limit: int
) -> list[tuple[Intake, Patient]]:
    """The page of the queue's rows that the search finds.

    An MRN on file settles it: that patient's intakes. Else a date of birth narrows to
    the patients born that day, and the name words to the patients whose name key holds
    each of them (``storage.patients.name_holds``), all in the database.
    """
    search = read_search(shown.search)
    if search.mrn is not None:
        holder = list(session.exec(select(Patient.id).where(Patient.mrn_key == search.mrn)))
        if holder:
            return _of_patients(session, holder, shown)[offset : offset + limit]
    if search.impossible or not search.words_can_match_a_name:
        return []
    named = name_holds(list(search.name_words))
    if search.born is not None:
        born_then = select(Patient.id).where(Patient.date_of_birth == search.born, *named)
        return _of_patients(session, list(session.exec(born_then)), shown)[offset : offset + limit]
    query = _filtered(select(Intake, Patient).join(Patient), shown)
    if named:
        query = query.where(col(Intake.patient_id).in_(select(Patient.id).where(*named)))
    in_order = query.order_by(col(Intake.worst_flag), col(Intake.completed_at), col(Intake.id))
    return list(session.exec(in_order.offset(offset).limit(limit)))


def _of_patients(
    session: Session, patient_ids: list[str], shown: QueueFilter
) -> list[tuple[Intake, Patient]]:
    """These few patients' intakes in the queue, in its order.

    Read by the patients alone and filtered here: given the queue's filters too, a
    database without statistics (SQLite) may walk the whole queue's index instead.
    """
    query = select(Intake, Patient).join(Patient).where(col(Intake.patient_id).in_(patient_ids))
    found = [(intake, patient) for intake, patient in session.exec(query) if _passes(intake, shown)]
    return sorted(found, key=lambda pair: _queue_order(pair[0]))


def _queue_order(intake: Intake) -> tuple[int, dt.datetime, str]:
    return intake.worst_flag, intake.completed_at or intake.updated_at, intake.id


def _rows(session: Session, found: list[tuple[Intake, Patient]]) -> list[QueueRow]:
    """The queue's rows for these intakes: one query each for the consent decisions and
    for the consent's questions and wrong answers, however many rows."""
    ids = [intake.id for intake, _ in found]
    decisions, talk = _decisions(session, ids), _consent_talk(session, ids)
    return [_row(intake, patient, decisions, talk) for intake, patient in found]


def _decisions(session: Session, ids: list[str]) -> dict[str, str]:
    """Each intake's consent decision (a withdrawal follows an agreement: still agreed)."""
    if not ids:
        return {}
    query = select(ConsentRecord.intake_id, ConsentRecord.decision).where(
        col(ConsentRecord.intake_id).in_(ids), col(ConsentRecord.decision).in_(("agree", "refuse"))
    )
    return {intake_id: decision for intake_id, decision in session.exec(query)}


def _consent_talk(session: Session, ids: list[str]) -> _ConsentTalk:
    """Which intakes raised a question, and which comprehension questions each answered
    wrongly, from the review flags the consent raised (a second wrong answer to the same
    question after a talk is the same question)."""
    talk = _ConsentTalk(set(), {})
    if not ids:
        return talk
    query = select(Flag.intake_id, Flag.rule_id, Flag.triggers).where(
        col(Flag.intake_id).in_(ids), col(Flag.rule_id).in_((QUESTION_RULE, COMPREHENSION_RULE))
    )
    for intake_id, rule_id, triggers in session.exec(query):
        if rule_id == QUESTION_RULE:
            talk.asked.add(intake_id)
        else:
            questions = {t.get("reference") for t in triggers or [] if isinstance(t, dict)}
            talk.wrong.setdefault(intake_id, set()).update(q for q in questions if q)
    return talk


def _row(
    intake: Intake, patient: Patient, decisions: dict[str, str], talk: _ConsentTalk
) -> QueueRow:
    decision = {"agree": "agreed", "refuse": "refused"}.get(decisions.get(intake.id, ""))
    if decision is None:
        decision = "more time" if intake.current_page == DEFERRED_PAGE else "not reached"
    return QueueRow(
        intake.id,
        f"{patient.given_names} {patient.family_name}",
        patient.date_of_birth,
        patient.mrn,
        SEVERITIES.get(intake.worst_flag) if intake.worst_flag != NO_FLAG else None,
        intake.flag_count,
        decision,
        intake.completed_at or intake.updated_at,
        intake.language,
        asked_question=intake.id in talk.asked,
        wrong_answers=len(talk.wrong.get(intake.id, ())),
    )
