"""The birth-date check on the paused screen, kept in the audit trail.

Each wrong date is an audit event (never the date typed), so the count of
wrong dates in a row survives a rebuilt screen, a language switch and a
restart. A right date, or staff resuming the intake, ends the row.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from intake_app.storage.intakes import audit
from intake_app.storage.tables import AuditEvent, Intake

WRONG = "birth_date_wrong"
CONFIRMED = "birth_date_confirmed"
LOCKOUT = "birth_date_lockout"
CLEARED = "birth_date_tries_cleared"
_ENDS_A_ROW = (CONFIRMED, CLEARED)


def wrong_birth_dates(session: Session, *, intake_id: str) -> int:
    """Wrong dates of birth in a row: since the last right one or staff clearing them."""
    query = (
        select(AuditEvent.action)
        .where(AuditEvent.intake_id == intake_id)
        .where(col(AuditEvent.action).in_((WRONG, *_ENDS_A_ROW)))
        .order_by(col(AuditEvent.sequence).desc())
    )
    wrong = 0
    for action in session.exec(query):
        if action in _ENDS_A_ROW:
            break
        wrong += 1
    return wrong


def record_birth_date_try(session: Session, *, intake: Intake, matched: bool) -> int:
    """One date of birth entered; returns the wrong ones in a row now (0 after a right one)."""
    wrong = wrong_birth_dates(session, intake_id=intake.id)
    if matched:
        if wrong:
            audit(session, intake, CONFIRMED)
        wrong = 0
    else:
        audit(session, intake, WRONG)
        wrong += 1
    session.flush()
    return wrong


def record_birth_date_lockout(session: Session, *, intake: Intake, tries: int) -> None:
    """Too many wrong dates: from now on only staff can let the patient go on."""
    audit(session, intake, LOCKOUT, actor="system", detail={"wrong_tries": tries})
    session.flush()


def clear_birth_date_tries(
    session: Session, *, intake: Intake, actor: str = "staff", actor_role: str | None = None
) -> None:
    """Staff resumed the intake: they vouch for the patient, the row of wrong dates ends."""
    if wrong_birth_dates(session, intake_id=intake.id):
        audit(session, intake, CLEARED, actor=actor, actor_role=actor_role)
        session.flush()
