"""The clinician's attestation that they explained the consent: signed with the password
again, once per clinician and intake, only by a clinician, and never changed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import col, select

from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.services.actor import Actor
from intake_app.services.attestation import (
    ATTESTATION_TEXT,
    AlreadyAttested,
    AttestationProblem,
    Attestations,
    WrongPassword,
)
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import NotPermitted
from intake_app.settings import StaffSettings
from intake_app.storage.consents import ConsentSteps, record_consent
from intake_app.storage.db import Database
from intake_app.storage.guards import CompletedRecordError
from intake_app.storage.tables import Attestation, AuditEvent, Intake, StaffUser
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)
from tests.storage.test_consents import Shown, signature

PASSWORD = "correct horse battery"  # people_on_file's
RULES = StaffSettings()


@dataclass
class Visit:
    database: Database
    intake_id: str
    nurse: Actor
    clinician: Actor

    def attestations(self) -> list[Attestation]:
        with self.database.session() as session:
            return list(session.exec(select(Attestation)))

    def actions(self) -> list[str]:
        with self.database.session() as session:
            events = session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence)))
            return [event.action for event in events]

    def sign_consent(self) -> None:
        with self.database.session() as session:
            intake = session.get(Intake, self.intake_id)
            record_consent(session, intake=intake, shown=Shown(), decision="agree",
                           meaning="I agree.", signature=signature(),
                           steps=ConsentSteps([], [], []))  # fmt: skip


@pytest.fixture
def visit(database, intake_form) -> Visit:  # noqa: F811
    """A completed intake whose consent is not signed yet, a nurse and a clinician."""
    nurse, clinician = on_file(database, "nurse"), on_file(database, "clinician")
    session = IntakeSession.start(
        database, intake_form, SAMPLE_PATIENT, language="en", by=nurse, today=lambda: TODAY
    )
    for item_id, value in (SAMPLE_ANSWERS | {"product_component_allergy": "no"}).items():
        session.answer(item_id, value)
    session.complete()
    return Visit(database, session.intake.id, nurse, clinician)


def test_the_clinician_signs_the_attestation_with_their_password(visit):
    visit.sign_consent()
    signed = Attestations(visit.database, visit.clinician, RULES).attest(visit.intake_id, PASSWORD)
    [stored] = visit.attestations()
    assert (
        stored.text
        == ATTESTATION_TEXT
        == (
            "I explained the treatment, its risks and alternatives and answered the patient's "
            "questions."
        )
    )
    assert (stored.id, stored.signed_by, stored.signed_name) == (
        signed.id, visit.clinician.staff_id, "Dr Ines Ito"
    )  # fmt: skip
    assert stored.meaning.startswith("Attested by Dr Ines Ito, clinician, 20")
    assert stored.meaning == signed.meaning
    assert visit.actions()[-1] == "consent_attested"


def test_there_is_nothing_to_attest_before_the_consent_is_signed_or_refused(visit):
    with pytest.raises(AttestationProblem, match="has not signed or refused the consent"):
        Attestations(visit.database, visit.clinician, RULES).attest(visit.intake_id, PASSWORD)
    assert visit.attestations() == []


def test_a_nurse_may_not_attest_and_nothing_is_written(visit):
    visit.sign_consent()
    before = visit.actions()
    with pytest.raises(NotPermitted, match="may not attest the consent explanation"):
        Attestations(visit.database, visit.nurse, RULES).attest(visit.intake_id, PASSWORD)
    assert visit.attestations() == [] and visit.actions() == before


def test_a_clinician_attests_an_intake_once(visit):
    visit.sign_consent()
    attestations = Attestations(visit.database, visit.clinician, RULES)
    attestations.attest(visit.intake_id, PASSWORD)
    with pytest.raises(AlreadyAttested, match=r"Dr Ines Ito attested .* already"):
        attestations.attest(visit.intake_id, PASSWORD)
    assert len(visit.attestations()) == 1


def test_a_wrong_password_is_refused_audited_and_counts_towards_the_lock_out(visit):
    visit.sign_consent()
    with pytest.raises(WrongPassword):
        Attestations(visit.database, visit.clinician, RULES).attest(visit.intake_id, "guess")
    assert visit.attestations() == []
    assert visit.actions()[-1] == "staff_login_failed"
    with visit.database.session() as session:
        assert session.get(StaffUser, visit.clinician.staff_id).failed_tries == 1


def test_a_signed_attestation_never_changes(visit):
    visit.sign_consent()
    Attestations(visit.database, visit.clinician, RULES).attest(visit.intake_id, PASSWORD)
    refused = pytest.raises(CompletedRecordError, match="attestation cannot be changed")
    with refused, visit.database.session() as session:
        stored = session.exec(select(Attestation)).one()
        stored.text = "I did not explain anything."
        session.add(stored)
    assert visit.attestations()[0].text == ATTESTATION_TEXT
