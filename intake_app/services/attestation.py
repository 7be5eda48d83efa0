"""The clinician's attestation: "I explained the treatment...", signed with the password.

The clinician who explained the consent to the patient records that they did, in
fixed words (``ATTESTATION_TEXT``), once the patient has signed or refused it.
Only the clinician role may attest (``ATTEST_CONSENT``). It is signed the way a
review is (``services.signing_again``): the password again, a wrong one refused,
counted towards the lock-out and in the audit trail. Each clinician attests an
intake once; the attestation is never changed, and the review addendum prints it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session, col, select

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.services.signing_again import (
    WrongPassword,
    check_password_again,
    signed_when,
    staff_id_of,
)
from intake_app.settings import StaffSettings
from intake_app.storage.attestations import AlreadyAttested, attestation_by, sign_attestation
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import Attestation, ConsentRecord, Intake

__all__ = [
    "ATTESTATION_TEXT",
    "AlreadyAttested",
    "Attestation",
    "AttestationProblem",
    "Attestations",
    "WrongPassword",
]

ATTESTATION_TEXT = (
    "I explained the treatment, its risks and alternatives and answered the patient's questions."
)
DECIDED = ("agree", "refuse")  # a consent the patient signed or refused


class AttestationProblem(ValueError):
    """Why there is nothing to attest yet, in plain words."""


class Attestations:
    """The attestation calls of one clinician at one station."""

    def __init__(
        self,
        database: Database,
        by: Actor,
        rules: StaffSettings,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.database, self.by, self.rules, self.clock = database, by, rules, clock

    def attest(self, intake_id: str, password: str) -> Attestation:
        """Sign ``ATTESTATION_TEXT`` for the intake. ``NotPermitted`` for anyone but a
        clinician, ``AttestationProblem`` before the consent is signed or refused,
        ``AlreadyAttested`` for a second one by the same person, ``WrongPassword``."""
        require(self.by, Permission.ATTEST_CONSENT)
        staff_id = staff_id_of(self.by)
        with self.database.session() as session:
            self._check(session, intake_id, staff_id)
        check_password_again(self.database, self.by, password, rules=self.rules, now=self.clock())
        now = self.clock()
        attestation = Attestation(
            intake_id=intake_id,
            text=ATTESTATION_TEXT,
            signed_by=staff_id,
            signed_name=self.by.name,
            signed_roles=self.by.role_names,
            signed_at=now,
            meaning=self.meaning(now),
        )
        with self.database.session() as session:
            acting = self.by.acting
            sign_attestation(session, attestation, actor=acting.actor, actor_role=acting.role)
        return attestation

    def meaning(self, at: dt.datetime) -> str:
        """What the signature means, as printed: who, as what, when (local time and zone)."""
        return f"Attested by {self.by.name}, clinician, {signed_when(at)}"

    def _check(self, session: Session, intake_id: str, staff_id: str) -> None:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise LookupError("no intake with this id")
        decided = select(ConsentRecord.id).where(
            ConsentRecord.intake_id == intake_id, col(ConsentRecord.decision).in_(DECIDED)
        )
        if session.exec(decided).first() is None:
            raise AttestationProblem(
                "There is nothing to attest yet: the patient has not signed or refused the consent."
            )
        first = attestation_by(session, intake_id=intake_id, staff_id=staff_id)
        if first is not None:
            raise AlreadyAttested(first)
