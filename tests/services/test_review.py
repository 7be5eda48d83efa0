"""The nurse's review through its services: every flag acknowledged, then one decision
signed with the password; STOP flags cleared only by a clinician; nothing signed changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import col, select

from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.paths import shipped_forms_dir
from intake_app.services.actor import Actor
from intake_app.services.intake_record import open_intake
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import ReviewProblem, Reviews, ReviewTaken, WrongPassword
from intake_app.settings import StaffSettings
from intake_app.storage.db import Database, utc_now
from intake_app.storage.guards import CompletedRecordError
from intake_app.storage.reviews import sign_review
from intake_app.storage.tables import AuditEvent, Flag, Review
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.storage.conftest import (  # noqa: F401  (SQLite, and PostgreSQL when set)
    database,
    postgresql_database,
)

PASSWORD = "correct horse battery"  # people_on_file's
RULES = StaffSettings()
# A fever (a STOP flag: active infection), besides the flags the sample answers raise.
ANSWERS = SAMPLE_ANSWERS | {"fever_recent": True, "product_component_allergy": "no"}


@dataclass
class Ward:
    database: Database
    intake_id: str
    nurse: Actor
    clinician: Actor
    clerk: Actor

    def reviews(self, by: Actor) -> Reviews:
        return Reviews(self.database, by, RULES)

    def flags(self) -> list[Flag]:
        with self.database.session() as session:
            query = select(Flag).where(Flag.intake_id == self.intake_id)
            return list(session.exec(query.order_by(col(Flag.rule_id))))

    def stored_reviews(self) -> list[Review]:
        with self.database.session() as session:
            return list(session.exec(select(Review).order_by(col(Review.signed_at))))

    def actions(self) -> list[str]:
        with self.database.session() as session:
            events = session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence)))
            return [event.action for event in events]

    def acknowledge_all(self, by: Actor) -> None:
        for flag in self.flags():
            self.reviews(by).acknowledge(flag.id, f"Checked {flag.rule_id} with the patient.")


@pytest.fixture
def ward(database, intake_form) -> Ward:  # noqa: F811
    nurse = on_file(database, "nurse")
    clinician, clerk = on_file(database, "clinician"), on_file(database, "records")
    session = IntakeSession.start(
        database, intake_form, SAMPLE_PATIENT, language="en", by=nurse, today=lambda: TODAY
    )
    for item_id, value in ANSWERS.items():
        session.answer(item_id, value)
    session.complete()
    return Ward(database, session.intake.id, nurse, clinician, clerk)


def test_a_stop_or_review_flag_is_acknowledged_only_with_a_note(ward):
    stop = next(flag for flag in ward.flags() if flag.severity == "stop")
    with pytest.raises(ReviewProblem, match="Write a note for the STOP flag"):
        ward.reviews(ward.nurse).acknowledge(stop.id, "   ")
    assert next(f for f in ward.flags() if f.id == stop.id).reviewed_at is None
    ward.reviews(ward.nurse).acknowledge(stop.id, "  Fever 38.2 yesterday; told to wait.  ")
    acknowledged = next(f for f in ward.flags() if f.id == stop.id)
    assert acknowledged.review_note == "Fever 38.2 yesterday; told to wait."
    assert acknowledged.reviewed_by == ward.nurse.staff_id
    assert ward.actions()[-1] == "flag_acknowledged"


def test_sign_off_waits_until_every_stop_and_review_flag_is_acknowledged(ward):
    with pytest.raises(ReviewProblem, match=r"Acknowledge every STOP and REVIEW flag first"):
        ward.reviews(ward.nurse).sign_off(ward.intake_id, "needs_clinician", "Fever.", PASSWORD)
    assert ward.stored_reviews() == []


def test_a_nurse_routes_a_stop_flag_to_the_clinician_who_clears_it(ward):
    ward.acknowledge_all(ward.nurse)
    with pytest.raises(NotPermitted, match="decide on a STOP flag"):
        ward.reviews(ward.nurse).sign_off(ward.intake_id, "cleared", "", PASSWORD)
    routed = ward.reviews(ward.nurse).sign_off(
        ward.intake_id, "needs_clinician", "Fever: the doctor decides.", PASSWORD
    )
    assert routed.meaning.startswith("Reviewed by Rosa Díaz, nurse, ")
    assert routed.meaning.endswith(": needs a clinician's decision")
    cleared = ward.reviews(ward.clinician).sign_off(
        ward.intake_id, "cleared", "Fever gone, checked today.", PASSWORD, corrects=routed.id
    )
    assert [(r.decision, r.supersedes_id) for r in ward.stored_reviews()] == [
        ("needs_clinician", None),
        ("cleared", routed.id),
    ]
    assert cleared.signed_roles == "clinician"
    assert ward.actions()[-1] == "review_signed"


def test_a_wrong_password_refuses_the_sign_off_and_is_in_the_audit_trail(ward):
    ward.acknowledge_all(ward.nurse)
    with pytest.raises(WrongPassword):
        ward.reviews(ward.nurse).sign_off(ward.intake_id, "not_eligible", "Fever.", "guess")
    assert ward.stored_reviews() == []
    assert ward.actions()[-1] == "staff_login_failed"


def test_the_second_person_to_sign_is_told_who_signed_first(ward):
    ward.acknowledge_all(ward.nurse)
    ward.reviews(ward.nurse).sign_off(ward.intake_id, "not_eligible", "Fever.", PASSWORD)
    with pytest.raises(ReviewTaken, match="Rosa Díaz signed the review first"):
        ward.reviews(ward.clinician).sign_off(ward.intake_id, "cleared", "", PASSWORD)
    assert len(ward.stored_reviews()) == 1


def test_the_database_keeps_one_first_review_even_when_both_checked_before_either_signed(ward):
    # Two stations read "no review yet" at the same moment; the database decides.
    ward.acknowledge_all(ward.nurse)
    first = ward.reviews(ward.nurse).sign_off(ward.intake_id, "not_eligible", "Fever.", PASSWORD)
    second = Review(
        intake_id=ward.intake_id, decision="cleared", note="", signed_by=ward.clinician.staff_id,
        signed_name=ward.clinician.name, signed_roles="clinician", signed_at=utc_now(),
        meaning="Reviewed by Dr Ines Ito",
    )  # fmt: skip
    with ward.database.session() as session, pytest.raises(ReviewTaken) as taken:
        sign_review(session, second, actor="staff:x", actor_role="clinician")
    assert taken.value.review_id == first.id


def test_a_signed_review_and_its_acknowledgments_never_change(ward):
    ward.acknowledge_all(ward.nurse)
    ward.reviews(ward.nurse).sign_off(ward.intake_id, "not_eligible", "Fever.", PASSWORD)
    refused = pytest.raises(CompletedRecordError, match="a correction is a new review")
    with refused, ward.database.session() as session:
        review = session.exec(select(Review)).one()
        review.decision = "cleared"
        session.add(review)
    flag = ward.flags()[0]
    with pytest.raises(CompletedRecordError, match="a correction is a new review"):
        ward.reviews(ward.nurse).acknowledge(flag.id, "Changed my mind.")
    assert ward.flags()[0].review_note == flag.review_note


def test_opening_an_intake_shows_the_worst_flag_first_and_leaves_a_trace(ward):
    catalog = FormCatalog.from_folder(shipped_forms_dir())
    record = open_intake(ward.database, ward.intake_id, catalog=catalog, today=TODAY, by=ward.nurse)
    assert record.flags[0].severity == "stop"
    assert [f.severity for f in record.flags] == sorted(
        (f.severity for f in record.flags), key=["stop", "review", "note"].index
    )
    assert record.patient.family_name == SAMPLE_PATIENT.family_name
    with ward.database.session() as session:
        viewed = session.exec(select(AuditEvent).where(AuditEvent.action == "intake_viewed")).one()
    assert (viewed.actor, viewed.intake_id) == (ward.nurse.audit_name, ward.intake_id)
    with pytest.raises(NotPermitted):
        open_intake(ward.database, ward.intake_id, catalog=catalog, today=TODAY,
                    by=Actor.patient("another-intake"))  # fmt: skip


def test_two_signing_at_once_on_postgresql(postgresql_database, intake_form):  # noqa: F811
    # Two stations, two transactions, both past the checks before either stores: the
    # database keeps one first review, and the second to store is told who signed first.
    import threading

    nurse = on_file(postgresql_database, "nurse")
    clinician = on_file(postgresql_database, "clinician")
    session = IntakeSession.start(
        postgresql_database, intake_form, SAMPLE_PATIENT, language="en", by=nurse,
        today=lambda: TODAY,
    )  # fmt: skip
    for item_id, value in ANSWERS.items():
        session.answer(item_id, value)
    session.complete()
    ward = Ward(postgresql_database, session.intake.id, nurse, clinician, nurse)
    ward.acknowledge_all(nurse)
    both_checked = threading.Barrier(2, timeout=30)
    outcomes: dict[str, object] = {}

    class Station(Reviews):
        def _check_password(self, password: str) -> None:
            super()._check_password(password)
            both_checked.wait()  # neither stores before both have checked

    def sign(name: str, by: Actor) -> None:
        try:
            outcomes[name] = Station(postgresql_database, by, RULES).sign_off(
                ward.intake_id, "not_eligible", "Fever.", PASSWORD
            )
        except ReviewTaken as taken:
            outcomes[name] = taken

    threads = [
        threading.Thread(target=sign, args=(name, by))
        for name, by in (("nurse", nurse), ("clinician", clinician))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    signed = [o for o in outcomes.values() if isinstance(o, Review)]
    told = [o for o in outcomes.values() if isinstance(o, ReviewTaken)]
    assert len(signed) == 1 and len(told) == 1
    assert told[0].review_id == signed[0].id
    assert len(ward.stored_reviews()) == 1
