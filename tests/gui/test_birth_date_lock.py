"""The paused screen's date of birth cannot be guessed: five wrong in a row, and only staff go on."""

from __future__ import annotations

from sqlmodel import select

from intake_app.gui.screens.identity import IdentityCheckScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.storage.tables import AuditEvent
from tests.gui.conftest import close_kiosk, open_kiosk, set_date, settle, unlock_pad

WRONG_DATE, RIGHT_DATE = "1961-07-15", "1961-07-14"  # the sample patient's is the 14th
LOCKED_OUT = "For your safety, only staff can unlock this now. Please ask the front desk."


def paused(kiosk) -> PausedScreen:
    if not isinstance(kiosk.screen, PausedScreen):
        kiosk.window.patient_bar.pause.click()
    screen = kiosk.screen
    assert isinstance(screen, PausedScreen)
    return screen


def enter(kiosk, day: str, times: int = 1) -> None:
    for _ in range(times):
        screen = paused(kiosk)
        set_date(screen.birth_date, day)
        screen.go_on.click()


def can_enter_a_date(screen: PausedScreen) -> bool:
    return screen.birth_date.isVisible() and screen.go_on.isVisible()


def test_four_wrong_dates_then_the_right_one_continues_and_starts_the_count_again(kiosk):
    kiosk.start_intake()
    enter(kiosk, WRONG_DATE, 4)
    screen = paused(kiosk)
    assert can_enter_a_date(screen)
    assert (
        screen.problem.text()
        == "That date does not match. Please try again, or ask the front desk."
    )
    enter(kiosk, RIGHT_DATE)
    assert isinstance(kiosk.screen, WizardScreen)

    enter(kiosk, WRONG_DATE, 4)  # the right date ended the row: four more are not five
    assert can_enter_a_date(paused(kiosk))


def test_five_wrong_dates_leave_only_staff_even_after_a_language_switch(kiosk):
    kiosk.start_intake()
    enter(kiosk, WRONG_DATE, 4)
    screen = paused(kiosk)
    before = (screen.staff.mapTo(kiosk.window, screen.staff.rect().topLeft()), screen.entry.size())
    enter(kiosk, WRONG_DATE)
    assert kiosk.screen is screen
    assert not can_enter_a_date(screen)
    assert screen.locked_out.isVisible() and screen.locked_out.text() == LOCKED_OUT
    after = (screen.staff.mapTo(kiosk.window, screen.staff.rect().topLeft()), screen.entry.size())
    assert after == before, "the message takes the date's place; nothing else moves"

    kiosk.window.patient_bar.larger.click()  # a larger text keeps the lock
    settle()
    assert not can_enter_a_date(paused(kiosk))
    kiosk.window.patient_bar.language.click()  # Español: the screen is built again
    settle()
    rebuilt = paused(kiosk)
    assert rebuilt is not screen and not can_enter_a_date(rebuilt)
    assert rebuilt.locked_out.text() == (
        "Por su seguridad, solo el personal puede desbloquear esto ahora. "
        "Por favor, pregunte a la recepción."
    )

    rebuilt.staff.click()
    unlock_pad(rebuilt.pin_pad)
    staff = kiosk.screen
    assert isinstance(staff, StaffScreen)
    resume = [
        b
        for b in staff.findChildren(type(staff.start))
        if b.accessibleName() == "Resume María José Núñez García"
    ]
    resume[0].click()
    assert isinstance(kiosk.screen, IdentityCheckScreen)
    kiosk.screen.begin.click()
    assert isinstance(kiosk.screen, WizardScreen)
    assert can_enter_a_date(paused(kiosk)), "staff resuming the patient ends the lock-out"


def test_the_lock_out_survives_a_restart_and_the_audit_trail_holds_no_date(
    kiosk, qapp, qtbot, tmp_path
):
    kiosk.start_intake()
    enter(kiosk, WRONG_DATE, 5)
    close_kiosk(kiosk)

    restarted = open_kiosk(tmp_path / "data", qapp, qtbot)
    try:
        screen = restarted.screen
        assert isinstance(screen, PausedScreen) and not can_enter_a_date(screen)
        with restarted.services.database.session() as session:
            events = list(
                session.exec(select(AuditEvent).where(AuditEvent.action.startswith("birth_date")))
            )
    finally:
        close_kiosk(restarted)
    assert [e.action for e in events] == ["birth_date_wrong"] * 5 + ["birth_date_lockout"]
    assert events[-1].detail == {"wrong_tries": 5}
    assert all("1961" not in str(e.detail) for e in events)
