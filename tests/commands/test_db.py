"""``intake-app db upgrade | version``: a database made and filled by the first schema is
upgraded with every record unchanged and its audit trail intact; until then every
command refuses it with what to run; a newer database is refused the other way."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

from intake_app.cli import main
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.services.intake_session import IntakeSession
from intake_app.services.review import Reviews
from intake_app.settings import StaffSettings, load_settings
from intake_app.storage.db import Database, create_database_engine
from intake_app.storage.patients import find_patients
from intake_app.storage.tables import Flag, Intake
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.storage.conftest import empty_postgres_url

PASSWORD = "correct horse battery"  # people_on_file's
OLDER = (
    "intake-app: The database is at version 0001; this app needs 0006. Run `intake-app db "
    "upgrade` (with the database's owner account on PostgreSQL) and start again.\n"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """This machine's database (none yet): the data folder's SQLite file, or PostgreSQL."""
    if request.param == "sqlite":
        return load_settings().database_url
    found = empty_postgres_url()
    monkeypatch.setenv("INTAKE_DATABASE_URL", found)
    return found


def back_to_0001(url: str) -> None:
    """The database as version 0001 made it: what later versions added is taken out
    (0006's and 0005's indexes, 0003's name key and indexes, 0002's indexes), what they dropped is
    back (0004's answer index), and the version recorded is 0001."""
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            for index in LATER_INDEXES:
                connection.execute(text(f"DROP INDEX {index}"))
            connection.execute(text("ALTER TABLE patient DROP COLUMN name_key"))
            connection.execute(text("CREATE INDEX ix_answer_intake_id ON answer (intake_id)"))
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    finally:
        engine.dispose()


LATER_INDEXES = (
    "document_unfiled",
    "document_folder",
    "intake_review_counts",
    "patient_name_key",
    "consent_record_decisions",
    "ix_consent_record_supersedes_id",
    "intake_unfinished",
    "ix_patient_created_at",
    "ix_document_created_at",
)


def fill_through_the_app(tmp_path: Path, intake_form, capsys) -> None:
    """What a clinic's first weeks leave: a signed consent with its sealed documents, a
    signed review, a filed chart document, an unfinished intake, and their audit events."""
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    database = Database(load_settings().database_url)
    try:
        nurse = on_file(database, "nurse")
        with database.session() as session:
            signed = session.exec(select(Intake)).one().id
            flags = session.exec(select(Flag).where(Flag.intake_id == signed)).all()
        reviews = Reviews(database, nurse, StaffSettings())
        for flag in flags:
            reviews.acknowledge(flag.id, f"Talked {flag.rule_id} through with the patient.")
        reviews.sign_off(signed, "needs_clinician", "The doctor decides.", PASSWORD)
        other = dataclasses.replace(SAMPLE_PATIENT, given_names="Ana", mrn="MRN-1")
        unfinished = IntakeSession.start(
            database, intake_form, other, language="es", by=nurse, today=lambda: TODAY
        )
        unfinished.answer("decides_for_self", True)
        unfinished.answer("sex_at_birth", "male")
    finally:
        database.dispose()
    (tmp_path / "chart").mkdir()
    assert main(["documents", "file", "--all", "--to", str(tmp_path / "chart")]) == 0
    capsys.readouterr()


def every_row(url: str) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows, in primary-key order."""
    engine = create_database_engine(url)
    rows = {}
    try:
        with engine.connect() as connection:
            for table in SQLModel.metadata.sorted_tables:
                key = table.primary_key.columns[0].name
                query = text(f"SELECT * FROM {table.name} ORDER BY {key}")
                rows[table.name] = [dict(row._mapping) for row in connection.execute(query)]
    finally:
        engine.dispose()
    return rows


def as_before(rows: dict[str, list[dict[str, Any]]], before: dict[str, list[dict[str, Any]]]):
    """``rows`` with only the columns each table had ``before``."""
    return {
        table: [{name: row[name] for name in before[table][0]} for row in rows[table]]
        if before[table]
        else rows[table]
        for table in rows
    }


def test_a_database_filled_at_0001_upgrades_with_every_record_and_its_chain(
    url, tmp_path, intake_form, capsys
):
    fill_through_the_app(tmp_path, intake_form, capsys)
    back_to_0001(url)
    before = every_row(url)
    assert [name for name, rows in before.items() if not rows] == ["attestation"]

    assert main(["audit", "verify"]) == 1  # every command refuses until the upgrade
    assert capsys.readouterr().err == OLDER
    assert main(["db", "version"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Database version: 0001",
        "This app's version: 0006",
        OLDER.removeprefix("intake-app: ").strip(),
    ]

    assert main(["db", "upgrade"]) == 0
    said = capsys.readouterr()
    assert (said.out, said.err) == ("Upgraded the database from version 0001 to 0006.\n", "")
    assert as_before(every_row(url), before) == before
    assert main(["audit", "verify"]) == 0
    assert "Audit trail: intact" in capsys.readouterr().out
    assert found_by_name(url, "NUÑEZ") == ["Ana", "María José"]  # keys filled by the upgrade

    assert main(["db", "upgrade"]) == 0  # twice: harmless
    assert capsys.readouterr().out == "The database is already at version 0006; nothing to do.\n"
    assert as_before(every_row(url), before) == before


def found_by_name(url: str, text: str) -> list[str]:
    """The given names of the patients the staff search finds by ``text``."""
    database = Database(url)
    try:
        with database.session() as session:
            found = find_patients(session, text=text, date_of_birth=None, mrn=None)
            return [match.patient.given_names for match in found]
    finally:
        database.dispose()


def test_a_newer_database_is_not_upgraded_and_says_to_install_the_newer_app(url, capsys):
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "Made a new database at version 0006.\n"
    engine = create_database_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    newer = (
        "The database is at version 0099; this app needs 0006. It was upgraded by a newer "
        "version of the app; install that version."
    )
    assert main(["db", "upgrade"]) == 1
    assert capsys.readouterr().err == f"intake-app: {newer}\n"
    assert main(["users", "list"]) == 1
    assert capsys.readouterr().err == f"intake-app: {newer}\n"


def test_version_on_a_machine_without_a_database_makes_none(capsys):
    assert main(["db", "version"]) == 0
    assert capsys.readouterr().out == (
        "There is no database here yet; `intake-app db upgrade` makes one.\n"
    )
    assert not Path(load_settings().database_url.removeprefix("sqlite:///")).exists()


def test_an_unreachable_server_is_one_line_without_the_password(capsys):
    url = "postgresql+psycopg://intake:secret-pw@127.0.0.1:9/intake?connect_timeout=2"
    assert main(["db", "upgrade", "--url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("intake-app: the database cannot be read (OperationalError)")
    assert "secret-pw" not in err and "Traceback" not in err
