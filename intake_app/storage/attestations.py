"""A clinician's signed attestation that they explained the consent.

Nothing here commits (the service does). An attestation, once signed, is never
changed (``storage.guards``). Each clinician attests an intake once: the database
keeps one per clinician and intake, so two stations signing for the same person at
the same moment store one, and the second is told when the first was signed
(``AlreadyAttested``).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from intake_app.storage.intakes import audit
from intake_app.storage.tables import Attestation, Intake


class AlreadyAttested(RuntimeError):
    """This clinician attested the intake already: when (a plain value, the transaction
    that found it may be rolled back)."""

    def __init__(self, first: Attestation) -> None:
        local = first.signed_at.astimezone()
        super().__init__(
            f"{first.signed_name} attested the consent explanation of this intake already, "
            f"at {local:%Y-%m-%d %H:%M %Z}; an attestation is signed once."
        )
        self.attestation_id, self.signed_at = first.id, first.signed_at


def attestations_of(session: Session, *, intake_id: str) -> list[Attestation]:
    """The intake's signed attestations, oldest first."""
    query = select(Attestation).where(Attestation.intake_id == intake_id)
    return list(session.exec(query.order_by(col(Attestation.signed_at))))


def attestation_by(session: Session, *, intake_id: str, staff_id: str) -> Attestation | None:
    """The attestation ``staff_id`` signed for the intake, if any."""
    query = select(Attestation).where(
        Attestation.intake_id == intake_id, Attestation.signed_by == staff_id
    )
    return session.exec(query).first()


def sign_attestation(
    session: Session, attestation: Attestation, *, actor: str, actor_role: str | None
) -> None:
    """Store the signed attestation and write ``consent_attested`` to the audit trail;
    ``AlreadyAttested`` when the same person's was stored first (this one is then not
    stored, and the caller's transaction goes on)."""
    try:
        with session.begin_nested():
            session.add(attestation)
    except IntegrityError:
        first = attestation_by(
            session, intake_id=attestation.intake_id, staff_id=attestation.signed_by
        )
        if first is None:
            raise
        raise AlreadyAttested(first) from None
    intake = session.get(Intake, attestation.intake_id)
    assert intake is not None
    detail = {"attestation": attestation.id, "meaning": attestation.meaning}
    audit(session, intake, "consent_attested", actor=actor, actor_role=actor_role, detail=detail)
    session.flush()
