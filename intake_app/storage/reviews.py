"""The nurse's review of an intake: each flag acknowledged, then one signed decision.

Nothing here commits (the service does). A review, once signed, is never
changed (``storage.guards``); a correction is a new review pointing to the
latest one. Two people signing at the same moment: the database keeps one first
review per intake and one correction per review, and the second to sign is told
who signed first and when (``ReviewTaken``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from intake_app.storage.intakes import audit
from intake_app.storage.tables import Flag, Intake, Review

DECISIONS = ("cleared", "needs_clinician", "not_eligible")


class ReviewTaken(RuntimeError):
    """Someone else signed this review (or its correction) first: who, when, which review
    (plain values: the transaction that found it is rolled back)."""

    def __init__(self, first: Review) -> None:
        super().__init__(f"{first.signed_name} signed the review first, at {first.signed_at}")
        self.review_id, self.signed_name, self.signed_at = (
            first.id,
            first.signed_name,
            first.signed_at,
        )


def acknowledge_flag(
    session: Session,
    *,
    flag: Flag,
    note: str,
    by: str,
    at: dt.datetime,
    actor: str,
    actor_role: str | None,
) -> None:
    """``by`` (a staff id) read the flag and what raised it; ``note`` says what they did."""
    flag.reviewed_by, flag.reviewed_at, flag.review_note = by, at, note or None
    session.add(flag)
    intake = session.get(Intake, flag.intake_id)
    assert intake is not None
    detail = {"flag": flag.id, "rule": flag.rule_id, "severity": flag.severity, "note": note}
    audit(session, intake, "flag_acknowledged", actor=actor, actor_role=actor_role, detail=detail)
    session.flush()


def reviews_of(session: Session, *, intake_id: str) -> list[Review]:
    """The intake's signed reviews, oldest first (each correction after the one it
    corrects)."""
    query = select(Review).where(Review.intake_id == intake_id)
    return list(session.exec(query.order_by(col(Review.signed_at))))


def latest_review(session: Session, *, intake_id: str) -> Review | None:
    """The review in force: the last correction, or the first review, or None."""
    reviews = reviews_of(session, intake_id=intake_id)
    corrected = {review.supersedes_id for review in reviews}
    current = [review for review in reviews if review.id not in corrected]
    return current[-1] if current else None


def sign_review(session: Session, review: Review, *, actor: str, actor_role: str | None) -> None:
    """Store the signed review; ``ReviewTaken`` when another was signed first (this one
    is then not stored, and the caller's transaction goes on)."""
    try:
        with session.begin_nested():
            session.add(review)
    except IntegrityError:
        first = _signed_first(session, review)
        if first is None:
            raise
        raise ReviewTaken(first) from None
    intake = session.get(Intake, review.intake_id)
    assert intake is not None
    intake.review_state = review.decision  # the review in force, for the nurse's queue
    session.add(intake)
    detail = {
        "review": review.id,
        "decision": review.decision,
        "supersedes": review.supersedes_id,
        "meaning": review.meaning,
    }
    audit(session, intake, "review_signed", actor=actor, actor_role=actor_role, detail=detail)
    session.flush()


def _signed_first(session: Session, review: Review) -> Review | None:
    """The review that took this one's place: the first review, or the correction."""
    query = select(Review).where(Review.intake_id == review.intake_id)
    if review.supersedes_id is None:
        query = query.where(col(Review.supersedes_id).is_(None))
    else:
        query = query.where(Review.supersedes_id == review.supersedes_id)
    return session.exec(query).first()
