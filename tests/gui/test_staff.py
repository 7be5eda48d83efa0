"""What staff do on the tablet: find the patient, start, resume or end an intake, lock."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from sqlmodel import select

import intake_app.gui.screens.staff as staff_module
from intake_app.gui.screens.identity import IdentityCheckScreen
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.storage.tables import Intake, Patient
from tests.gui.conftest import set_date, settle, type_text, unlock_pad


def staff_screen(kiosk) -> StaffScreen:
    if not isinstance(kiosk.screen, StaffScreen):
        kiosk.unlock()
    screen = kiosk.screen
    assert isinstance(screen, StaffScreen)
    return screen


def back_to_staff(kiosk) -> StaffScreen:
    """The patient pauses; staff take over with the PIN."""
    kiosk.window.patient_bar.pause.click()
    paused = kiosk.screen
    paused.staff.click()
    unlock_pad(paused.pin_pad)
    return staff_screen(kiosk)


def buttons(screen, starting: str):
    return [
        b
        for b in screen.findChildren(type(screen.start))
        if b.accessibleName().startswith(starting)
    ]


def patients(kiosk) -> list[Patient]:
    with kiosk.services.database.session() as session:
        return list(session.exec(select(Patient)))


def test_a_patient_on_file_is_found_by_part_of_the_name_and_used_as_stored(kiosk, qtbot):
    kiosk.start_intake()
    staff = back_to_staff(kiosk)
    staff.given_names.setText("maria")
    staff.given_names.textEdited.emit("maria")  # as typed on the keyboard
    qtbot.waitUntil(lambda: bool(staff.matches.rows), timeout=2000)
    [use] = buttons(staff, "Use ")
    assert use.accessibleName() == "Use María José Núñez García"
    use.click()
    assert staff.family_name.text() == "Núñez García"
    assert staff.birth_date.value() == "1961-07-14"
    assert staff.mrn.text() == SAMPLE_PATIENT.mrn
    staff.start.click()
    assert isinstance(kiosk.screen, IdentityCheckScreen)
    assert len(patients(kiosk)) == 1, "the same patient, not a second copy"


def test_an_mrn_on_file_for_someone_else_is_refused_with_a_reason(kiosk):
    kiosk.start_intake()
    staff = back_to_staff(kiosk)
    staff.given_names.setText("Other")
    staff.family_name.setText("Person")
    set_date(staff.birth_date, "1990-01-01")
    staff.mrn.setText(SAMPLE_PATIENT.mrn)
    staff.start.click()
    assert isinstance(kiosk.screen, StaffScreen)
    assert staff.problem.text().startswith("This MRN is on file for another patient")
    assert [p.given_names for p in patients(kiosk)] == ["María José"]


def test_staff_resume_an_unfinished_intake_where_it_was(kiosk):
    kiosk.start_intake()
    kiosk.controller.questions.go_to("contact")
    settle()
    staff = back_to_staff(kiosk)
    [resume] = buttons(staff, "Resume ")
    assert "answering the questions" in resume.accessibleDescription()
    resume.click()
    kiosk.screen.begin.click()
    assert isinstance(kiosk.screen, WizardScreen) and kiosk.page.page.id == "contact"


def test_staff_end_an_unfinished_intake_and_it_leaves_the_list(kiosk):
    kiosk.start_intake()
    staff = back_to_staff(kiosk)
    [end] = buttons(staff, "End ")
    end.click()
    staff = kiosk.screen
    assert buttons(staff, "Resume ") == []
    with kiosk.services.database.session() as session:
        [intake] = session.exec(select(Intake)).all()
    assert intake.status == "abandoned"


def test_the_thank_you_screen_hands_back_to_the_locked_start_screen(kiosk):
    kiosk.start_intake()
    kiosk.controller.consent_done()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    thanks.finish.click()
    assert isinstance(kiosk.screen, LockedScreen)
    assert not kiosk.window.patient_bar.isVisible()


def test_the_languages_offered_are_those_of_the_form(kiosk):
    staff = staff_screen(kiosk)
    assert {c for c, b in staff.language_buttons.items() if not b.isHidden()} == {"en", "es"}


def shown_problem(staff: StaffScreen) -> str:
    return staff.problem.text() if staff.problem.isVisibleTo(staff) else ""


class Before2000(dt.date):
    """A today early enough that the date picker offers days after it."""

    @classmethod
    def today(cls) -> dt.date:
        return dt.date(1999, 6, 15)


def test_a_problem_goes_as_soon_as_its_field_is_edited(kiosk, monkeypatch):
    # A problem left on screen after it was fixed misleads: each goes with its field's change.
    monkeypatch.setattr(staff_module, "dt", SimpleNamespace(date=Before2000))
    staff = staff_screen(kiosk)
    type_text(staff.given_names, "Ana")
    staff.start.click()
    assert shown_problem(staff) == "Enter the patient's first and last name."
    type_text(staff.family_name, "Núñez")
    assert shown_problem(staff) == ""
    set_date(staff.birth_date, "2001-03-04")
    staff.start.click()
    assert shown_problem(staff) == "The date of birth is in the future."
    type_text(staff.mrn, "123")  # another field: the date is still wrong
    assert shown_problem(staff) == "The date of birth is in the future."
    set_date(staff.birth_date, "1961-03-04")
    assert shown_problem(staff) == ""
    set_date(staff.birth_date, "1961-02-30")
    staff.start.click()
    assert shown_problem(staff) == "That date of birth does not exist."
    set_date(staff.birth_date, "1961-02-28")
    assert shown_problem(staff) == ""


def test_the_mrn_problem_goes_when_the_details_change(kiosk):
    kiosk.start_intake()
    staff = back_to_staff(kiosk)
    type_text(staff.given_names, "Other")
    type_text(staff.family_name, "Person")
    set_date(staff.birth_date, "1990-01-01")
    type_text(staff.mrn, SAMPLE_PATIENT.mrn)
    staff.start.click()
    assert shown_problem(staff).startswith("This MRN is on file for another patient")
    type_text(staff.mrn, "-2")
    assert shown_problem(staff) == ""


def test_staff_and_the_next_patient_get_the_usual_text_size_and_contrast(kiosk, qapp):
    # The last patient chose 200% and high contrast; the staff screen and the start screen
    # for the next person must not keep them (the staff screen has no button to undo them).
    from intake_app.gui.screens.paused import PausedScreen
    from intake_app.gui.theme import Look, stylesheet

    kiosk.start_intake()
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    kiosk.controller.pause()
    paused = kiosk.screen
    assert isinstance(paused, PausedScreen)
    paused.staff.click()
    unlock_pad(paused.pin_pad)
    assert isinstance(kiosk.screen, StaffScreen)
    assert kiosk.controller.look == Look()
    assert qapp.styleSheet() == stylesheet(Look())
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    kiosk.screen.lock_requested.emit()  # "Lock the tablet"
    assert isinstance(kiosk.screen, LockedScreen) and kiosk.controller.look == Look()


def test_a_search_still_waiting_when_the_tablet_locks_finds_nobody_and_breaks_nothing(kiosk):
    # Staff type a name and lock the tablet before the search runs. The old staff screen
    # is deleted only when the event loop comes round; until then its search may still
    # run, for nobody signed in, and must neither fail nor show anyone.
    import time

    from PySide6.QtWidgets import QApplication

    kiosk.unlock()
    screen = kiosk.screen
    assert isinstance(screen, StaffScreen)
    type_text(screen.family_name, "Núñez")  # as typed: the search waits for a pause
    kiosk.controller.show_locked()
    deadline = time.monotonic() + (staff_module.SEARCH_PAUSE_MS + 200) / 1000
    while time.monotonic() < deadline:
        QApplication.processEvents()  # timers run; the deferred deletion does not
    assert isinstance(kiosk.screen, LockedScreen)


def test_at_1280_by_800_the_patients_found_show_beside_the_fields_as_staff_type(kiosk, qtbot):
    # The matches used to come below the screen's edge: a nurse typing saw nothing.
    from PySide6.QtCore import QPoint

    kiosk.window.resize(1280, 800)
    kiosk.start_intake()
    kiosk.controller.show_locked()
    kiosk.unlock()
    screen = kiosk.screen
    assert isinstance(screen, StaffScreen)
    type_text(screen.family_name, "Núñez")
    qtbot.waitUntil(lambda: bool(screen.matches.rows), timeout=2000)  # found off the GUI thread
    settle()
    [row] = screen.matches.rows
    bottom = row.mapTo(kiosk.window, QPoint(0, row.height())).y()
    assert row.isVisible() and bottom <= 800 - 90, "the match is on screen, above the bottom bar"
    field = screen.family_name.mapTo(kiosk.window, QPoint(0, 0))
    assert row.mapTo(kiosk.window, QPoint(0, 0)).x() > field.x(), "beside the fields"
