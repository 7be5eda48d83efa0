"""The intake session: prefilled from the hand-over, resumable, identity checked, and
each call made for someone who may make it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from intake_app.consent.progress import CONTINUE, CORRECTED, IDENTITY_HOLD, HoldRelease
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.services.actor import Actor
from intake_app.services.intake_session import REVIEW_PAGE, IntakeSession, PatientDetails
from intake_app.services.permissions import NotPermitted
from intake_app.storage.db import Database, utc_now
from intake_app.storage.intakes import intakes_in_progress
from intake_app.storage.tables import AuditEvent, Intake
from tests.conftest import TODAY
from tests.services.people_on_file import on_file


def start(tmp_path, intake_form, language="es"):
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    session = IntakeSession.start(
        database,
        intake_form,
        SAMPLE_PATIENT,
        language=language,
        by=on_file(database, "nurse"),
        device="tablet-1",
        today=lambda: TODAY,
    )
    return database, session


def test_the_registration_is_the_intakes_one_identity(tmp_path, intake_form):
    # Nothing stores a second name or birth date that could differ from the registration.
    _, session = start(tmp_path, intake_form)
    assert not {"given_names", "family_name", "date_of_birth"} & set(session.answers)
    assert (session.patient.given_names, session.patient.date_of_birth) == (
        "María José",
        dt.date(1961, 7, 14),
    )
    assert session.view.calculated["age"] == 65  # from the registered birth date


def test_a_resumed_session_has_every_answer_and_the_same_page(tmp_path, intake_form):
    database, session = start(tmp_path, intake_form)
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    session.go_to("medicines")
    with database.session() as s:
        [intake] = intakes_in_progress(s, device="tablet-1")
    patient = Actor.patient(intake.id)  # the tablet restarted on the patient's own intake
    resumed = IntakeSession.resume(
        Database(database.url), intake_form, intake, by=patient, today=lambda: TODAY
    )
    assert resumed.resume_page() == "medicines"
    assert resumed.answers == session.answers
    assert resumed.language == "es"


def test_resume_falls_back_to_the_first_page_when_the_stored_one_is_gone(tmp_path, intake_form):
    _, session = start(tmp_path, intake_form)
    session.go_to("pregnancy")  # hidden for a 65-year-old
    session.intake.current_page = "pregnancy"
    assert session.resume_page() == session.pages()[0].id
    session.go_to(REVIEW_PAGE)
    assert session.resume_page() == REVIEW_PAGE


def test_only_the_patients_birth_date_resumes(tmp_path, intake_form):
    _, session = start(tmp_path, intake_form)
    assert session.birth_date_matches(dt.date(1961, 7, 14))
    assert not session.birth_date_matches(dt.date(1961, 7, 15))


def test_missing_answers_on_a_page_are_in_the_patients_language(tmp_path, intake_form):
    _, session = start(tmp_path, intake_form, language="es")
    page = session.pages()[0]
    problems = session.problems_on(page)
    assert {p.item_id for p in problems} == {
        "decides_for_self",
        "sex_at_birth",
        "preferred_language",
        "interpreter_needed",
    }
    assert all(p.problem == "Responda esta pregunta." for p in problems)


def test_switching_language_keeps_every_answer(tmp_path, intake_form):
    _, session = start(tmp_path, intake_form, language="en")
    session.answer("pain_now", 7)
    session.switch_language("es")
    assert session.language == "es"
    assert session.answers["pain_now"] == 7


def test_the_intake_names_who_started_it(tmp_path, intake_form):
    database, session = start(tmp_path, intake_form)
    with database.session() as s:
        started = s.exec(select(AuditEvent).where(AuditEvent.action == "intake_started")).one()
        staff_id = s.get(Intake, session.intake.id).started_by
    assert started.actor == f"staff:{staff_id}" and started.actor_role == "nurse"


def test_an_administrator_cannot_start_an_intake_and_nothing_is_stored(tmp_path, intake_form):
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    admin = on_file(database, "admin")
    with pytest.raises(NotPermitted, match="may not start an intake"):
        IntakeSession.start(database, intake_form, SAMPLE_PATIENT, language="en", by=admin)
    with database.session() as s:
        assert s.exec(select(Intake)).all() == []


def test_another_patients_session_cannot_resume_this_intake(tmp_path, intake_form):
    database, session = start(tmp_path, intake_form)
    other = Actor.patient("another-intake")
    with pytest.raises(NotPermitted):
        IntakeSession.resume(database, intake_form, session.intake, by=other)


def test_a_records_clerk_cannot_release_the_is_this_you_hold(tmp_path, intake_form):
    database, session = start(tmp_path, intake_form)
    clerk = on_file(database, "records")
    corrected = PatientDetails("María José", "Núñez", SAMPLE_PATIENT.date_of_birth)
    release = HoldRelease(IDENTITY_HOLD, clerk.name, utc_now(), CORRECTED)
    with pytest.raises(NotPermitted, match="may not release a hold"):
        session.release_identity_hold(release, corrected, by=clerk)
    assert session.patient.family_name == SAMPLE_PATIENT.family_name


def test_a_nurse_releases_the_hold_under_their_own_name(tmp_path, intake_form):
    database, session = start(tmp_path, intake_form)
    nurse = on_file(database, "nurse", "records")
    session.release_identity_hold(
        HoldRelease(IDENTITY_HOLD, nurse.name, utc_now(), CONTINUE), None, by=nurse
    )
    with database.session() as s:
        released = s.exec(select(AuditEvent).where(AuditEvent.action == "hold_released")).one()
    assert (released.actor, released.actor_role) == (nurse.audit_name, "nurse+records")


def test_an_answer_after_a_corrected_birth_date_is_seen_with_the_corrected_age(
    tmp_path, intake_form
):
    database, session = start(tmp_path, intake_form)
    nurse = on_file(database, "clinician")  # "nurse" started the intake
    corrected = PatientDetails("María José", "Núñez García", dt.date(1981, 7, 14))
    release = HoldRelease(IDENTITY_HOLD, nurse.name, utc_now(), CORRECTED)
    session.release_identity_hold(release, corrected, by=nurse)
    session.answer("pain_now", 4)
    assert session.view.calculated["age"] == 45  # not 65, the birth date first registered
