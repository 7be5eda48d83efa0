"""Each person unlocks the tablet with their own user name and PIN; there is no shared PIN.

Wrong tries count towards the account's lock-out (the refusal says until when), the
person's roles decide what they may do, the record names who released a hold, and
staff mode ends after the idle time or when the tablet goes back to a patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlmodel import col, select

from intake_app.consent.progress import CONTINUE
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.hold import HoldScreen, _SecondTapIgnored
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.services.actor import ActorKind
from intake_app.staff.rules import Role
from intake_app.staff.sign_in import clock_time
from intake_app.storage.consents import consent_so_far
from intake_app.storage.staff import staff_by_user_name
from intake_app.storage.tables import AuditEvent
from tests.gui.conftest import (
    PIN,
    STAFF_NAME,
    USER,
    close_kiosk,
    open_kiosk,
    prepare_data_dir,
    settle,
    unlock_pad,
)
from tests.gui.test_consent_flow import answer_comprehension, read_all_sections, to_consent

NOW = dt.datetime(2026, 3, 2, 14, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def at_noon(kiosk):
    """The tablet's wall clock stands still, so "locked until" is known."""
    kiosk.controller.now = lambda: NOW
    return kiosk


def problem(kiosk) -> str:
    pad = kiosk.screen.pin_pad
    return pad.problem.text() if pad.problem.isVisibleTo(pad) else ""


def login_events(kiosk) -> list[AuditEvent]:
    with kiosk.services.database.session() as session:
        query = select(AuditEvent).where(col(AuditEvent.action).startswith("staff_"))
        return list(session.exec(query.order_by(AuditEvent.sequence)))


def test_the_tablet_unlocks_only_with_a_persons_own_user_name_and_pin(kiosk):
    kiosk.add_staff("lee", "Lee Park", ["records"], pin="1357")
    kiosk.unlock(PIN, user="lee")  # Rosa's PIN is not Lee's
    assert isinstance(kiosk.screen, LockedScreen)
    assert problem(kiosk) == "The user name or the PIN is wrong."
    kiosk.unlock("1357", user="nobody")  # a user name not on file: the same words
    assert problem(kiosk) == "The user name or the PIN is wrong."
    assert kiosk.controller.staff is None

    kiosk.unlock("1357", user="LEE")  # user names in any case
    assert isinstance(kiosk.screen, StaffScreen)
    staff = kiosk.controller.staff
    assert staff is not None and staff.kind is ActorKind.STAFF
    assert (staff.name, staff.roles) == ("Lee Park", frozenset({Role.RECORDS}))
    assert staff.workstation == kiosk.services.device_id
    assert kiosk.screen.signed_in.text() == "Signed in: \u2068Lee Park\u2069"
    assert kiosk.screen.signed_in.isVisible()
    with kiosk.services.database.session() as session:
        lee = staff_by_user_name(session, "lee")
    assert staff.staff_id == lee.id
    events = [(e.action, e.workstation) for e in login_events(kiosk)]
    assert events == [
        ("staff_login_failed", kiosk.services.device_id),
        ("staff_login_failed", kiosk.services.device_id),
        ("staff_logged_in", kiosk.services.device_id),
    ]


def test_a_blank_user_name_or_pin_is_asked_for_and_not_counted(kiosk):
    kiosk.unlock(PIN, user="")
    assert problem(kiosk) == "Type your user name, then your PIN."
    kiosk.unlock("", user="rosa")
    assert problem(kiosk) == "Enter your PIN on the keys."
    assert login_events(kiosk) == []


def test_five_wrong_pins_lock_that_account_and_say_until_when(at_noon):
    kiosk = at_noon
    for _ in range(4):
        kiosk.unlock("0000")
        assert problem(kiosk) == "The user name or the PIN is wrong."
    kiosk.unlock("0000")  # the fifth wrong PIN in a row
    with kiosk.services.database.session() as session:
        until = staff_by_user_name(session, "rosa").locked_until
    assert until == NOW + dt.timedelta(minutes=15)
    said = (
        f"Too many wrong tries: this account is locked until {clock_time(until, NOW)}. "
        "An administrator can unlock it sooner."
    )
    assert problem(kiosk) == said
    kiosk.unlock(PIN)  # the right PIN too, while it is locked
    assert isinstance(kiosk.screen, LockedScreen) and problem(kiosk) == said
    assert kiosk.controller.staff is None

    kiosk.add_staff("ana", "Ana Torres", ["nurse"])  # another person is not locked out
    kiosk.unlock(PIN, user="ana")
    assert isinstance(kiosk.screen, StaffScreen)


def test_a_deactivated_account_is_refused_as_such(kiosk):
    from intake_app.staff.manage import deactivate

    with kiosk.services.database.session() as session:
        deactivate(session, staff_by_user_name(session, "rosa"), by=None)
    kiosk.unlock()
    assert isinstance(kiosk.screen, LockedScreen)
    assert problem(kiosk) == "This account is deactivated: an administrator can reactivate it."


def test_an_administrator_without_a_tablet_role_cannot_reach_the_staff_screen(kiosk):
    kiosk.add_staff("boss", "Bea Admin", ["admin"])
    kiosk.unlock(PIN, user="boss")
    assert isinstance(kiosk.screen, LockedScreen)
    assert problem(kiosk) == "Only a nurse, a clinician or records staff can unlock this."
    assert kiosk.controller.staff is None


def stop_hold(kiosk) -> HoldScreen:
    to_consent(kiosk, conditions=["cancer_now"])
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    return hold


def test_a_hold_records_the_name_of_the_person_signed_in_and_asks_for_none(kiosk):
    hold = stop_hold(kiosk)
    assert kiosk.controller.staff is None, "handing the tablet over signed staff out"
    kiosk.add_staff("lee", "Lee Park", ["records"])
    hold.staff.click()
    unlock_pad(hold.pin_pad, user="lee")  # records staff do not release holds
    assert not hold.panel.isVisibleTo(hold)
    assert problem(kiosk) == "Only a nurse or a clinician can let the patient go on."

    unlock_pad(hold.pin_pad)  # Rosa, a nurse
    assert hold.panel.isVisibleTo(hold)
    assert hold.signed_in.text() == (
        "Signed in: \u2068Rosa Díaz\u2069. Your name goes in the record with your choice."
    )
    fields = [f for f in hold.findChildren(QLineEdit) if f.isVisibleTo(hold)]
    assert fields == [], "nobody types a name"
    hold.choices[CONTINUE].click()
    assert isinstance(kiosk.screen, DecisionScreen)
    assert kiosk.controller.staff is None, "the tablet is the patient's again"
    with kiosk.services.database.session() as session:
        stored = consent_so_far(session, intake_id=kiosk.controller.session.intake.id)
    [release] = stored.releases
    assert (release.hold, release.by, release.choice) == ("before_decision", STAFF_NAME, CONTINUE)
    with kiosk.services.database.session() as session:
        rosa = staff_by_user_name(session, "rosa")
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "hold_released"))
    assert rosa is not None
    assert (event.actor, event.actor_role) == (f"staff:{rosa.id}", "nurse")  # the person


def test_handing_the_tablet_to_a_patient_signs_staff_out(kiosk):
    kiosk.unlock()
    assert kiosk.controller.staff is not None
    kiosk.start_intake()
    assert isinstance(kiosk.screen, WizardScreen)
    assert kiosk.controller.staff is None
    kiosk.controller.desk.show_staff()  # nobody signed in: never the staff screen
    assert isinstance(kiosk.screen, LockedScreen)


@pytest.fixture
def quick_logout(qtbot, qapp, tmp_path) -> Iterator:
    prepare_data_dir(tmp_path / "data", extra="[staff]\nidle_logout_minutes = 2\n")
    opened = open_kiosk(tmp_path / "data", qapp, qtbot)
    yield opened
    close_kiosk(opened)


def test_staff_mode_logs_out_after_the_idle_time_of_the_clinic_file(quick_logout):
    kiosk = quick_logout
    kiosk.unlock()
    assert isinstance(kiosk.screen, StaffScreen)
    kiosk.clock.now += 119
    kiosk.controller.staff_idle.tick()
    assert isinstance(kiosk.screen, StaffScreen) and kiosk.controller.staff is not None
    kiosk.clock.now += 1  # idle_logout_minutes = 2
    kiosk.controller.staff_idle.tick()
    assert isinstance(kiosk.screen, LockedScreen)
    assert kiosk.controller.staff is None
    kiosk.screen.staff.click()
    assert kiosk.screen.pin_pad.user_name.text() == "", "the next person types their own"


def test_a_double_tap_on_ok_never_chooses_for_staff(kiosk):
    """The choices open where OK was: the second tap of a double tap lands on one (Qt
    reports a quick one as a double click; a nurse who saw nothing happen taps again
    half a second later). It must not let the patient go on unseen."""
    hold = stop_hold(kiosk)
    hold.staff.click()
    pad = hold.pin_pad
    pad.user_name.setText(USER)
    pad.field.setText(PIN)
    QTest.mouseClick(pad.ok, Qt.MouseButton.LeftButton)  # the first tap unlocks
    assert hold.panel.isVisibleTo(hold)
    choice = hold.choices[CONTINUE]
    centre = QPointF(choice.rect().center())
    for kind in (QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
        event = QMouseEvent(
            kind,
            centre,
            choice.mapToGlobal(centre),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton
            if kind != QEvent.Type.MouseButtonRelease
            else Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(choice, event)
    settle()
    assert kiosk.screen is hold and hold.panel.isVisibleTo(hold), "nothing was chosen"
    QTest.mouseClick(choice, Qt.MouseButton.LeftButton)  # a slower second tap, as ordinary
    settle()
    assert kiosk.screen is hold, "a tap just after the choices open is the unlock's second"
    QTest.qWait(_SecondTapIgnored.QUIET_MS + 100)
    QTest.mouseClick(choice, Qt.MouseButton.LeftButton)  # a tap of its own chooses
    assert isinstance(kiosk.screen, DecisionScreen)
