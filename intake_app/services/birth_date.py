"""Who may go on after a lock: the patient with their date of birth, five tries in a row."""

from __future__ import annotations

import datetime as dt
import enum

from intake_app.services.actor import Actor
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import Permission, require
from intake_app.storage.birth_date_checks import (
    clear_birth_date_tries,
    record_birth_date_lockout,
    record_birth_date_try,
    wrong_birth_dates,
)

MAX_BIRTH_DATE_TRIES = 5


class BirthDateCheck(enum.Enum):
    MATCHED = "matched"
    WRONG = "wrong"
    LOCKED_OUT = "locked_out"  # only staff can let the patient go on


class BirthDateGuard:
    """After five wrong dates of birth in a row, only staff can unlock the intake.

    A date of birth is easy to guess from a few tries; the paused screen would
    otherwise let anyone try until the answers showed. The count is kept in
    storage, so a rebuilt screen or a restart does not reset it.
    """

    def __init__(self, session: IntakeSession) -> None:
        self.session = session

    def locked_out(self) -> bool:
        require(self.session.actor, Permission.READ_INTAKE, intake_id=self.session.intake.id)
        with self.session.database.session() as db:
            wrong = wrong_birth_dates(db, intake_id=self.session.intake.id)
        return wrong >= MAX_BIRTH_DATE_TRIES

    def check(self, day: dt.date) -> BirthDateCheck:
        intake = self.session.intake
        require(self.session.actor, Permission.READ_INTAKE, intake_id=intake.id)
        with self.session.database.session() as db:
            if wrong_birth_dates(db, intake_id=intake.id) >= MAX_BIRTH_DATE_TRIES:
                return BirthDateCheck.LOCKED_OUT
            matched = self.session.birth_date_matches(day)
            wrong = record_birth_date_try(db, intake=intake, matched=matched)
            if matched:
                return BirthDateCheck.MATCHED
            if wrong < MAX_BIRTH_DATE_TRIES:
                return BirthDateCheck.WRONG
            record_birth_date_lockout(db, intake=intake, tries=wrong)
        return BirthDateCheck.LOCKED_OUT

    def staff_resumed(self, by: Actor) -> None:
        """Staff (``by``) handed the tablet back to this patient: the wrong dates so far are
        forgotten."""
        require(by, Permission.RESUME_INTAKE)
        with self.session.database.session() as db:
            clear_birth_date_tries(
                db,
                intake=self.session.intake,
                actor=by.audit_name,
                actor_role=by.role_names or None,
            )
