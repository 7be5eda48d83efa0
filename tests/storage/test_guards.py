"""A completed intake's answers, flags, patient and documents cannot be changed quietly:
the database refuses a change made around the app, the app's own code gets a clear
error, and what the app legitimately does after completion still works."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlmodel import select

from intake_app.storage.audit import chain_head
from intake_app.storage.consents import ConsentSteps, record_consent, record_question
from intake_app.storage.guards import (
    ANSWERS_KEPT,
    DOCUMENT_KEPT,
    DOCUMENT_NOT_DELETED,
    FINISHED_INTAKE_KEPT,
    FLAG_KEPT,
    FLAG_NOT_ADDED,
    FLAG_NOT_DELETED,
    IDENTITY_KEPT,
    INTAKE_KEPT,
    INTAKE_NOT_DELETED,
    INTAKE_NOT_REOPENED,
    MRN_KEPT,
    PATIENT_NOT_DELETED,
    CompletedRecordError,
)
from intake_app.storage.intakes import (
    complete_intake,
    correct_identity,
    load_answers,
    set_language,
    start_intake,
    stored_flags,
)
from intake_app.storage.patients import PatientDetails, find_or_create_patient
from intake_app.storage.tables import Answer, Document, Intake, Patient
from tests.conftest import TODAY
from tests.storage.test_consents import AT, Shown, signature
from tests.storage.test_intakes import ANA, COMPLETE, answer, begin

ANA_WITHOUT_MRN = PatientDetails(ANA.given_names, ANA.family_name, ANA.date_of_birth)


def completed_intake(database, form, details: PatientDetails = ANA) -> Intake:
    """Every question answered (sex at birth: female) and confirmed; consent not yet signed."""
    with database.session() as session:
        patient = find_or_create_patient(session, details=details)
        intake = start_intake(session, patient=patient, questionnaire=form, language="en")
    for item_id, value in COMPLETE.items():
        answer(database, form, intake, item_id, value)
    with database.session() as session:
        complete_intake(session, intake=intake, questionnaire=form, today=TODAY)
    return intake


def sign(database, intake: Intake) -> Document:
    """The patient signs; the sealed chart document is filed in the database."""
    with database.session() as session:
        steps = ConsentSteps([], [], [])
        record_consent(session, intake=intake, shown=Shown(), decision="agree",
                       meaning="I agree.", signature=signature(), steps=steps)  # fmt: skip
        document = Document(intake_id=intake.id, patient_id=intake.patient_id,
                            kind="chart_packet", path=f"/charts/{intake.id}.pdf",
                            sha256="ab" * 32, size_bytes=2048)  # fmt: skip
        session.add(document)
        session.commit()
    return document


@pytest.fixture
def completed(database, mini_form) -> Intake:
    return completed_intake(database, mini_form)


@pytest.fixture
def finished(database, completed) -> Intake:
    sign(database, completed)
    return completed


def refused(database, statement: str, message: str, **params: str) -> None:
    """The statement, sent around the app, is refused by the database in these words."""
    with database.engine.connect() as connection:
        with pytest.raises(DatabaseError, match=re.escape(message)):
            connection.execute(text(statement), params)
        connection.rollback()


def allowed(database, statement: str, **params: str) -> None:
    with database.engine.begin() as connection:
        assert connection.execute(text(statement), params).rowcount == 1


def stored_sex(database, intake: Intake) -> str:
    with database.session() as session:
        return load_answers(session, intake_id=intake.id)["sex"]


# --- around the app: the database itself refuses -----------------------------------------

NEW_ANSWER = (
    "INSERT INTO answer (id, intake_id, item_id, value, answered_at, updated_at) "
    "VALUES ('added', :intake, 'story', '\"added later\"', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
NEW_FLAG = (
    "INSERT INTO flag (id, intake_id, rule_id, severity, message, sources, triggers, raised_at) "
    "VALUES ('added', :intake, 'r', 'review', 'Added later', '[]', '[]', CURRENT_TIMESTAMP)"
)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE answer SET value = '\"male\"' WHERE intake_id = :intake AND item_id = 'sex'",
         ANSWERS_KEPT),
        ("DELETE FROM answer WHERE intake_id = :intake AND item_id = 'sex'", ANSWERS_KEPT),
        (NEW_ANSWER, ANSWERS_KEPT),
        ("DELETE FROM flag WHERE intake_id = :intake", FLAG_NOT_DELETED),
        ("UPDATE flag SET severity = 'note' WHERE intake_id = :intake", FLAG_KEPT),
        ("UPDATE flag SET sources = '[]' WHERE intake_id = :intake", FLAG_KEPT),
        ("DELETE FROM intake WHERE id = :intake", INTAKE_NOT_DELETED),
        ("UPDATE intake SET form_version = '9.9' WHERE id = :intake", INTAKE_KEPT),
        ("UPDATE intake SET completed_at = NULL WHERE id = :intake", INTAKE_KEPT),
        ("UPDATE intake SET status = 'in_progress' WHERE id = :intake", INTAKE_NOT_REOPENED),
    ],
    ids=["change answer", "delete answer", "add answer", "delete flag", "change flag",
         "change flag sources", "delete intake", "change form", "clear completion", "reopen"],
)  # fmt: skip
def test_the_database_refuses_to_change_a_completed_intake(database, completed, statement, message):
    refused(database, statement, message, intake=completed.id)
    assert stored_sex(database, completed) == "female"
    with database.session() as session:
        assert len(stored_flags(session, intake_id=completed.id)) == 2
        assert session.get(Intake, completed.id).status == "completed"


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE patient SET date_of_birth = '1985-06-16' WHERE id = :patient", IDENTITY_KEPT),
        ("UPDATE patient SET family_name = 'Other' WHERE id = :patient", IDENTITY_KEPT),
        ("UPDATE patient SET mrn = 'MRN-999', mrn_key = 'mrn-999' WHERE id = :patient", MRN_KEPT),
        ("DELETE FROM patient WHERE id = :patient", PATIENT_NOT_DELETED),
        ("UPDATE intake SET language = 'es' WHERE id = :intake", FINISHED_INTAKE_KEPT),
        ("UPDATE intake SET status = 'abandoned' WHERE id = :intake", FINISHED_INTAKE_KEPT),
        (NEW_FLAG, FLAG_NOT_ADDED),
        ("UPDATE document SET sha256 = 'cd' WHERE intake_id = :intake", DOCUMENT_KEPT),
        ("DELETE FROM document WHERE intake_id = :intake", DOCUMENT_NOT_DELETED),
    ],
    ids=["birth date", "name", "mrn", "delete patient", "language", "abandon", "add flag",
         "document hash", "delete document"],
)  # fmt: skip
def test_the_database_refuses_to_change_what_the_signed_chart_shows(
    database, finished, statement, message
):
    refused(database, statement, message, intake=finished.id, patient=finished.patient_id)
    with database.session() as session:
        patient = session.get(Patient, finished.patient_id)
        assert (patient.family_name, patient.date_of_birth, patient.mrn) == (
            ANA.family_name, ANA.date_of_birth, ANA.mrn
        )  # fmt: skip
        assert session.get(Intake, finished.id).language == "en"
        [document] = session.exec(select(Document).where(Document.intake_id == finished.id))
        assert document.sha256 == "ab" * 32


def test_an_intake_in_progress_can_still_be_changed_around_the_app(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "sex", "female")
    answer(database, mini_form, intake, "pain_now", 6)
    allowed(database, "UPDATE answer SET value = '\"male\"' WHERE intake_id = :intake "
            "AND item_id = 'sex'", intake=intake.id)  # fmt: skip
    allowed(database, "DELETE FROM answer WHERE intake_id = :intake AND item_id = 'pain_now'",
            intake=intake.id)  # fmt: skip
    with database.session() as session:
        assert load_answers(session, intake_id=intake.id) == {"sex": "male"}


def test_before_the_signature_staff_may_still_correct_the_identity_and_end_the_visit(
    database, completed
):
    allowed(database, "UPDATE patient SET given_names = 'Ana' WHERE id = :patient",
            patient=completed.patient_id)  # fmt: skip
    allowed(database, "UPDATE intake SET language = 'es' WHERE id = :intake", intake=completed.id)
    allowed(database, "UPDATE intake SET status = 'abandoned' WHERE id = :intake",
            intake=completed.id)  # fmt: skip


def test_after_the_signature_the_nurse_signs_off_flags_and_records_staff_file_documents(
    database, finished
):
    allowed(database, "UPDATE flag SET review_note = 'Seen', reviewed_at = CURRENT_TIMESTAMP "
            "WHERE intake_id = :intake AND rule_id = 'pregnant'", intake=finished.id)  # fmt: skip
    allowed(database, "UPDATE document SET filed_at = CURRENT_TIMESTAMP WHERE intake_id = :intake",
            intake=finished.id)  # fmt: skip
    allowed(database, "UPDATE intake SET current_page = 'thanks', updated_at = CURRENT_TIMESTAMP "
            "WHERE id = :intake", intake=finished.id)  # fmt: skip


def test_records_staff_may_add_a_missing_mrn_after_the_signature(database, mini_form):
    intake = completed_intake(database, mini_form, ANA_WITHOUT_MRN)
    sign(database, intake)
    allowed(database, "UPDATE patient SET mrn = 'MRN-555', mrn_key = 'mrn-555' WHERE id = :p",
            p=intake.patient_id)  # fmt: skip
    refused(database, "UPDATE patient SET mrn = 'MRN-556', mrn_key = 'mrn-556' WHERE id = :p",
            MRN_KEPT, p=intake.patient_id)  # fmt: skip


# Every way to empty a table at once. PostgreSQL's TRUNCATE skips row triggers (also when
# it cascades from another table), so each table refuses it in its own words; SQLite has
# no TRUNCATE, and a DELETE without WHERE meets the row triggers.
def emptied(database, table: str, message: str) -> tuple[str, str]:
    """The statement that empties ``table`` and the database's refusal, for this database."""
    if database.engine.dialect.name == "postgresql":
        return f"TRUNCATE {table} CASCADE", f"{table} cannot be emptied"
    return f"DELETE FROM {table}", message


@pytest.mark.parametrize(
    ("table", "message"),
    [("answer", ANSWERS_KEPT), ("flag", FLAG_NOT_DELETED), ("intake", INTAKE_NOT_DELETED)],
    ids=["answer", "flag", "intake"],
)
def test_the_database_refuses_to_empty_a_table_holding_a_completed_intake(
    database, completed, table, message
):
    refused(database, *emptied(database, table, message))
    assert stored_sex(database, completed) == "female"


@pytest.mark.parametrize(
    ("table", "message"),
    [("patient", PATIENT_NOT_DELETED), ("document", DOCUMENT_NOT_DELETED)],
    ids=["patient", "document"],
)
def test_the_database_refuses_to_empty_the_patients_and_documents_after_the_signature(
    database, finished, table, message
):
    refused(database, *emptied(database, table, message))
    with database.session() as session:
        assert session.get(Patient, finished.patient_id) is not None


def test_a_table_without_kept_records_can_still_be_emptied(database, mini_form):
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "pain_now", 6)
    postgresql = database.engine.dialect.name == "postgresql"
    with database.engine.begin() as connection:
        statement = "TRUNCATE answer" if postgresql else "DELETE FROM answer"
        connection.execute(text(statement))
    with database.session() as session:
        assert load_answers(session, intake_id=intake.id) == {}


# --- the app's own code: a clear error before anything is sent -----------------------------


def test_the_app_gets_a_clear_error_when_it_changes_a_completed_answer(database, completed):
    with (
        pytest.raises(CompletedRecordError, match=re.escape(ANSWERS_KEPT)),
        database.session() as session,
    ):
        row = session.exec(
            select(Answer).where(Answer.intake_id == completed.id, Answer.item_id == "sex")
        ).one()
        row.value = "male"
        session.add(row)
    assert stored_sex(database, completed) == "female"


@pytest.mark.parametrize(("item_id", "value"), [("story", "Added later."), ("pain_now", 9)])
def test_a_tablet_that_missed_the_completion_gets_a_clear_error_and_stores_nothing(
    database, mini_form, item_id, value
):
    # The tablet still holds the intake as it was; another station confirmed it meanwhile.
    held = begin(database, mini_form)
    for answered, given in COMPLETE.items():
        answer(database, mini_form, held, answered, given)
    with database.session() as session:
        elsewhere = session.get(Intake, held.id)
        complete_intake(session, intake=elsewhere, questionnaire=mini_form, today=TODAY)
    before = trail_length(database)

    with pytest.raises(CompletedRecordError, match=re.escape(ANSWERS_KEPT)):
        answer(database, mini_form, held, item_id, value)

    with database.session() as session:
        assert load_answers(session, intake_id=held.id) == COMPLETE
    assert trail_length(database) == before


def trail_length(database) -> int:
    with database.session() as session:
        return chain_head(session).sequence


def test_the_app_gets_a_clear_error_when_it_deletes_a_document(database, finished):
    with (
        pytest.raises(CompletedRecordError, match=re.escape(DOCUMENT_NOT_DELETED)),
        database.session() as session,
    ):
        document = session.exec(select(Document).where(Document.intake_id == finished.id)).one()
        session.delete(document)


def correct(database, intake: Intake, given: str) -> Patient:
    details = PatientDetails(given, ANA.family_name, ANA.date_of_birth, ANA.mrn)
    with database.session() as session:
        return correct_identity(session, intake=intake, details=details, by="Rosa Díaz")


def test_staff_correct_the_name_at_the_identity_hold_only_until_the_consent_is_signed(
    database, completed
):
    assert correct(database, completed, "Ana").given_names == "Ana"  # resumed after the questions
    sign(database, completed)
    with pytest.raises(CompletedRecordError, match=re.escape(IDENTITY_KEPT)):
        correct(database, completed, "Anna")
    with database.session() as session:
        assert session.get(Patient, completed.patient_id).given_names == "Ana"


def test_the_consent_steps_still_add_flags_and_switch_language_after_the_questions(
    database, completed
):
    with database.session() as session:
        record_question(session, intake=completed, section_id="risks", section_title="Risks",
                        at=AT)  # fmt: skip
        set_language(session, intake=completed, language="es")
        assert len(stored_flags(session, intake_id=completed.id)) == 3
        assert session.get(Intake, completed.id).language == "es"


def test_a_language_switch_on_the_thank_you_screen_keeps_the_signed_intakes_language(
    database, finished
):
    with database.session() as session:
        set_language(session, intake=finished, language="es")
    with database.session() as session:
        assert session.get(Intake, finished.id).language == "en"


def test_a_later_intake_of_the_same_patient_is_stored_as_usual(database, mini_form, finished):
    later = begin(database, mini_form)
    assert later.patient_id == finished.patient_id
    answer(database, mini_form, later, "pain_now", 3)
    with database.session() as session:
        assert load_answers(session, intake_id=later.id) == {"pain_now": 3}


@pytest.mark.parametrize("kind", ["chart_packet", "patient_copy"])
def test_one_signing_gets_one_document_of_each_kind_even_from_two_stations(
    database, finished, kind
):
    """Two stations making a missing document at once: the second row is refused."""
    insert = (
        "INSERT INTO document (id, intake_id, patient_id, kind, path, sha256, size_bytes, "
        "created_at) VALUES (:id, :intake, :patient, :kind, :path, :sha, 1, :at)"
    )
    row = {"intake": finished.id, "patient": finished.patient_id, "kind": kind, "sha": "cd" * 32}
    row["at"] = "2026-11-30 12:00:00"
    if kind == "patient_copy":
        allowed(database, insert, id="COPY1", path="/charts/copy-1.pdf", **row)
    with database.engine.connect() as connection:
        with pytest.raises(IntegrityError):
            connection.execute(text(insert), {**row, "id": "SECOND", "path": "/charts/2.pdf"})
        connection.rollback()
    allowed(
        database, insert, id="WITHDRAW1", path="/charts/w.pdf", **(row | {"kind": "withdrawal"})
    )
