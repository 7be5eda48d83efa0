"""The review page's reading of one intake: the flags worst first with the answers that
raised them (in English, with the patient's own words), every answer, the consent,
the patient's earlier intakes, and who may open it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import col, func, select

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.consent.document import show_consent
from intake_app.consent.progress import DISCUSSION_HOLD
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.paths import shipped_forms_dir
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import Reviews
from intake_app.services.review_record import open_review
from intake_app.settings import ClinicDetails, ClinicSettings, ProductDetails, StaffSettings
from intake_app.storage.consents import ConsentSteps, Signature, record_consent
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent, Document, Flag, Intake
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

PASSWORD = "correct horse battery"  # people_on_file's
CATALOG = FormCatalog.from_folder(shipped_forms_dir())
# A fever (a STOP flag: active infection) besides the REVIEW and NOTE flags of the sample.
FEVER = SAMPLE_ANSWERS | {"fever_recent": True}
QUIET = SAMPLE_ANSWERS
ASKED_AT = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)
TALKED_AT = dt.datetime(2026, 11, 25, 16, 6, tzinfo=dt.UTC)


def answered(db: Database, by, answers, language: str = "es") -> str:
    session = IntakeSession.start(
        db, CATALOG.get("exosome-joint-intake"), SAMPLE_PATIENT, language=language, by=by,
        today=lambda: TODAY,
    )  # fmt: skip
    for item_id, value in answers.items():
        session.answer(item_id, value)
    session.complete()
    return session.intake.id


def viewed(db: Database) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(AuditEvent)
        return session.exec(query.where(col(AuditEvent.action) == "intake_viewed")).one()


def events(db: Database) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(AuditEvent)).one()


@pytest.fixture
def clinic(database):  # noqa: F811
    """A nurse, and María José's Spanish intake with a fever, after an earlier intake of
    hers that a nurse routed to the clinician."""
    nurse = on_file(database, "nurse")
    earlier = answered(database, nurse, QUIET, language="en")
    reviews = Reviews(database, nurse, StaffSettings())
    with database.session() as session:
        flags = session.exec(select(Flag).where(Flag.intake_id == earlier)).all()
    for flag in flags:
        reviews.acknowledge(flag.id, "Checked with her.")
    reviews.sign_off(earlier, "needs_clinician", "Asked for an X-ray first.", PASSWORD)
    today = answered(database, nurse, FEVER)
    return database, nurse, earlier, today


def test_a_spanish_intake_shows_the_english_answer_with_the_patients_own_words(clinic):
    db, nurse, _earlier, intake_id = clinic
    record = open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)

    infection = next(flag for flag in record.flags if flag.severity == "STOP")
    fever = next(a for a in infection.answers if "fever" in a.question)
    assert fever.answer == "Yes"
    words = (fever.patient_words or "").replace("\u2068", "").replace("\u2069", "")
    assert words == "En las últimas 2 semanas, ¿ha tenido fiebre o escalofríos? Sí"
    assert record.header.language == "Spanish (es)"
    assert record.header.interpreter_needed == "no"


def test_the_flags_come_worst_first_with_the_answers_that_raised_them(clinic):
    db, nurse, _earlier, intake_id = clinic
    record = open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)

    severities = [flag.severity for flag in record.flags]
    assert severities[0] == "STOP" and "REVIEW" in severities
    assert severities == sorted(severities, key=["STOP", "REVIEW", "NOTE"].index)
    assert all(flag.acknowledged_by is None for flag in record.flags)
    stop = record.flags[0]
    assert [a.question for a in stop.answers] == [
        "In the last 2 weeks, have you had a fever or chills?"
    ]
    assert stop.sources and all(": " in source for source in stop.sources)  # key: citation


def test_every_answer_is_listed_by_section_in_english(clinic):
    db, nurse, _earlier, intake_id = clinic
    record = open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)

    answers = {a.question: a.answer for s in record.sections for a in s.answers}
    assert answers["What language do you prefer for your care?"] == "Spanish"
    assert "Which language?" not in answers  # hidden: she prefers Spanish
    assert record.header.age == "65 years"  # born 1961-07-14, seen 2026-11-25
    assert record.consent.decision == "not reached"
    assert record.chart_document is None


def test_the_patients_earlier_intake_is_listed_with_the_review_in_force(clinic):
    db, nurse, earlier, intake_id = clinic
    record = open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)

    [before] = record.earlier
    assert before.intake_id == earlier
    assert before.review is not None
    assert before.review.decision == "needs a clinician's decision"
    assert before.review.signed_name == "Rosa Díaz"
    assert before.worst_flag == "REVIEW" and record.reviews == ()

    on_the_earlier = open_review(db, earlier, catalog=CATALOG, today=TODAY, by=nurse)
    assert [r.note for r in on_the_earlier.reviews] == ["Asked for an X-ray first."]
    assert {f.acknowledged_by for f in on_the_earlier.flags} == {"Rosa Díaz"}
    assert [e.intake_id for e in on_the_earlier.earlier] == [intake_id]


def test_opening_the_intake_is_recorded_once(clinic):
    db, nurse, _earlier, intake_id = clinic
    before = viewed(db)
    open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)
    assert viewed(db) == before + 1


def test_a_records_clerk_may_read_and_a_person_without_the_right_is_refused(clinic):
    db, _nurse, _earlier, intake_id = clinic
    clerk, admin = on_file(db, "records"), on_file(db, "admin")
    assert open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=clerk).intake_id == intake_id

    before = events(db)
    with pytest.raises(NotPermitted, match="may not read an intake"):
        open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=admin)
    assert events(db) == before  # nothing read, nothing recorded


def test_the_signed_consent_gives_the_product_the_ind_status_and_the_talk(clinic):
    db, nurse, _earlier, intake_id = clinic
    settings = ClinicSettings(
        clinic=ClinicDetails(name="Riverside Joint Clinic"),
        product=ProductDetails(name="ExoJoint", manufacturer="Acme Biologics", price_usd=2500),
    )
    document = CATALOG.consent()
    shown = show_consent(document, "es", settings)
    steps = ConsentSteps(
        acknowledgments=[{"section": document.definition.sections[0].id, "at": ASKED_AT.isoformat()}],
        comprehension=[{"question": "fda_approved", "answer": "approved_for_knees",
                        "correct": False, "attempt": 1, "at": ASKED_AT.isoformat()}],
        questions=[{"section": "risks", "at": ASKED_AT.isoformat()}],
        holds=[{"hold": DISCUSSION_HOLD, "by": "Rosa Díaz", "at": TALKED_AT.isoformat(),
                "choice": "continue", "note": "Went over the risks again."}],
    )  # fmt: skip
    strokes = sample_strokes()
    signature = Signature("María José Núñez García", strokes, render_png(strokes), TALKED_AT, "UTC")
    with db.session() as session:
        intake = session.get(Intake, intake_id)
        record_consent(session, intake=intake, shown=shown, decision="agree",
                       meaning="Acepto.", signature=signature, steps=steps)  # fmt: skip
        session.add(Document(intake_id=intake_id, patient_id=intake.patient_id,
                             kind="chart_packet", path="/charts/a.pdf", sha256="ab" * 32,
                             size_bytes=2048))  # fmt: skip

    record = open_review(db, intake_id, catalog=CATALOG, today=TODAY, by=nurse)

    assert record.header.product == "ExoJoint, made by Acme Biologics"
    assert record.header.ind_status.startswith("no IND")
    assert record.header.consent == "exosome-joint-consent, version 1.0"
    assert record.consent.decision == "agreed"
    [question] = record.consent.questions
    assert (question.talked_with, question.note) == ("Rosa Díaz", "Went over the risks again.")
    [wrong] = record.consent.wrong_answers
    assert wrong.given != wrong.right and "FDA" in wrong.question
    assert record.chart_document is not None and record.chart_document.sha256 == "ab" * 32
