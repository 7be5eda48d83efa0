"""The database keeps what it acknowledged, refuses orphans, and keeps time zones."""

from __future__ import annotations

import datetime as dt
import os
import stat
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from intake_app.storage.db import Database
from intake_app.storage.tables import Answer, Patient


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("synchronous") == "2"  # FULL
    assert db.pragma("foreign_keys") == "1"


def test_sqlite_file_folder_is_created(tmp_path):
    Database(f"sqlite:///{tmp_path / 'new' / 'folder' / 'intake.sqlite3'}")
    assert (tmp_path / "new" / "folder" / "intake.sqlite3").exists()


@pytest.fixture
def permissive_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_and_its_wal_files_are_readable_by_their_owner_only(
    tmp_path, permissive_umask
):
    folder = tmp_path / "new" / "folder"
    db = Database(f"sqlite:///{folder / 'intake.sqlite3'}")
    try:
        with db.session() as session:  # a write, so SQLite makes its -wal and -shm files
            session.add(
                Patient(given_names="A", family_name="B", date_of_birth=dt.date(1970, 1, 1))
            )
            session.commit()
        files = {path.name: mode(path) for path in folder.iterdir()}
    finally:
        db.dispose()
    assert files == {
        "intake.sqlite3": 0o600,
        "intake.sqlite3-wal": 0o600,
        "intake.sqlite3-shm": 0o600,
    }
    assert (mode(folder.parent), mode(folder)) == (0o700, 0o700)


def test_an_existing_database_and_its_folder_keep_their_permissions(tmp_path, permissive_umask):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    Database(f"sqlite:///{folder / 'intake.sqlite3'}").dispose()
    os.chmod(folder / "intake.sqlite3", 0o640)
    Database(f"sqlite:///{folder / 'intake.sqlite3'}").dispose()
    assert (mode(folder), mode(folder / "intake.sqlite3")) == (0o750, 0o640)


def test_a_sqlite_uri_makes_no_stray_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Database("sqlite:///file:intake.sqlite3?uri=true").dispose()
    assert [path.name for path in tmp_path.iterdir()] == ["intake.sqlite3"]


def test_timestamps_come_back_aware_and_in_utc(database):
    pacific = dt.datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    with database.session() as session:
        patient = Patient(
            given_names="Ana",
            family_name="Ruiz",
            date_of_birth=dt.date(1960, 1, 2),
            created_at=pacific,
        )
        session.add(patient)
        session.commit()
        patient_id = patient.id
    with database.session() as session:
        stored = session.get(Patient, patient_id)
        assert stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset() == dt.timedelta(0)
        assert stored.created_at == pacific


def test_a_naive_timestamp_is_refused(database):
    with pytest.raises(StatementError, match="timezone-aware"), database.session() as session:
        session.add(
            Patient(
                given_names="A",
                family_name="B",
                date_of_birth=dt.date(1970, 1, 1),
                created_at=dt.datetime(2026, 1, 1, 12, 0),
            )
        )


def test_an_answer_for_an_intake_that_does_not_exist_is_refused(database):
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(Answer(intake_id="no-such-intake", item_id="pain_now", value=3))


def test_a_failed_insert_does_not_put_the_answer_in_its_error_text(database):
    # Error text reaches stderr and logs; the answer must not travel with it. (PostgreSQL
    # names the missing key itself, here the intake's random id, which is not patient data.)
    with pytest.raises(IntegrityError) as caught, database.session() as session:
        session.add(
            Answer(
                intake_id="no-such-intake",
                item_id="blood_thinner_names",
                value=["apixaban", "Ana Ruiz 1958-03-02"],
            )
        )
    text = str(caught.value) + repr(caught.value)
    assert "parameters hidden" in text
    for secret in ("apixaban", "Ana Ruiz", "1958-03-02"):
        assert secret not in text
