"""The nurse's review: acknowledge each flag, then sign off one decision with the password.

Each call is made for the person at the station (``by``) and checks their roles:
acknowledging a flag and signing off need a clinical role; clearing an intake
that has a STOP flag needs a clinician (``DECIDE_STOP``); a nurse routes it to
them with "needs clinician". Every STOP and REVIEW flag is acknowledged, with a
note, before sign-off. Signing asks for the person's password again (both parts
of the signature given at the moment of signing, 21 CFR 11.200); a wrong one is
refused and, like any wrong password, counts towards the lock-out and is in the
audit trail. A signed review never changes: a correction is a new review that
points to the one in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.services.signing_again import (
    WrongPassword,
    check_password_again,
    signed_when,
    staff_id_of,
)
from intake_app.settings import StaffSettings
from intake_app.storage.db import Database, utc_now
from intake_app.storage.intakes import stored_flags
from intake_app.storage.reviews import (
    DECISIONS,
    ReviewTaken,
    acknowledge_flag,
    latest_review,
    sign_review,
)
from intake_app.storage.tables import Flag, Intake, Review

__all__ = ["DECISIONS", "ReviewProblem", "ReviewTaken", "Reviews", "WrongPassword"]

NEEDS_NOTE = ("stop", "review")  # severities acknowledged only with a note
DECISION_WORDS = {
    "cleared": "cleared for treatment",
    "needs_clinician": "needs a clinician's decision",
    "not_eligible": "not eligible for treatment",
}


class ReviewProblem(ValueError):
    """What must be done before this can be stored, in plain words."""


class Reviews:
    """The review calls of one person at one station."""

    def __init__(
        self,
        database: Database,
        by: Actor,
        rules: StaffSettings,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.database, self.by, self.rules, self.clock = database, by, rules, clock

    def acknowledge(self, flag_id: str, note: str) -> None:
        """The person read the flag and the answers that raised it; for a STOP or REVIEW
        flag the note says what they did about it."""
        require(self.by, Permission.ACKNOWLEDGE_FLAG)
        note = note.strip()
        with self.database.session() as session:
            flag = session.get(Flag, flag_id)
            if flag is None:
                raise LookupError("no flag with this id")
            if flag.severity in NEEDS_NOTE and not note:
                raise ReviewProblem(
                    f"Write a note for the {flag.severity.upper()} flag: what you checked "
                    "or did about it."
                )
            acting = self.by.acting
            acknowledge_flag(
                session,
                flag=flag,
                note=note,
                by=self._staff_id(),
                at=self.clock(),
                actor=acting.actor,
                actor_role=acting.role,
            )

    def sign_off(
        self,
        intake_id: str,
        decision: str,
        note: str,
        password: str,
        *,
        corrects: str | None = None,
    ) -> Review:
        """Sign the decision on the intake (``corrects``: the id of the review in force, for a
        correction). ``ReviewProblem`` for what is missing, ``NotPermitted`` for a decision
        the person's roles do not allow, ``WrongPassword``, or ``ReviewTaken`` when someone
        signed first."""
        if decision == "cleared" and self._has_stop_flag(intake_id):
            require(self.by, Permission.DECIDE_STOP)  # before anything else is read
        require(self.by, Permission.SIGN_OFF_REVIEW)
        note = note.strip()
        with self.database.session() as session:
            self._check(session, intake_id, decision, note, corrects)
        self._check_password(password)
        now = self.clock()
        review = Review(
            intake_id=intake_id,
            decision=decision,
            note=note,
            signed_by=self._staff_id(),
            signed_name=self.by.name,
            signed_roles=self.by.role_names,
            signed_at=now,
            meaning=self.meaning(decision, now),
            supersedes_id=corrects,
        )
        with self.database.session() as session:
            self._check(session, intake_id, decision, note, corrects)  # as it is now
            acting = self.by.acting
            sign_review(session, review, actor=acting.actor, actor_role=acting.role)
        return review

    def _has_stop_flag(self, intake_id: str) -> bool:
        with self.database.session() as session:
            return any(f.severity == "stop" for f in stored_flags(session, intake_id=intake_id))

    def meaning(self, decision: str, at: dt.datetime) -> str:
        """What the signature means, as printed: who, in which role, when (local time and
        zone), what ("Reviewed by Rosa Díaz, nurse, 2026-12-01 14:05 CST: cleared for
        treatment")."""
        roles = " and ".join(sorted(role.value for role in self.by.roles))
        return f"Reviewed by {self.by.name}, {roles}, {signed_when(at)}: {DECISION_WORDS[decision]}"

    def _check(
        self, session: Session, intake_id: str, decision: str, note: str, corrects: str | None
    ) -> None:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise LookupError("no intake with this id")
        if intake.status != "completed":
            raise ReviewProblem("The patient has not confirmed their answers yet.")
        if decision not in DECISIONS:
            raise ReviewProblem(f"Choose a decision: {', '.join(DECISION_WORDS.values())}.")
        if decision != "cleared" and not note:
            raise ReviewProblem("Write a note saying why.")
        flags = stored_flags(session, intake_id=intake_id)
        waiting = [f for f in flags if f.severity in NEEDS_NOTE and f.reviewed_at is None]
        if waiting:
            raise ReviewProblem(
                f"Acknowledge every STOP and REVIEW flag first ({len(waiting)} left)."
            )
        in_force = latest_review(session, intake_id=intake_id)
        if in_force is not None and corrects != in_force.id:
            raise ReviewTaken(in_force)
        if in_force is None and corrects is not None:
            raise ReviewProblem("There is no review to correct.")

    def _check_password(self, password: str) -> None:
        """In its own transaction: a wrong try is kept whatever happens next."""
        check_password_again(self.database, self.by, password, rules=self.rules, now=self.clock())

    def _staff_id(self) -> str:
        return staff_id_of(self.by)
