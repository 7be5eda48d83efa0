"""An intake is stored answer by answer and can be resumed with every answer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from intake_app.storage.db import Database
from intake_app.storage.intakes import (
    IncompleteIntake,
    InvalidAnswer,
    PatientDetails,
    complete_intake,
    find_or_create_patient,
    intakes_in_progress,
    load_answers,
    record_answer,
    set_current_page,
    start_intake,
    stored_flags,
)
from intake_app.storage.tables import AuditEvent, Intake
from tests.conftest import TODAY

ANA = PatientDetails("Ana María", "Núñez", dt.date(1985, 6, 15), mrn="MRN-001")


def begin(database, form, language="en"):
    with database.session() as session:
        patient = find_or_create_patient(session, details=ANA)
        return start_intake(session, patient=patient, questionnaire=form, language=language)


def answer(database, form, intake, item_id, value):
    with database.session() as session:
        return record_answer(
            session, intake=intake, questionnaire=form, item_id=item_id, value=value, today=TODAY
        )


COMPLETE = {
    "name": "Ana",
    "date_of_birth": "1985-06-15",
    "sex": "female",
    "pregnant": True,
    "target_joints": ["knee:left"],
    "pain_now": 6,
    "height_ft": 5,
    "height_in": 2,
    "weight_lb": 240,
}


def test_answers_survive_closing_and_reopening_the_database(database, mini_form):
    intake = begin(database, mini_form)
    for item_id, value in COMPLETE.items():
        answer(database, mini_form, intake, item_id, value)
    with database.session() as session:
        set_current_page(session, intake=intake, page="body")
    reopened = Database(database.url)
    with reopened.session() as session:
        resumed = intakes_in_progress(session)[0]
        assert resumed.id == intake.id
        assert resumed.current_page == "body"
        assert load_answers(session, intake_id=intake.id) == COMPLETE
    reopened.dispose()


def test_the_same_patient_is_found_again_by_mrn(database, mini_form):
    first = begin(database, mini_form)
    second = begin(database, mini_form)
    assert first.patient_id == second.patient_id
    assert first.id != second.id


def test_an_invalid_answer_is_refused_in_plain_words_and_not_stored(database, mini_form):
    intake = begin(database, mini_form, language="es")
    with pytest.raises(InvalidAnswer, match=r"Elija un número del 0 al 10\."):
        answer(database, mini_form, intake, "pain_now", 12)
    with database.session() as session:
        assert load_answers(session, intake_id=intake.id) == {}


def test_an_answer_hidden_by_a_change_is_deleted_from_storage(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "had_injections", True)
    answer(database, mini_form, intake, "injections", [{"kind": "steroid", "when": "2026-01"}])
    view = answer(database, mini_form, intake, "had_injections", False)
    assert "injections" not in view.answers
    with database.session() as session:
        assert load_answers(session, intake_id=intake.id) == {"had_injections": False}


def test_a_blank_answer_removes_the_stored_one(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "story", "It started in 2019.")
    answer(database, mini_form, intake, "story", "   ")
    with database.session() as session:
        assert "story" not in load_answers(session, intake_id=intake.id)


def test_the_audit_trail_keeps_every_earlier_value(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "pain_now", 7)
    answer(database, mini_form, intake, "pain_now", 5)
    with database.session() as session:
        query = select(AuditEvent).where(
            AuditEvent.intake_id == intake.id, AuditEvent.item_id == "pain_now"
        )
        events = [(e.action, e.detail) for e in session.exec(query.order_by(AuditEvent.id))]
    assert events == [("answer_given", {"new": 7}), ("answer_changed", {"old": 7, "new": 5})]


def test_an_intake_is_not_completed_while_required_answers_are_missing(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "name", "Ana")
    with database.session() as session, pytest.raises(IncompleteIntake) as caught:
        complete_intake(session, intake=intake, questionnaire=mini_form, today=TODAY)
    assert {m.item_id for m in caught.value.missing} == {
        "date_of_birth",
        "target_joints",
        "pain_now",
    }
    with database.session() as session:
        assert session.get(Intake, intake.id).status == "in_progress"


def test_completing_stores_the_flags_worst_first_and_freezes_the_answers(database, mini_form):
    intake = begin(database, mini_form)
    for item_id, value in COMPLETE.items():
        answer(database, mini_form, intake, item_id, value)
    with database.session() as session:
        raised = complete_intake(session, intake=intake, questionnaire=mini_form, today=TODAY)
    assert [f.rule_id for f in raised] == ["pregnant", "high_bmi"]
    with database.session() as session:
        stored = stored_flags(session, intake_id=intake.id)
        assert {(f.rule_id, f.severity) for f in stored} == {
            ("pregnant", "stop"),
            ("high_bmi", "note"),
        }
        assert session.get(Intake, intake.id).completed_at is not None
    with pytest.raises(InvalidAnswer, match="already finished"):
        answer(database, mini_form, intake, "pain_now", 2)


def test_a_language_the_form_lacks_is_refused(database, mini_form):
    with pytest.raises(ValueError, match="no 'fr' text"):
        begin(database, mini_form, language="fr")
