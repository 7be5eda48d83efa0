"""A clinic settings file that cannot be used: staff see why on the tablet and fix it there."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.gui import desk_app
from intake_app.gui.app import AppStart
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.settings_problem import SettingsProblemScreen
from intake_app.services.connection import NOT_REACHED_AT_START
from intake_app.settings import load_settings
from tests.gui.conftest import prepare_data_dir, settle
from tests.gui.test_idle_lock import on_screen_text
from tests.gui.test_start_up import app_start
from tests.gui.test_touch_targets import problems_on_screen


def shown_text(start: AppStart) -> str:
    return on_screen_text(start.window).replace("\u200b", "")  # where long words may wrap


@pytest.fixture
def clinic_file(tmp_path) -> Path:
    prepare_data_dir(tmp_path / "data")
    return tmp_path / "data" / "clinic.toml"


@pytest.fixture
def start(qapp, qtbot, tmp_path) -> Iterator[AppStart]:
    yield from app_start(qapp, qtbot, tmp_path / "data")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_setting_below_its_minimum_is_shown_and_try_again_opens_the_kiosk(clinic_file, start):
    edit(clinic_file, "idle_seconds = 180", "idle_seconds = 20")
    problem = start.open()
    settle()
    assert problem is not None and "kiosk.idle_seconds is 20" in str(problem)  # for stderr
    screen = start.window.current
    assert isinstance(screen, SettingsProblemScreen) and start.window.isVisible()
    shown = shown_text(start)
    assert "The app cannot start yet" in shown
    assert f"File: {clinic_file}" in shown
    assert "Line 4: kiosk.idle_seconds is 20; it must be 30 or more" in shown
    assert "Open the file, fix the line, save it, then tap Try again." in shown
    assert "Traceback" not in shown

    screen.try_again.click()  # not fixed yet: the same problem, and a word that it was checked
    settle()
    again = start.window.current
    assert isinstance(again, SettingsProblemScreen) and again is not screen
    assert again.still.isVisible()

    edit(clinic_file, "idle_seconds = 20", "idle_seconds = 30")
    again.try_again.click()
    settle()
    assert isinstance(start.window.current, LockedScreen)
    assert start.controller is not None
    assert start.controller.services.idle_policy.idle_seconds == 30
    assert start.window.windowTitle() == "Riverside Joint Clinic"


def test_a_toml_syntax_error_shows_its_line_number_and_what_is_written_there(clinic_file, start):
    edit(clinic_file, "idle_seconds = 180", "idle_seconds 180")
    start.open()
    settle()
    shown = shown_text(start)
    assert (
        "Line 4: expected '=' after a key in a key/value pair (column 14) in: idle_seconds 180"
        in shown
    )


def test_a_clinic_file_with_the_old_shared_pin_is_refused_with_what_to_run_instead(
    clinic_file, start
):
    edit(
        clinic_file, "[kiosk]\n", '[kiosk]\nstaff_pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$a$b"\n'
    )
    problem = start.open()
    settle()
    assert problem is not None and "kiosk.staff_pin_hash" in str(problem)  # for stderr
    assert isinstance(start.window.current, SettingsProblemScreen)
    shown = shown_text(start)
    assert (
        "Line 4: kiosk.staff_pin_hash: the shared staff PIN is no longer used; each person "
        "unlocks the tablet with their own user name and PIN. Remove this line." in shown
    )
    assert 'intake-app users add "NAME" --user-name USER --role admin' in shown
    assert "intake-app users set-pin USER" in shown

    edit(
        clinic_file, '[kiosk]\nstaff_pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$a$b"\n', "[kiosk]\n"
    )
    start.window.current.try_again.click()  # the line removed: the kiosk opens
    settle()
    assert isinstance(start.window.current, LockedScreen)


def test_close_the_app_closes_at_once_with_no_keypad(clinic_file, start):
    """Staff accounts cannot be checked while the settings are broken, and this screen
    shows nothing about patients: closing asks for no PIN."""
    edit(clinic_file, "idle_seconds = 180", "idle_seconds = 20")
    start.open()
    screen = start.window.current
    assert isinstance(screen, SettingsProblemScreen)
    assert not hasattr(screen, "pin_pad")
    screen.close_app.click()
    assert not start.window.isVisible()


def test_the_window_is_full_screen_only_if_the_broken_file_still_says_so(clinic_file, start):
    text = clinic_file.read_text(encoding="utf-8")
    clinic_file.write_text(text + "[seal\n", encoding="utf-8")  # the file cannot be parsed
    start.open()
    assert not start.window.isFullScreen() and start.window.width() == 1280
    start.window.hide()
    clinic_file.write_text(
        text.replace("idle_seconds = 180", "idle_seconds = 20 \nfull_screen = true"),
        encoding="utf-8",
    )
    start.open()
    assert start.window.isFullScreen()


def test_its_controls_are_finger_sized_and_named(clinic_file, start):
    edit(clinic_file, "idle_seconds = 180", "idle_seconds = 20")
    start.open()
    settle()
    assert problems_on_screen(start.window, "settings problem") == []


OLDER = (
    "The database is at version 0001; this app needs 0006. Run `intake-app db upgrade` "
    "(with the database's owner account on PostgreSQL) and start again."
)


def back_to_version_0001(data_dir: Path) -> None:
    """The database as the first release left it: without 0002's indexes, nor 0003's
    patient name key and indexes, nor 0005's and 0006's indexes, with the answer index 0004 drops."""
    with closing(sqlite3.connect(data_dir / "intake.sqlite3")) as connection, connection:
        for index in ("ix_patient_created_at", "ix_document_created_at", "patient_name_key",
                      "consent_record_decisions", "ix_consent_record_supersedes_id",
                      "intake_unfinished", "intake_review_counts", "document_unfiled",
                      "document_folder"):  # fmt: skip
            connection.execute(f"DROP INDEX {index}")
        connection.execute("ALTER TABLE patient DROP COLUMN name_key")
        connection.execute("CREATE INDEX ix_answer_intake_id ON answer (intake_id)")
        connection.execute("UPDATE alembic_version SET version_num = '0001'")


def test_an_older_database_says_what_to_run_and_try_again_opens_the_kiosk(
    clinic_file, start, capsys
):
    back_to_version_0001(clinic_file.parent)
    problem = start.open()
    settle()
    assert str(problem) == OLDER  # for stderr
    screen = start.window.current
    assert isinstance(screen, SettingsProblemScreen) and start.window.isVisible()
    shown = shown_text(start)
    assert "For staff: the database is not at this app's version." in shown
    assert OLDER in shown and "File:" not in shown and "Traceback" not in shown

    screen.try_again.click()
    settle()
    assert start.window.current.still.isVisible()
    assert "Checked again: the database is still not at this app's version." in shown_text(start)

    assert main(["db", "upgrade"]) == 0
    assert "from version 0001 to 0006" in capsys.readouterr().out
    start.window.current.try_again.click()
    settle()
    assert isinstance(start.window.current, LockedScreen)


def test_the_desk_says_the_same_in_a_window_and_does_not_open(
    clinic_file, qapp, monkeypatch, capsys
):
    back_to_version_0001(clinic_file.parent)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        desk_app.QMessageBox, "critical", lambda _parent, title, text: said.append((title, text))
    )
    assert desk_app.run_desk() == 1
    assert said == [("The database is not at this app's version", OLDER)]
    assert capsys.readouterr().err == f"intake-app: {OLDER}\n"


UNREACHED = "postgresql+psycopg://intake:secret@127.0.0.1:9/intake"  # nothing listens on 9


def test_a_database_out_of_reach_at_start_is_said_and_try_again_opens_the_kiosk(
    clinic_file, start, capsys
):
    """The server is down when the tablet starts: staff read what to check, with no
    password and no traceback; once it answers, Try again opens the kiosk."""
    environment = {"INTAKE_DATA_DIR": str(clinic_file.parent), "INTAKE_DATABASE_URL": UNREACHED}
    start.load = lambda: load_settings(environment)
    start.open()
    settle()
    shown = shown_text(start)
    assert "For staff: the database could not be reached." in shown
    assert NOT_REACHED_AT_START in shown
    assert "secret" not in shown and "Traceback" not in shown
    del environment["INTAKE_DATABASE_URL"]  # the server is back (here: the tablet's SQLite)
    start.window.current.try_again.click()
    settle()
    assert isinstance(start.window.current, LockedScreen)


def test_a_command_with_the_database_out_of_reach_says_so_in_one_line(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTAKE_DATABASE_URL", UNREACHED)
    assert main(["documents", "list"]) == 1
    assert capsys.readouterr().err == f"intake-app: {NOT_REACHED_AT_START}\n"
