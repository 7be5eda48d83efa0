"""Which signed intakes still lack their chart document or the patient's copy, and which
withdrawals lack theirs: found in one read of the signed consents, oldest intake first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event
from sqlmodel import select

from intake_app.forms.catalog import FormCatalog
from intake_app.services.pending_documents import (
    make_missing_documents,
    signed_documents_owed,
    withdrawals_missing_documents,
)
from intake_app.settings import load_settings
from intake_app.storage.tables import ConsentRecord, Document, Intake, Patient
from tests.storage.conftest import (  # noqa: F401  (SQLite, and PostgreSQL when set)
    database,
    postgresql_database,
)

SIGNED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
LATER = SIGNED + dt.timedelta(hours=1)


@pytest.fixture
def db(database):  # noqa: F811  (the fixture imported above)
    return database


def signed_intake(db, minute: int, documents: tuple[str, ...], decision: str = "agree",
                  signed_at: dt.datetime = SIGNED) -> str:  # fmt: skip
    """An intake started ``minute`` minutes in, signed, with these kinds of documents."""
    with db.session() as session:
        patient = Patient(given_names="Ana", family_name="Ruiz", date_of_birth=dt.date(1970, 1, 1))
        session.add(patient)
        session.flush()
        intake = Intake(patient_id=patient.id, form_id="f", form_version="1", language="en",
                        status="completed", started_at=SIGNED + dt.timedelta(minutes=minute))  # fmt: skip
        session.add(intake)
        session.flush()
        record = consent(intake, decision, signed_at)
        session.add(record)
        session.flush()
        if "withdrawal" in documents:  # the agreement withdrawn, and its document made
            session.add(consent(intake, "withdraw", signed_at, supersedes=record.id))
        for kind in documents:
            session.add(document(intake, kind))
        session.commit()
        return intake.id


def consent(
    intake: Intake, decision: str, signed_at: dt.datetime, supersedes=None
) -> ConsentRecord:
    return ConsentRecord(
        intake_id=intake.id, patient_id=intake.patient_id, consent_id="c", consent_version="1",
        language="en", text_sha256="0" * 64, shown_text="T" * 5000, decision=decision,
        meaning="M", signed_name="S", signed_at=signed_at, time_zone="UTC", signature_strokes=[],
        signature_png=b"png" * 2000, acknowledgments=[], comprehension=[], questions=[],
        supersedes_id=supersedes,
    )  # fmt: skip


def document(intake: Intake, kind: str) -> Document:
    return Document(intake_id=intake.id, patient_id=intake.patient_id, kind=kind,
                    path=f"/documents/{kind}-{intake.id}.pdf", sha256="1" * 64, size_bytes=1)  # fmt: skip


def test_each_signed_intake_missing_a_document_is_owed_it_oldest_first(db):
    signed_intake(db, 1, ("chart_packet", "patient_copy"))
    no_copy = signed_intake(db, 5, ("chart_packet",))
    no_chart = signed_intake(db, 3, ("patient_copy",), decision="refuse")
    neither = signed_intake(db, 2, ())
    signed_intake(db, 0, (), signed_at=LATER)  # too recent: its tablet may be making them
    with db.session() as session:
        owed = signed_documents_owed(session, signed_before=LATER)
    assert owed.charts == [neither, no_chart]
    assert owed.copies == [neither, no_copy]


def test_a_withdrawal_without_its_document_is_owed_it(db):
    signed_intake(db, 1, ("chart_packet", "patient_copy", "withdrawal"))
    withdrawn = signed_intake(db, 2, ("chart_packet", "patient_copy"))
    with db.session() as session:
        agreement = session.exec(
            select(ConsentRecord).where(ConsentRecord.intake_id == withdrawn)
        ).one()
        intake = session.get(Intake, withdrawn)
        session.add(consent(intake, "withdraw", SIGNED, supersedes=agreement.id))
        session.commit()
    with db.session() as session:
        [record_id] = withdrawals_missing_documents(session, signed_before=LATER)
        assert session.get(ConsentRecord, record_id).intake_id == withdrawn


def statements_of_the_start_up_check(db) -> list[tuple[str, object]]:
    """What the start-up check sends to the database (with its parameters) for three
    signed intakes whose documents are all made."""
    for minute in range(3):
        signed_intake(db, minute, ("chart_packet", "patient_copy"))
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    sent: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, *_args) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session() as session:
            assert make_missing_documents(
                session, catalog=catalog, settings=settings, today=SIGNED.date(),
                signed_before=LATER,
            ) == []  # fmt: skip
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return sent


def test_the_start_up_check_reads_the_signed_consents_once(db):
    sent = statements_of_the_start_up_check(db)
    signed_reads = [s for s, _ in sent if "consent_record.decision IN" in s]
    assert len(signed_reads) == 1


def test_the_start_up_check_looks_up_no_document_one_signing_at_a_time(
    postgresql_database,  # noqa: F811  (the fixture imported above)
):
    """Years of signed consents and reviews are each matched with their documents in
    one pass (an anti-join on the documents' indexes), not one lookup per consent or
    review, nor a list of every addendum compared with each review."""
    db = postgresql_database
    sent = [
        (statement, parameters)
        for statement, parameters in statements_of_the_start_up_check(db)
        if statement.lstrip().startswith("SELECT") and " NOT " in statement
    ]
    with db.engine.connect() as connection:
        plans = [
            "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", parameters))
            for sql, parameters in sent
        ]
    assert len(plans) == 3  # the chart documents and copies, the withdrawals, the addenda
    for plan in plans:
        assert "Anti Join" in plan and "SubPlan" not in plan, plan
