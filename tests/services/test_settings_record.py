"""Every change of the clinic settings is in the audit trail: who, when, which
workstation, which settings with their old and new values; an unchanged file writes
nothing, and a password inside a setting is never written."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
from sqlmodel import col, select

import intake_app.clinic_file
import intake_app.services.settings_record
from intake_app.clinic_file import write_clinic_file_template
from intake_app.gui.app_services import build_services
from intake_app.services.actor import Actor
from intake_app.services.first_run import set_up
from intake_app.services.settings_record import (
    SETTINGS_CHANGED,
    record_settings,
    record_settings_at_start_up,
)
from intake_app.settings import load_settings
from intake_app.storage.audit import AuditChainError
from intake_app.storage.audit_check import check_chain
from intake_app.storage.db import Database
from intake_app.storage.staff import all_staff
from intake_app.storage.tables import AuditEvent
from tests.conftest import CLINIC_TOML
from tests.staff.test_first_admin import ANA  # the clinic name is trimmed when stored
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)


@pytest.fixture
def clinic_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_TOML, encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(path))
    return path


def start(db: Database, environ: dict[str, str] | None = None) -> None:
    """What the tablet does at power-on: read the settings, record what changed."""
    record_settings_at_start_up(db, load_settings(environ))


def settings_events(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        query = select(AuditEvent).where(col(AuditEvent.action) == SETTINGS_CHANGED)
        return list(session.exec(query.order_by(col(AuditEvent.sequence))))


def chain_problem(db: Database) -> str | None:
    with db.session() as session:
        return check_chain(session).problem


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_first_start_records_every_setting_once(database, clinic_file):  # noqa: F811
    start(database)
    start(database)

    [event] = settings_events(database)
    assert (event.actor, event.actor_role) == ("system", None)
    assert event.workstation == load_settings().device_id()
    changed = event.detail["changed"]
    assert changed["clinic.name"] == {"old": None, "new": "Riverside Joint Clinic"}
    assert changed["staff.idle_logout_minutes"] == {"old": None, "new": 10}, "defaults count"
    assert event.detail["noticed"] == "at start-up"
    assert event.detail["clinic_file_sha256"] == sha256_of(clinic_file)
    assert event.detail["previous_record"] is None
    assert chain_problem(database) is None


def test_an_edited_setting_is_recorded_by_name_with_old_and_new(database, clinic_file):  # noqa: F811
    start(database)
    with clinic_file.open("a", encoding="utf-8") as file:
        file.write("\n[staff]\nidle_logout_minutes = 15\n")

    start(database)
    start(database)

    first, edited = settings_events(database)
    assert edited.detail["changed"] == {"staff.idle_logout_minutes": {"old": 10, "new": 15}}
    assert edited.detail["noticed"] == "at start-up"
    assert edited.detail["clinic_file_sha256"] == sha256_of(clinic_file)
    assert edited.detail["previous_record"] == first.sequence
    assert chain_problem(database) is None


def test_a_comment_edited_changes_no_setting_and_writes_nothing(database, clinic_file):  # noqa: F811
    start(database)
    with clinic_file.open("a", encoding="utf-8") as file:
        file.write("# checked by Ana on Monday\n")

    start(database)

    assert len(settings_events(database)) == 1


def test_each_tablet_compares_with_its_own_clinic_file(database, tmp_path, clinic_file):  # noqa: F811
    other_file = tmp_path / "station.toml"
    other_file.write_text(CLINIC_TOML + "\n[kiosk]\nfull_screen = false\n", encoding="utf-8")
    station = {"INTAKE_DATA_DIR": str(tmp_path / "station"), "INTAKE_CLINIC_FILE": str(other_file)}

    start(database)
    start(database, station)
    start(database)
    start(database, station)

    tablet, nurse_station = settings_events(database)
    assert tablet.workstation != nurse_station.workstation
    assert nurse_station.detail["changed"]["kiosk.full_screen"] == {"old": None, "new": False}


def test_a_password_inside_the_timestamp_url_is_never_recorded(database, clinic_file):  # noqa: F811
    url = "https://ana:{}@tsa.example.org/stamp?key={}"
    with clinic_file.open("a", encoding="utf-8") as file:
        file.write(f'\n[seal]\ntimestamp_url = "{url.format("river-walk-7", "k-0042")}"\n')
    start(database)
    text = clinic_file.read_text(encoding="utf-8")
    clinic_file.write_text(text.replace("river-walk-7", "lake-walk-9"), encoding="utf-8")

    start(database)
    start(database)

    first, changed = settings_events(database)
    assert first.detail["changed"]["seal.timestamp_url"]["new"] == (
        "https://(hidden)@tsa.example.org/stamp?(hidden)"
    )
    assert changed.detail["changed"] == {"seal.timestamp_url.credentials": {"hidden": True}}
    for event in (first, changed):
        recorded = json.dumps(event.detail)
        assert "walk" not in recorded and "k-0042" not in recorded and "ana:" not in recorded
    assert chain_problem(database) is None


def test_the_first_run_records_the_clinic_name_with_the_administrator_as_actor(
    database,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    clinic_file = tmp_path / "clinic.toml"
    write_clinic_file_template(clinic_file)
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic_file))
    database.workstation = load_settings().device_id()  # as the app opens it
    start(database)

    set_up(database, ANA, clinic_file)
    start(database)  # the tablet restarts on the file the set-up wrote

    _, named = settings_events(database)
    with database.session() as session:
        [ana] = all_staff(session)
    assert (named.actor, named.actor_role) == (f"staff:{ana.id}", "admin+nurse")
    assert named.detail["changed"] == {"clinic.name": {"old": "", "new": "Riverside Joint Clinic"}}
    assert "noticed" not in named.detail
    assert named.detail["clinic_file_sha256"] == sha256_of(clinic_file)
    assert chain_problem(database) is None


def test_a_clinic_file_that_cannot_be_written_stores_neither_administrator_nor_event(
    database,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    clinic_file = tmp_path / "clinic.toml"
    write_clinic_file_template(clinic_file)

    def refused(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(intake_app.clinic_file, "replace_private_file", refused)
    with pytest.raises(PermissionError):
        set_up(database, ANA, clinic_file)

    with database.session() as session:
        assert all_staff(session) == []
    assert settings_events(database) == []


def test_the_administrator_and_the_settings_event_are_stored_together_or_not_at_all(
    database,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    clinic_file = tmp_path / "clinic.toml"
    write_clinic_file_template(clinic_file)

    def broken_trail(*args, **kwargs):
        raise AuditChainError("no chain head")

    monkeypatch.setattr(intake_app.services.settings_record, "append_event", broken_trail)
    with pytest.raises(AuditChainError):
        set_up(database, ANA, clinic_file)

    with database.session() as session:
        assert all_staff(session) == []


def test_a_trail_that_cannot_be_written_does_not_stop_the_tablet(
    database,  # noqa: F811
    clinic_file,
    monkeypatch,
    caplog,
):
    def broken_trail(*args, **kwargs):
        raise AuditChainError("no chain head")

    monkeypatch.setattr(intake_app.services.settings_record, "append_event", broken_trail)
    with caplog.at_level(logging.ERROR):
        start(database)

    assert caplog.messages == ["clinic settings changes not recorded (AuditChainError)"]
    assert settings_events(database) == []


def test_a_change_made_by_someone_known_names_them(database, clinic_file):  # noqa: F811
    ada = Actor.staff("S-admin", "Ada Admin", frozenset(), "station-1")

    changed = record_settings(database, load_settings(), actor=ada)

    [event] = settings_events(database)
    assert event.actor == "staff:S-admin" and event.workstation == "station-1"
    assert "clinic.name" in changed and "noticed" not in event.detail


def test_the_app_records_the_settings_when_it_starts(clinic_file):
    services = build_services(load_settings())
    try:
        [event] = settings_events(services.database)
    finally:
        services.database.dispose()
    assert event.detail["noticed"] == "at start-up"
    assert event.workstation == services.device_id
