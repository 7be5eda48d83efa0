"""A kiosk on a fresh data folder, driven through its real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.gui.answers.base import ItemView
from intake_app.gui.answers.choice import ChoiceAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.answers.group import GroupAnswer
from intake_app.gui.answers.joints import JointAnswer
from intake_app.gui.answers.number import NumberAnswer
from intake_app.gui.answers.scale import ScaleAnswer
from intake_app.gui.answers.text import TextAnswer
from intake_app.gui.app import build_kiosk
from intake_app.gui.app_services import AppServices, build_services
from intake_app.gui.kiosk import KioskController
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.screens.pin_pad import PinPad
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import QuestionPage, WizardScreen
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.settings import load_settings
from intake_app.staff.rules import hash_password, hash_pin
from intake_app.storage.db import Database
from intake_app.storage.patients import PatientDetails
from intake_app.storage.staff import add_staff, staff_by_user_name
from intake_app.storage.tables import StaffUser
from tests.conftest import TODAY

# The nurse every test kiosk knows: she unlocks the tablet with her own user name and PIN.
USER = "rosa"
STAFF_NAME = "Rosa Díaz"
PIN = "2468"
PASSWORD = "river clinic nurse"
_HASHES = (hash_password(PASSWORD, user_name=USER), hash_pin(PIN))  # made once: Argon2 is slow


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Kiosk:
    """The app as a patient and staff see it, with helpers to drive it."""

    window: KioskWindow
    controller: KioskController
    services: AppServices
    clock: FakeClock
    qtbot: Any

    @property
    def screen(self) -> QWidget | None:
        settle()
        return self.window.current

    def unlock(self, pin: str = PIN, user: str = USER) -> None:
        """Tap Staff on the screen shown, then sign in with a user name and PIN."""
        screen = self.screen
        screen.staff.click()
        unlock_pad(screen.pin_pad, pin, user)

    def add_staff(self, user: str, name: str, roles: list[str], pin: str | None = PIN) -> None:
        """Another person on the clinic's staff (the same PIN as Rosa's unless told)."""
        add_person(self.services.database, user, name, roles, pin=pin)

    def start_intake(self, patient: PatientDetails = SAMPLE_PATIENT, language: str = "en") -> None:
        """Staff unlock, enter the patient, pick the language, hand over; the patient taps Begin."""
        if not isinstance(self.screen, StaffScreen):
            self.unlock()
        staff = self.screen
        staff.given_names.setText(patient.given_names)
        staff.family_name.setText(patient.family_name)
        set_date(staff.birth_date, patient.date_of_birth.isoformat())
        staff.mrn.setText(patient.mrn or "")
        staff.language_buttons[language].click()
        staff.start.click()
        self.screen.begin.click()

    @property
    def wizard(self) -> WizardScreen:
        screen = self.screen
        assert isinstance(screen, WizardScreen), (
            f"expected the questions, got {type(screen).__name__}"
        )
        return screen

    @property
    def page(self) -> QuestionPage:
        page = self.wizard.page
        assert page is not None
        return page

    def next(self) -> None:
        self.wizard.next.click()

    def visible_problems(self) -> dict[str, str]:
        return {
            i: v.problem.text()
            for i, v in self.page.views.items()
            if v.problem.isVisibleTo(self.page)
        }


def unlock_pad(pad: PinPad, pin: str = PIN, user: str = USER) -> None:
    """Type the user name and the PIN in an open keypad, and tap OK."""
    pad.user_name.setText(user)
    pad.field.setText(pin)
    pad.ok.click()


def add_staff_member(
    data_dir: Path, user: str, name: str, roles: list[str], *, pin: str | None = PIN
) -> None:
    """Another person on the staff of the clinic in ``data_dir`` (see ``add_person``)."""
    settings = load_settings({"INTAKE_DATA_DIR": str(data_dir)})
    database = Database(settings.database_url)
    try:
        add_person(database, user, name, roles, pin=pin)
    finally:
        database.dispose()


def add_person(
    database: Database, user: str, name: str, roles: list[str], *, pin: str | None = PIN
) -> None:
    """A person with Rosa's password and PIN (or another PIN, or ``pin=None``: none);
    nothing when the user name is on file already."""
    password_hash, pin_hash = _HASHES
    if pin not in (None, PIN):
        pin_hash = hash_pin(pin)
    with database.session() as session:
        if staff_by_user_name(session, user) is not None:
            return
        person = StaffUser(
            username=user,
            display_name=name,
            roles=roles,
            password_hash=password_hash,
            pin_hash=pin_hash if pin is not None else None,
        )
        add_staff(session, person)


def settle() -> None:
    """Let Qt run queued work and delete replaced screens, as its event loop would."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def set_date(widget: DateAnswer, value: str) -> None:
    """Pick year, month (and day) in the combo boxes, as a finger would."""
    widget.year.setCurrentIndex(widget.year.findData(value[:4]))
    widget.month.setCurrentIndex(int(value[5:7]))
    if len(value) == 10:
        widget.day.setCurrentIndex(int(value[8:10]))
    widget.year.activated.emit(widget.year.currentIndex())


def type_text(field: QWidget, text: str) -> None:
    """Type as a tablet's on-screen keyboard does: an input-method commit (any script)."""
    field.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def give(view: ItemView, value: Any, qtbot: Any) -> None:  # noqa: PLR0912 (one branch per widget type)
    """Answer one question through its widget."""
    answer = view.answer
    if isinstance(answer, TextAnswer):
        if hasattr(answer.field, "setPlainText"):
            answer.field.setPlainText(value)
        else:
            type_text(answer.field, value)
        answer.flush()
    elif isinstance(answer, ChoiceAnswer):
        for code in value if isinstance(value, list) else [value]:
            answer.buttons[code].click()
    elif isinstance(answer, NumberAnswer):
        answer.field.setText(str(value))
        answer.field.editingFinished.emit()
    elif isinstance(answer, DateAnswer):
        set_date(answer, value)
    elif isinstance(answer, ScaleAnswer):
        answer.buttons[value].click()
    elif isinstance(answer, JointAnswer):
        first, *rest = value
        point = answer.picture.hotspot_centre(first).toPoint()
        qtbot.mouseClick(answer.picture, Qt.MouseButton.LeftButton, pos=point)
        for code in rest:
            answer.buttons[code].click()
    elif isinstance(answer, GroupAnswer):
        for row in value:
            answer.add.click()
            settle()
            card = answer.rows[-1]
            for child_id, cell in row.items():
                give(card.views[child_id], cell, qtbot)
    else:
        raise AssertionError(f"no way to answer {view.item.id}")


def answer_page(kiosk: Kiosk, answers: dict[str, Any]) -> list[str]:
    """Answer every shown question of the current page that ``answers`` has; return their ids."""
    given = []
    for item_id, view in kiosk.page.views.items():
        if item_id in answers and view.isVisibleTo(kiosk.page) and view.answer is not None:
            give(view, answers[item_id], kiosk.qtbot)
            given.append(item_id)
    return given


def prepare_data_dir(data_dir: Path, extra: str = "") -> None:
    """A clinic file with a name, product details and the default idle times, and a
    database with the clinic's administrator (no PIN: set-up is done) and one nurse, Rosa
    (user ``rosa``, PIN 2468)."""
    settings = load_settings({"INTAKE_DATA_DIR": str(data_dir)})
    settings.clinic_file.parent.mkdir(parents=True, exist_ok=True)
    settings.clinic_file.write_text(
        '[clinic]\nname = "Riverside Joint Clinic"\n[kiosk]\nidle_seconds = 180\nwarning_seconds = 30\n'
        '[product]\nname = "EV-Knee"\nmanufacturer = "Acme Biologics"\nprice_usd = 2500\n'
        'source = { en = "donated placenta tissue", es = "tejido de placenta donado" }\n' + extra,
        encoding="utf-8",
    )
    add_staff_member(data_dir, "admin", "Alex Admin", ["admin"], pin=None)
    add_staff_member(data_dir, USER, STAFF_NAME, ["nurse"])


def open_kiosk(data_dir: Path, app: QApplication, qtbot: Any = None) -> Kiosk:
    """Start the app on ``data_dir`` the way a tablet does at power-on."""
    services = build_services(load_settings({"INTAKE_DATA_DIR": str(data_dir)}))
    clock = FakeClock()
    window, controller = build_kiosk(
        services, app, clock=clock, today=lambda: TODAY, speech_engine="mock"
    )
    if qtbot is not None:
        qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    controller.start()
    return Kiosk(window, controller, services, clock, qtbot)


def close_kiosk(kiosk: Kiosk) -> None:
    kiosk.controller.background.wait()
    kiosk.controller.idle.stop()
    kiosk.controller.translator.use("en")
    kiosk.window.may_close = True
    kiosk.services.database.dispose()


@pytest.fixture
def kiosk(qtbot, qapp, tmp_path) -> Iterator[Kiosk]:
    prepare_data_dir(tmp_path / "data")
    opened = open_kiosk(tmp_path / "data", qapp, qtbot)
    yield opened
    close_kiosk(opened)
