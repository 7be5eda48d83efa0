"""A patient withdraws a signed agreement on the tablet.

Staff open it from the patient's row (a role that starts intakes: the front
desk); the patient reads the withdrawal text and signs it themselves, for their
own intake only (``SIGN_CONSENT``). The signed agreement never changes: a new
record points to it (``storage.consents.withdraw_consent``).
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.consent.document import ShownWithdrawal
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.consents import Signature, WithdrawalRefused, withdraw_consent
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Patient

__all__ = ["Agreement", "Signature", "WithdrawalRefused", "agreement_to_withdraw", "withdraw"]


@dataclass(frozen=True)
class Agreement:
    """A signed agreement a patient may withdraw."""

    record_id: str
    intake_id: str
    language: str  # the withdrawal is shown in the language the patient signed in
    given_names: str  # the patient's registered name: the one who signs must share it
    family_name: str


def agreement_to_withdraw(database: Database, record_id: str, *, by: Actor) -> Agreement | None:
    """The signed agreement staff chose, or None if it is not one that can be withdrawn."""
    require(by, Permission.START_INTAKE)
    with database.session() as session:
        record = session.get(ConsentRecord, record_id)
        if record is None or record.decision != "agree":
            return None
        patient = session.get(Patient, record.patient_id)
        assert patient is not None
        return Agreement(
            record.id, record.intake_id, record.language, patient.given_names, patient.family_name
        )


def withdraw(
    database: Database,
    agreement: Agreement,
    shown: ShownWithdrawal,
    signature: Signature,
    *,
    device: str | None,
) -> str:
    """The patient signed the withdrawal: store it (``WithdrawalRefused`` if the agreement
    is already withdrawn); the new record's id, for its document."""
    patient = Actor.patient(agreement.intake_id, device)
    require(patient, Permission.SIGN_CONSENT, intake_id=agreement.intake_id)
    with database.session() as session:
        original = session.get(ConsentRecord, agreement.record_id)
        if original is None:
            raise WithdrawalRefused("this agreement is not on file")
        record = withdraw_consent(
            session, original=original, shown=shown, meaning=shown.meaning, signature=signature
        )
        return record.id
