"""The first start on an empty data folder sets the tablet up: the clinic's name and its
first administrator, who then unlocks the tablet with their own user name and PIN."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import intake_app.clinic_file
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.setup import SetupScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.theme import Look
from intake_app.settings import read_clinic_file
from intake_app.staff.first_admin import (
    CLINIC_NAME,
    DISPLAY_NAME,
    PASSWORD,
    PASSWORD_AGAIN,
    PIN,
    PIN_AGAIN,
    USER_NAME,
)
from intake_app.storage.staff import all_staff
from tests.gui.conftest import close_kiosk, open_kiosk, settle, type_text
from tests.gui.test_idle_lock import on_screen_text
from tests.gui.test_touch_targets import problems_on_screen

ANA = {
    CLINIC_NAME: "Riverside Joint Clinic",
    DISPLAY_NAME: "Ana López",
    USER_NAME: "ana",
    PASSWORD: "a long river walk",
    PASSWORD_AGAIN: "a long river walk",
    PIN: "1357",
    PIN_AGAIN: "1357",
}


@pytest.fixture
def first_start(qtbot, qapp, tmp_path) -> Iterator:
    """The app started on an empty data folder: no clinic file, no database."""
    opened = open_kiosk(tmp_path / "data", qapp, qtbot)
    yield opened
    close_kiosk(opened)


def fill(screen: SetupScreen, values: dict[str, str]) -> None:
    for key, value in values.items():
        screen.fields[key].clear()
        type_text(screen.fields[key], value)


def shown_problems(screen: SetupScreen) -> dict[str, str]:
    return {
        key: message.text()
        for key, message in screen.problems.items()
        if message.isVisibleTo(screen)
    }


def people(kiosk) -> list:
    with kiosk.services.database.session() as session:
        return all_staff(session)


def test_a_first_start_opens_the_set_up_screen_with_nothing_filled_in(first_start):
    screen = first_start.screen
    assert isinstance(screen, SetupScreen)
    assert "Set up this tablet" in on_screen_text(first_start.window)
    assert all(field.text() == "" for field in screen.fields.values()), "no default password"
    assert screen.nurse.isChecked(), "a one-person clinic works the tablet too"
    assert first_start.controller.staff is None


def test_each_problem_is_said_under_its_field_and_nothing_is_stored(first_start):
    screen = first_start.screen
    page = screen.set_up.parentWidget()  # the page, which scrolls in the window
    settle()
    where = screen.set_up.mapTo(page, QPoint(0, 0))
    fill(screen, ANA | {PASSWORD_AGAIN: "another river walk", PIN: "12", USER_NAME: " "})
    screen.set_up.click()
    settle()
    assert shown_problems(screen) == {
        USER_NAME: "The user name is blank.",
        PIN: "The PIN must be 4 to 8 digits (0 to 9), nothing else.",
        PASSWORD_AGAIN: "The two passwords differ: type the same password twice.",
    }
    assert screen.set_up.mapTo(page, QPoint(0, 0)) == where, "nothing moved on the page"
    assert screen.fields[PASSWORD].text() == "" and screen.fields[PIN_AGAIN].text() == ""
    assert people(first_start) == []
    assert read_clinic_file(first_start.services.settings.clinic_file).clinic.name == ""

    fill(screen, ANA | {PASSWORD: "ana", PASSWORD_AGAIN: "ana", CLINIC_NAME: ""})
    screen.set_up.click()
    assert shown_problems(screen) == {
        CLINIC_NAME: "Type the clinic's name: it is printed at the top of every chart document.",
        PASSWORD: "The password is too short: use at least 10 characters.",
    }
    assert isinstance(first_start.screen, SetupScreen) and people(first_start) == []


def test_after_set_up_the_tablet_unlocks_only_with_the_persons_own_user_name_and_pin(
    first_start,
):
    kiosk = first_start
    fill(kiosk.screen, ANA)
    kiosk.screen.set_up.click()
    locked = kiosk.screen
    assert isinstance(locked, LockedScreen)
    assert locked.clinic_name.text() == "Riverside Joint Clinic"
    assert kiosk.window.windowTitle() == "Riverside Joint Clinic"
    [ana] = people(kiosk)
    assert (ana.username, ana.display_name, ana.roles) == ("ana", "Ana López", ["nurse", "admin"])
    assert ana.pin_hash and ana.pin_hash.startswith("$argon2id$")
    assert "a long river walk" not in ana.password_hash
    clinic_file = kiosk.services.settings.clinic_file
    written = clinic_file.read_text(encoding="utf-8")
    assert 'name = "Riverside Joint Clinic"          # printed at the top' in written
    assert "[product]" in written and "[seal]" in written, "the rest of the file is kept"
    assert stat.S_IMODE(clinic_file.stat().st_mode) == 0o600

    kiosk.unlock("2468", user="ana")
    assert isinstance(kiosk.screen, LockedScreen)
    assert locked.pin_pad.problem.text() == "The user name or the PIN is wrong."
    kiosk.unlock("1357", user="ana")
    assert isinstance(kiosk.screen, StaffScreen)
    assert kiosk.controller.staff.name == "Ana López"


def test_a_restart_after_set_up_opens_the_locked_screen(first_start, qapp, qtbot):
    fill(first_start.screen, ANA)
    first_start.screen.set_up.click()
    data_dir = first_start.services.settings.data_dir
    close_kiosk(first_start)
    again = open_kiosk(data_dir, qapp, qtbot)
    try:
        assert isinstance(again.screen, LockedScreen)
        assert again.screen.clinic_name.text() == "Riverside Joint Clinic"
    finally:
        close_kiosk(again)


def test_an_administrator_only_is_told_the_tablet_needs_someone_who_works_with_patients(
    first_start,
):
    kiosk = first_start
    fill(kiosk.screen, ANA)
    kiosk.screen.nurse.setChecked(False)
    kiosk.screen.set_up.click()
    [ana] = people(kiosk)
    assert ana.roles == ["admin"]
    shown = on_screen_text(kiosk.window)
    assert "For staff: nobody can unlock this tablet yet." in shown
    kiosk.unlock("1357", user="ana")
    assert isinstance(kiosk.screen, LockedScreen)
    assert kiosk.screen.pin_pad.problem.text() == (
        "Only a nurse, a clinician or records staff can unlock this."
    )


def test_a_clinic_file_that_cannot_be_written_leaves_no_administrator(first_start, monkeypatch):
    kiosk = first_start
    clinic_file = kiosk.services.settings.clinic_file
    before = clinic_file.read_text(encoding="utf-8")

    def refused(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(intake_app.clinic_file, "replace_private_file", refused)
    fill(kiosk.screen, ANA)
    kiosk.screen.set_up.click()
    screen = kiosk.screen
    assert isinstance(screen, SetupScreen)
    assert screen.problem.text().replace("\u200b", "") == (  # long words may wrap
        f"The clinic's name could not be written to {clinic_file} (Permission denied). "
        "Nothing was saved: fix the file or its folder, then tap Set up again."
    )
    assert people(kiosk) == [], "nothing was saved"
    assert clinic_file.read_text(encoding="utf-8") == before

    monkeypatch.undo()  # the folder fixed
    fill(screen, ANA)
    screen.set_up.click()
    assert isinstance(kiosk.screen, LockedScreen)
    assert [p.username for p in people(kiosk)] == ["ana"]


@pytest.mark.parametrize("look", [Look(1.0), Look(2.0, high_contrast=True)], ids=["100", "200"])
def test_the_set_up_screen_is_finger_sized_and_named(first_start, look):
    first_start.controller.set_look(look)
    screen = first_start.screen
    screen.set_up.click()  # every problem shown
    settle()
    assert problems_on_screen(first_start.window, "set-up") == []


@pytest.mark.parametrize("key", [PIN, PIN_AGAIN])
def test_a_letter_typed_in_a_pin_is_taken_out_at_once_and_the_rule_said(first_start, key):
    screen = first_start.screen
    assert isinstance(screen, SetupScreen)
    settle()
    content = screen.set_up.parentWidget()  # the scrolled page: scrolling is no move
    where = screen.set_up.mapTo(content, QPoint(0, 0))
    type_text(screen.fields[key], "12a4")
    assert screen.fields[key].text() == "124"
    assert shown_problems(screen) == {key: "The PIN must be 4 to 8 digits (0 to 9), nothing else."}
    settle()
    assert screen.set_up.mapTo(content, QPoint(0, 0)) == where, "nothing below moved"
    type_text(screen.fields[key], "567890")
    assert screen.fields[key].text() == "12456789", "8 digits at most"


def test_enter_in_a_field_does_what_set_up_does(first_start):
    screen = first_start.screen
    assert isinstance(screen, SetupScreen)
    field = screen.fields[CLINIC_NAME]
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert shown_problems(screen), "the problems are said, as after a tap on Set up"
