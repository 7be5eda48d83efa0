"""The nurse's queue: worst flag first, then oldest; filters, counts, and who may see it."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.consent.progress import ComprehensionAnswer
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.paths import shipped_forms_dir
from intake_app.services.intake_record import open_intake
from intake_app.services.intake_session import IntakeSession, PatientDetails
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import Reviews
from intake_app.services.review_queue import QueueFilter, ReviewQueue
from intake_app.settings import StaffSettings
from intake_app.storage.consents import record_comprehension, record_deferral, record_question
from intake_app.storage.db import Database
from intake_app.storage.tables import Intake
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

PASSWORD = "correct horse battery"  # people_on_file's
BASE = SAMPLE_ANSWERS | {"product_component_allergy": "no"}
FEVER = {"fever_recent": True}  # a STOP flag: an active infection


AT = dt.datetime(2026, 11, 30, 14, 5, tzinfo=dt.UTC)


def answered(db: Database, intake_form, nurse, patient: PatientDetails, changes=None) -> str:
    session = IntakeSession.start(
        db, intake_form, patient, language="en", by=nurse, today=lambda: TODAY
    )
    for item_id, value in (BASE | (changes or {})).items():
        session.answer(item_id, value)
    session.complete()
    return session.intake.id


@pytest.fixture
def clinic(database, intake_form):  # noqa: F811
    nurse = on_file(database, "nurse")
    born = dt.date(1961, 7, 14)
    first = answered(database, intake_form, nurse, PatientDetails("Ana", "Ruiz", born))
    fever = answered(database, intake_form, nurse, PatientDetails("Zoë", "Núñez", born), FEVER)
    later = answered(database, intake_form, nurse, PatientDetails("Li", "Wei", born))
    return database, nurse, (first, fever, later)


def test_the_worst_flag_comes_first_then_the_oldest(clinic):
    db, nurse, (first, fever, later) = clinic
    rows = ReviewQueue(db, nurse).page(QueueFilter())
    assert [row.intake_id for row in rows] == [fever, first, later]
    assert rows[0].worst == "stop" and rows[0].flag_count > rows[1].flag_count
    assert rows[0].patient_name == "Zoë Núñez" and rows[0].decision == "not reached"


def test_a_signed_review_leaves_the_waiting_list_and_is_counted_by_its_decision(clinic):
    db, nurse, (first, fever, later) = clinic
    reviews = Reviews(db, nurse, StaffSettings())
    catalog = FormCatalog.from_folder(shipped_forms_dir())  # the nurse routes the STOP intake
    for flag in open_intake(db, fever, catalog=catalog, today=TODAY, by=nurse).flags:
        reviews.acknowledge(flag.id, "Checked.")
    reviews.sign_off(fever, "needs_clinician", "Fever: the doctor decides.", PASSWORD)
    queue = ReviewQueue(db, nurse)
    assert [row.intake_id for row in queue.page(QueueFilter())] == [first, later]
    assert [r.intake_id for r in queue.page(QueueFilter(review_state="needs_clinician"))] == [fever]
    assert queue.counts(QueueFilter()) == {"waiting": 2, "needs_clinician": 1}


def test_filters_and_a_name_search_without_accents(clinic):
    db, nurse, (first, fever, later) = clinic
    queue = ReviewQueue(db, nurse)
    assert [r.intake_id for r in queue.page(QueueFilter(severity="stop"))] == [fever]
    assert [r.intake_id for r in queue.page(QueueFilter(search="nunez zoe"))] == [fever]
    assert [r.intake_id for r in queue.page(QueueFilter(search="Wei"))] == [later]
    assert queue.page(QueueFilter(language="es")) == []
    assert [r.intake_id for r in queue.page(QueueFilter(), offset=1, limit=1)] == [first]


def test_a_records_clerk_cannot_read_the_queue(clinic):
    db, _nurse, _ = clinic
    clerk = on_file(db, "records")
    with pytest.raises(NotPermitted, match="acknowledge a flag"):
        ReviewQueue(db, clerk).page(QueueFilter())


def test_an_unfinished_intake_untouched_for_hours_is_shown_so_nobody_is_forgotten(
    clinic, intake_form
):
    db, nurse, _ = clinic
    left = IntakeSession.start(
        db, intake_form, PatientDetails("Sam", "Lee", dt.date(1950, 2, 3)), language="en", by=nurse
    )
    queue = ReviewQueue(db, nurse)
    now = left.intake.updated_at
    assert queue.unfinished(now + dt.timedelta(hours=1)) == [], "still being answered"
    [row] = queue.unfinished(now + dt.timedelta(hours=5))
    assert (row.intake_id, row.patient_name, row.decision) == (
        left.intake.id,
        "Sam Lee",
        "not reached",
    )


def test_search_by_date_of_birth_as_a_us_clinic_types_it_or_in_iso(clinic, intake_form):
    db, nurse, (_, _, later) = clinic
    born = dt.date(1950, 3, 2)
    other = answered(db, intake_form, nurse, PatientDetails("Mia", "Cho", born))
    queue = ReviewQueue(db, nurse)
    for typed in ("1950-03-02", "03/02/1950", "3/2/1950", " 3/2/1950 "):
        assert [r.intake_id for r in queue.page(QueueFilter(search=typed))] == [other], typed
    assert [r.intake_id for r in queue.page(QueueFilter(search="07/14/1961 wei"))] == [later]
    assert queue.page(QueueFilter(search="02/03/1950")) == [], "the month comes first"
    assert queue.page(QueueFilter(search="02/30/1950")) == [], "no such day"
    assert queue.page(QueueFilter(search="03/02/19")) == [], "a date half typed"


def test_search_by_mrn_whole_and_in_any_case(clinic, intake_form):
    db, nurse, _ = clinic
    born = dt.date(1950, 3, 2)
    mia = answered(db, intake_form, nurse, PatientDetails("Mia", "Cho", born, "MRN-0042"))
    answered(db, intake_form, nurse, PatientDetails("Max", "Cho", born, "MRN-00421"))
    queue = ReviewQueue(db, nurse)
    assert [r.intake_id for r in queue.page(QueueFilter(search="mrn-0042"))] == [mia]
    assert [r.intake_id for r in queue.page(QueueFilter(search=" MRN-0042 "))] == [mia]
    assert queue.page(QueueFilter(search="MRN-004")) == [], "an MRN is compared whole"
    assert queue.page(QueueFilter(search="mrn-0042", review_state="cleared")) == []


def test_each_row_says_whether_the_patient_asked_a_question_or_answered_wrongly(clinic):
    db, nurse, (first, fever, later) = clinic
    with db.session() as session:
        intake = session.get(Intake, first)
        record_question(session, intake=intake, section_id="risks", section_title="Risks", at=AT)
        for value in ("yes", "yes"):  # wrong, and wrong again after a talk
            record_comprehension(session, intake=intake, question_id="fda_approved",
                                 question="Is it approved?", answer="Yes",
                                 given=ComprehensionAnswer(value, False, AT))  # fmt: skip
        record_comprehension(session, intake=session.get(Intake, later), question_id="who_pays",
                             question="Who pays?", answer="Insurance",
                             given=ComprehensionAnswer("insurance", False, AT))  # fmt: skip
        record_comprehension(session, intake=session.get(Intake, later), question_id="cure",
                             question="Is it a cure?", answer="Yes",
                             given=ComprehensionAnswer("yes", False, AT))  # fmt: skip
        record_deferral(session, intake=session.get(Intake, later))
    rows = {r.intake_id: r for r in ReviewQueue(db, nurse).page(QueueFilter())}
    assert (rows[first].asked_question, rows[first].wrong_answers) == (True, 1)
    assert (rows[later].asked_question, rows[later].wrong_answers) == (False, 2)
    assert rows[later].decision == "more time"
    assert (rows[fever].asked_question, rows[fever].wrong_answers) == (False, 0)
