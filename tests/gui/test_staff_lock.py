"""Staff screens and the hand-over ("Is this you?") lock when the tablet is left alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from intake_app.gui.screens.identity import IdentityCheckScreen
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.kiosk.sample import SAMPLE_PATIENT
from tests.gui.conftest import set_date, settle
from tests.gui.test_idle_lock import on_screen_text


def hand_over_without_begin(kiosk) -> IdentityCheckScreen:
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText(SAMPLE_PATIENT.given_names)
    staff.family_name.setText(SAMPLE_PATIENT.family_name)
    set_date(staff.birth_date, SAMPLE_PATIENT.date_of_birth.isoformat())
    staff.start.click()
    screen = kiosk.screen
    assert isinstance(screen, IdentityCheckScreen)
    return screen


def test_the_staff_screen_logs_out_after_the_idle_time_without_a_prompt(kiosk):
    kiosk.unlock()
    assert isinstance(kiosk.screen, StaffScreen)
    kiosk.clock.now += 599
    kiosk.controller.staff_idle.tick()
    assert isinstance(kiosk.screen, StaffScreen)
    kiosk.clock.now += 1  # [staff] idle_logout_minutes = 10 by default
    kiosk.controller.staff_idle.tick()
    assert isinstance(kiosk.screen, LockedScreen)
    assert kiosk.controller.staff is None, "nobody is signed in any more"
    assert not kiosk.window.idle_prompt.isVisible()


def test_typing_on_the_staff_screen_keeps_it_open(kiosk):
    kiosk.unlock()
    staff = kiosk.screen
    kiosk.clock.now += 590
    QTest.keyClick(staff.given_names, Qt.Key.Key_M)
    kiosk.clock.now += 590
    kiosk.controller.staff_idle.tick()
    assert kiosk.screen is staff
    assert staff.given_names.text() == "m"


def test_a_hand_over_nobody_began_locks_and_staff_resume_it(kiosk):
    hand_over_without_begin(kiosk)
    kiosk.clock.now += 185
    kiosk.controller.idle.tick()
    assert kiosk.window.idle_prompt.isVisible()  # the patient may be there, reading
    kiosk.clock.now += 30
    kiosk.controller.idle.tick()
    assert isinstance(kiosk.screen, LockedScreen)
    shown = on_screen_text(kiosk.window)
    assert "María José" not in shown and "1961" not in shown

    kiosk.unlock()
    staff = kiosk.screen
    resume = [
        b for b in staff.findChildren(type(staff.start)) if b.accessibleName().startswith("Resume ")
    ]
    assert [b.accessibleName() for b in resume] == ["Resume María José Núñez García"]
    resume[0].click()
    again = kiosk.screen
    assert isinstance(again, IdentityCheckScreen)
    again.begin.click()
    assert isinstance(kiosk.screen, WizardScreen)


def test_the_staff_lock_never_ends_a_patients_session(kiosk):
    kiosk.start_intake()
    kiosk.clock.now += 10_000
    kiosk.controller.staff_idle.tick()
    settle()
    assert isinstance(kiosk.screen, WizardScreen)


def test_a_hand_over_held_for_staff_locks_the_same_way_and_never_skips_the_check(kiosk):
    hand_over_without_begin(kiosk).wrong.click()  # "No, something is wrong": held for staff
    held = kiosk.screen
    kiosk.clock.now += 215
    kiosk.controller.idle.tick()
    kiosk.controller.idle.tick()
    assert isinstance(kiosk.screen, LockedScreen), f"still on {type(held).__name__}"
    kiosk.unlock()
    resume = [
        b
        for b in kiosk.screen.findChildren(type(kiosk.screen.start))
        if b.accessibleName() == "Resume María José Núñez García"
    ]
    resume[0].click()
    assert isinstance(kiosk.screen, IdentityCheckScreen)


def test_a_withdrawal_left_alone_locks_and_stores_nothing(kiosk, qtbot):
    from tests.gui.test_consent_flow import agreed_then_withdrawing, records

    agreed_then_withdrawing(kiosk, qtbot)
    kiosk.clock.now += 500
    kiosk.controller.idle.tick()
    settle()
    assert isinstance(kiosk.screen, LockedScreen)
    consents, _ = records(kiosk)
    assert [r.decision for r in consents] == ["agree"], "no withdrawal without a signature"


def test_the_start_screen_after_a_spanish_patient_is_in_english_again(kiosk):
    kiosk.start_intake(language="es")
    kiosk.controller.consent_done(more_time=True)
    thanks = kiosk.screen
    assert "más tiempo" in thanks.lead.text()
    thanks.finish.click()
    assert isinstance(kiosk.screen, LockedScreen)
    assert "Welcome." in on_screen_text(kiosk.window)
    assert kiosk.controller.session is None, "no patient is left behind the start screen"
