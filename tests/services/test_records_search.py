"""The records list narrowed in the database: name words, type and days, newest first, at
most as many as asked for; a search that matches nobody reads no document."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from intake_app.services.unfiled_documents import DocumentSearch, found_documents
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Document, Intake, Patient
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

MADE = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(database):  # noqa: F811  (the fixture imported above)
    for day, (name, decision) in enumerate(
        [
            ("Zoë Núñez", "agree"),
            ("Wei Li", "refuse"),
            ("Mario Nuñez", "agree"),
            ("Ana Ruiz", "agree"),
        ]
    ):
        chart_document(database, name, decision, MADE + dt.timedelta(days=day))
    return database


def completed_intake(session, given: str, family: str) -> tuple[Patient, Intake]:
    """A patient with one completed intake, as rows (no questionnaire behind it)."""
    patient = Patient(given_names=given, family_name=family, date_of_birth=dt.date(1970, 1, 1))
    session.add(patient)
    session.flush()
    intake = Intake(patient_id=patient.id, form_id="f", form_version="1", language="en",
                    status="completed")  # fmt: skip
    session.add(intake)
    session.flush()
    return patient, intake


def chart_document(db, name: str, decision: str, made: dt.datetime) -> None:
    given, family = name.split()
    with db.session() as session:
        patient, intake = completed_intake(session, given, family)
        session.add(ConsentRecord(
            intake_id=intake.id, patient_id=patient.id, consent_id="c", consent_version="1",
            language="en", text_sha256="0" * 64, shown_text="T", decision=decision, meaning="M",
            signed_name="S", time_zone="UTC", signature_strokes=[], signature_png=b"png",
            acknowledgments=[], comprehension=[], questions=[],
        ))  # fmt: skip
        session.add(Document(intake_id=intake.id, patient_id=patient.id, kind="chart_packet",
                             path=f"/documents/{patient.id}.pdf", sha256="1" * 64, size_bytes=1,
                             created_at=made))  # fmt: skip
        session.commit()


def listed(db, search: DocumentSearch, limit: int | None = None) -> list[str]:
    with db.session() as session:
        return [row.patient_name for row in found_documents(session, search, limit=limit)]


def test_the_records_list_is_narrowed_newest_first_and_limited(db):
    assert listed(db, DocumentSearch("NUNEZ")) == ["Mario Nuñez", "Zoë Núñez"]
    assert listed(db, DocumentSearch(), limit=2) == ["Ana Ruiz", "Mario Nuñez"]
    assert listed(db, DocumentSearch(doctypes=frozenset({"REFUSAL"}))) == ["Wei Li"]
    assert listed(db, DocumentSearch(doctypes=frozenset({"CONSENT"})), limit=1) == ["Ana Ruiz"]
    day = (MADE + dt.timedelta(days=1)).astimezone().date()  # the local day Wei's was made
    assert listed(db, DocumentSearch(made_from=day, made_to=day)) == ["Wei Li"]


def test_a_search_that_matches_nobody_reads_no_document(db):
    read: list[object] = []

    def loaded(row: object, _context) -> None:
        read.append(row)

    event.listen(Document, "load", loaded)
    try:
        assert listed(db, DocumentSearch("xiomara")) == []
    finally:
        event.remove(Document, "load", loaded)
    assert read == []


def test_the_documents_not_filed_yet_are_read_from_their_own_index_on_sqlite(tmp_path):
    """Years of filed documents (and patient's copies, never filed) are not walked to find
    the few waiting: SQLite reads them from ``document_unfiled``, newest first."""
    sqlite = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    chart_document(sqlite, "Ana Ruiz", "agree", MADE)
    asked: list[tuple[str, object]] = []

    def kept(_connection, _cursor, statement, parameters, _context, _many) -> None:
        if "FROM document" in statement and not asked:
            asked.append((statement, parameters))

    event.listen(sqlite.engine, "before_cursor_execute", kept)
    try:
        assert listed(sqlite, DocumentSearch(), limit=500) == ["Ana Ruiz"]
    finally:
        event.remove(sqlite.engine, "before_cursor_execute", kept)
    ((statement, parameters),) = asked
    with sqlite.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    steps = " / ".join(str(step[-1]) for step in plan)
    assert "USING INDEX document_unfiled" in steps, steps
    assert "TEMP B-TREE" not in steps, steps  # read in the page's order, not sorted after
    sqlite.dispose()
