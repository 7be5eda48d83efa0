"""A clinician's signed attestation is never changed or deleted, whatever program asks:
the database itself refuses (SQLite and PostgreSQL triggers), and the app's own code
gets the rule's words."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake_app.storage.attestations import AlreadyAttested, sign_attestation
from intake_app.storage.guards import ATTESTATION_KEPT, CompletedRecordError
from intake_app.storage.staff import add_staff
from intake_app.storage.tables import Attestation, Intake, StaffUser
from tests.storage.test_guards import completed, emptied, refused, sign  # noqa: F401


def attested(database, intake: Intake) -> Attestation:
    """The patient signed; a clinician attested that they explained the consent."""
    sign(database, intake)
    with database.session() as session:
        person = StaffUser(
            username="ana", display_name="Dr Ana Ruiz", roles=["clinician"], password_hash="-"
        )
        clinician = add_staff(session, person)
        attestation = Attestation(
            intake_id=intake.id,
            text="I explained the treatment.",
            signed_by=clinician.id,
            signed_name="Dr Ana Ruiz",
            signed_roles="clinician",
            meaning="Attested by Dr Ana Ruiz, clinician, 2026-12-01 14:05 CST (UTC-06:00)",
        )
        sign_attestation(
            session, attestation, actor=f"staff:{clinician.id}", actor_role="clinician"
        )
    return attestation


def stored_texts(database) -> list[str]:
    with database.session() as session:
        return [a.text for a in session.exec(select(Attestation))]


def test_the_database_refuses_to_change_or_delete_an_attestation(database, completed):  # noqa: F811
    attestation = attested(database, completed)
    refused(database, "UPDATE attestation SET text = 'Nothing.' WHERE id = :a", ATTESTATION_KEPT,
            a=attestation.id)  # fmt: skip
    refused(database, "UPDATE attestation SET signed_name = 'Someone else' WHERE id = :a",
            ATTESTATION_KEPT, a=attestation.id)  # fmt: skip
    refused(database, "DELETE FROM attestation WHERE id = :a", ATTESTATION_KEPT, a=attestation.id)
    refused(database, *emptied(database, "attestation", ATTESTATION_KEPT))
    assert stored_texts(database) == ["I explained the treatment."]


def test_the_apps_own_code_is_refused_in_the_rules_words(database, completed):  # noqa: F811
    attested(database, completed)
    with pytest.raises(CompletedRecordError, match=ATTESTATION_KEPT), database.session() as s:
        s.delete(s.exec(select(Attestation)).one())
    assert stored_texts(database) == ["I explained the treatment."]


def test_the_same_clinician_attests_an_intake_once(database, completed):  # noqa: F811
    first = attested(database, completed)
    second = Attestation(
        intake_id=completed.id, text="Again.", signed_by=first.signed_by,
        signed_name="Dr Ana Ruiz", signed_roles="clinician", meaning="Attested again",
    )  # fmt: skip
    with database.session() as session, pytest.raises(AlreadyAttested) as told:
        sign_attestation(session, second, actor="staff:x", actor_role="clinician")
    assert told.value.attestation_id == first.id
    assert stored_texts(database) == ["I explained the treatment."]
