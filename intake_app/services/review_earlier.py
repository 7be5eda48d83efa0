"""The patient's other intakes, for the review page: what each found and how it was decided.

A nurse reviewing today's answers wants to see, without opening them, that the
same patient was turned away last month for an infection, or cleared by a
clinician. Only a summary is read (nothing of their answers), so listing them is
part of opening this intake, not an opening of each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.services.review import DECISION_WORDS
from intake_app.services.review_consent import decision_words, shown_time
from intake_app.storage.reviews import latest_review
from intake_app.storage.tables import NO_FLAG, ConsentRecord, Intake

SEVERITY_WORDS = {rank: severity.upper() for severity, rank in SEVERITY_ORDER.items()}
STATUS_WORDS = {"in_progress": "not finished", "completed": "confirmed", "abandoned": "abandoned"}


@dataclass(frozen=True)
class ReviewInForce:
    decision: str  # cleared for treatment, needs a clinician's decision, ...
    signed_name: str
    signed_at: str


@dataclass(frozen=True)
class EarlierIntake:
    intake_id: str
    at: str  # when the answers were confirmed, else when the intake was started
    status: str  # confirmed, not finished, abandoned
    form: str
    worst_flag: str  # STOP, REVIEW, NOTE or "no flags"
    consent: str  # agreed, refused, more time, not reached, withdrawn after agreeing
    review: ReviewInForce | None  # None: not reviewed


def earlier_intakes(session: Session, intake: Intake) -> tuple[EarlierIntake, ...]:
    """The same patient's other intakes, newest first."""
    query = select(Intake).where(Intake.patient_id == intake.patient_id, Intake.id != intake.id)
    others = sorted(session.exec(query), key=lambda i: i.completed_at or i.started_at, reverse=True)
    records = _consent_records(session, [other.id for other in others])
    return tuple(_earlier(session, other, records.get(other.id, [])) for other in others)


def _consent_records(session: Session, intake_ids: list[str]) -> dict[str, list[ConsentRecord]]:
    if not intake_ids:
        return {}
    query = select(ConsentRecord).where(col(ConsentRecord.intake_id).in_(intake_ids))
    found: dict[str, list[ConsentRecord]] = {}
    for record in session.exec(query):
        found.setdefault(record.intake_id, []).append(record)
    return found


def _earlier(session: Session, intake: Intake, records: list[ConsentRecord]) -> EarlierIntake:
    in_force = latest_review(session, intake_id=intake.id)
    review = (
        ReviewInForce(
            DECISION_WORDS.get(in_force.decision, in_force.decision),
            in_force.signed_name,
            shown_time(in_force.signed_at),
        )
        if in_force is not None
        else None
    )
    return EarlierIntake(
        intake.id,
        shown_time(intake.completed_at or intake.started_at),
        STATUS_WORDS.get(intake.status, intake.status),
        f"{intake.form_id}, version {intake.form_version}",
        "no flags" if intake.worst_flag == NO_FLAG else SEVERITY_WORDS[intake.worst_flag],
        decision_words(intake, records),
        review,
    )
