"""An intake is stored answer by answer and can be resumed with every answer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from intake_app.storage.db import Database
from intake_app.storage.intakes import (
    IncompleteIntake,
    InvalidAnswer,
    complete_intake,
    intakes_in_progress,
    load_answers,
    record_answer,
    set_current_page,
    start_intake,
    stored_flags,
)
from intake_app.storage.patients import (
    PatientDetails,
    PatientMismatch,
    find_or_create_patient,
    find_patients,
)
from intake_app.storage.tables import AuditEvent, ConsentRecord, Intake, Patient
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


# --- who the patient is ---------------------------------------------------------------


def patients(database) -> list[Patient]:
    with database.session() as session:
        return list(session.exec(select(Patient)))


@pytest.mark.parametrize(
    "other",
    [
        PatientDetails("Other", "Person", ANA.date_of_birth, mrn=ANA.mrn),
        PatientDetails(ANA.given_names, ANA.family_name, dt.date(1985, 6, 16), mrn=ANA.mrn),
    ],
    ids=["another name", "another birth date"],
)
def test_an_mrn_on_file_for_another_patient_is_refused(database, mini_form, other):
    begin(database, mini_form)
    with database.session() as session, pytest.raises(PatientMismatch) as refused:
        find_or_create_patient(session, details=other)
    assert str(refused.value) == (
        "the MRN belongs to another patient (name or date of birth differs)"
    )
    assert [p.given_names for p in patients(database)] == ["Ana María"]


def test_the_same_name_in_another_case_or_without_accents_is_the_same_patient(database, mini_form):
    first = begin(database, mini_form)
    for details in (
        PatientDetails("  ANA MARIA ", "nunez", ANA.date_of_birth, mrn=ANA.mrn),
        PatientDetails("ana  maría", "Núñez", ANA.date_of_birth),
    ):
        with database.session() as session:
            assert find_or_create_patient(session, details=details).id == first.patient_id
    assert len(patients(database)) == 1


def test_a_new_patient_is_stored_only_with_the_callers_commit(database):
    with database.session() as session:
        find_or_create_patient(session, details=ANA)
        session.rollback()
    assert patients(database) == []


def add_patient(database, given, family, born, mrn=None, *, created_minute=0) -> Patient:
    """A stored patient created at a known time, so "newest first" is certain."""
    created = dt.datetime(2026, 11, 1, 9, created_minute, tzinfo=dt.UTC)
    with database.session() as session:
        patient = Patient(
            given_names=given, family_name=family, date_of_birth=born, mrn=mrn, created_at=created
        )
        session.add(patient)
        session.commit()
    return patient


def add_intake(database, patient, status, *, signed=False) -> None:
    with database.session() as session:
        intake = Intake(patient_id=patient.id, form_id="f", form_version="1", language="en",
                        status=status)  # fmt: skip
        session.add(intake)
        session.flush()
        if signed:
            session.add(signed_record(intake))
        session.commit()


def signed_record(intake: Intake) -> ConsentRecord:
    return ConsentRecord(
        intake_id=intake.id, patient_id=intake.patient_id, consent_id="c", consent_version="1",
        language="en", text_sha256="0" * 64, shown_text="T", decision="agree", meaning="M",
        signed_name="S", time_zone="UTC", signature_strokes=[], signature_png=b"png",
        acknowledgments=[], comprehension=[], questions=[],
    )  # fmt: skip


@pytest.fixture
def clinic_patients(database):
    born = dt.date(1961, 7, 14)
    return {
        "maria": add_patient(database, "María José", "Núñez García", born, "MRN-204816",
                             created_minute=1),
        "mario": add_patient(database, "Mario", "Nuñez", dt.date(1970, 2, 3), created_minute=2),
        "obrien": add_patient(database, "Seán", "O'Brien-Núñez", born, "mrn-77",
                              created_minute=3),
        "li": add_patient(database, "Wei", "Li", dt.date(1990, 5, 5), "MRN-9", created_minute=4),
    }  # fmt: skip


def found(database, **search) -> list[str]:
    search = {"text": None, "date_of_birth": None, "mrn": None} | search
    with database.session() as session:
        return [m.patient.given_names for m in find_patients(session, **search)]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ({"text": "nunez"}, ["Seán", "Mario", "María José"]),
        ({"text": "NÚÑEZ mar"}, ["Mario", "María José"]),
        ({"text": "maria garcia"}, ["María José"]),
        ({"text": "obrien"}, ["Seán"]),
        ({"text": "zzz"}, []),
        ({"date_of_birth": dt.date(1961, 7, 14)}, ["Seán", "María José"]),
        ({"text": "sean", "date_of_birth": dt.date(1961, 7, 14)}, ["Seán"]),
        ({"mrn": " mrn-204816 "}, ["María José"]),
        ({"mrn": "MRN-77", "text": "wei"}, []),
        ({}, ["Wei", "Seán", "Mario", "María José"]),
    ],
)
def test_staff_find_patients_by_name_fragments_birth_date_or_mrn(
    database, clinic_patients, search, expected
):
    assert found(database, **search) == expected


def test_a_search_returns_at_most_the_limit_newest_first(database, clinic_patients):
    with database.session() as session:
        matches = find_patients(session, text="n", date_of_birth=None, mrn=None, limit=2)
    assert [m.patient.given_names for m in matches] == ["Seán", "Mario"]


def test_a_search_counts_each_patients_unfinished_intakes(database, clinic_patients):
    maria, mario = clinic_patients["maria"], clinic_patients["mario"]
    add_intake(database, maria, "in_progress")
    add_intake(database, maria, "completed")  # answered, consent not yet signed
    add_intake(database, maria, "completed", signed=True)
    add_intake(database, maria, "abandoned")
    add_intake(database, mario, "completed", signed=True)
    with database.session() as session:
        matches = find_patients(session, text="nunez", date_of_birth=None, mrn=None)
    assert {m.patient.given_names: m.unfinished_intakes for m in matches} == {
        "María José": 2,
        "Mario": 0,
        "Seán": 0,
    }
