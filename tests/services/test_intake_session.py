"""The intake session: prefilled from the hand-over, resumable, identity checked."""

from __future__ import annotations

import datetime as dt

from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.kiosk.session import REVIEW_PAGE, IntakeSession
from intake_app.storage.db import Database
from intake_app.storage.intakes import intakes_in_progress
from tests.conftest import TODAY


def start(tmp_path, intake_form, language="es"):
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    session = IntakeSession.start(
        database,
        intake_form,
        SAMPLE_PATIENT,
        language=language,
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
    resumed = IntakeSession.resume(Database(database.url), intake_form, intake, lambda: TODAY)
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
