"""One identity per intake: the patient sees what staff registered, confirms it or says it
is wrong, and staff correct it; nothing else stores a second name or birth date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit
from sqlmodel import select

from intake_app.consent.progress import CORRECTED, END_VISIT
from intake_app.gui.screens.hold import HoldScreen
from intake_app.gui.screens.identity import IdentityCheckScreen, IdentityCorrection
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.storage.tables import AuditEvent, Intake, Patient
from tests.gui.conftest import (
    STAFF_NAME,
    close_kiosk,
    open_kiosk,
    prepare_data_dir,
    set_date,
    settle,
    unlock_pad,
)


def hand_over(kiosk, language: str = "en") -> IdentityCheckScreen:
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText(SAMPLE_PATIENT.given_names)
    staff.family_name.setText(SAMPLE_PATIENT.family_name)
    set_date(staff.birth_date, SAMPLE_PATIENT.date_of_birth.isoformat())
    staff.language_buttons[language].click()
    staff.start.click()
    screen = kiosk.screen
    assert isinstance(screen, IdentityCheckScreen)
    return screen


def events(kiosk) -> list[AuditEvent]:
    with kiosk.services.database.session() as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))


def test_the_patient_sees_the_registered_name_and_birth_date_read_only(kiosk):
    screen = hand_over(kiosk, "es")
    assert screen.name.text() == "María José Núñez García"
    assert screen.born.text() == "Fecha de nacimiento: 14 de julio de 1961"
    assert screen.findChildren(QLineEdit) == [], "the patient cannot type another identity"
    screen.begin.click()
    assert isinstance(kiosk.screen, WizardScreen)
    assert "identity_confirmed" in [e.action for e in events(kiosk)]
    assert not {"given_names", "family_name", "date_of_birth"} & set(
        kiosk.controller.session.answers
    )


def staff_at_the_hold(kiosk) -> HoldScreen:
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    hold.staff.click()
    unlock_pad(hold.pin_pad)
    assert STAFF_NAME in hold.signed_in.text()
    return hold


def test_a_wrong_birth_date_holds_the_tablet_until_staff_correct_it(kiosk):
    screen = hand_over(kiosk)
    screen.wrong.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    assert hold.title.text() == "Please give the tablet to the front desk"
    assert not hold.panel.isVisibleTo(hold), "only staff, with their own PIN, see the details"
    hold = staff_at_the_hold(kiosk)
    [editor] = hold.findChildren(IdentityCorrection)
    assert editor.isVisibleTo(hold)
    set_date(editor.birth_date, "1986-07-14")
    hold.choices[CORRECTED].click()
    check = kiosk.screen
    assert isinstance(check, IdentityCheckScreen), "the patient checks the corrected details"
    assert check.born.text() == "Date of birth: July 14, 1986"
    with kiosk.services.database.session() as session:
        [patient] = session.exec(select(Patient)).all()
    assert patient.date_of_birth == dt.date(1986, 7, 14)
    [corrected] = [e for e in events(kiosk) if e.action == "patient_identity_corrected"]
    assert corrected.actor.startswith("staff:"), "the person signed in, by their account"
    assert corrected.actor_role == "nurse"
    assert corrected.detail["by"] == "Rosa Díaz"
    assert corrected.detail["old"]["date_of_birth"] == "1961-07-14"  # kept, not overwritten
    assert corrected.detail["new"]["date_of_birth"] == "1986-07-14"
    check.begin.click()
    # The lock after a pause takes the corrected date: one identity everywhere.
    assert kiosk.controller.session.birth_date_matches(dt.date(1986, 7, 14))
    assert kiosk.controller.session.view.calculated["age"] == 40


def test_staff_can_end_a_visit_started_for_the_wrong_patient(kiosk):
    hand_over(kiosk).wrong.click()
    hold = staff_at_the_hold(kiosk)
    [editor] = hold.findChildren(IdentityCorrection)
    editor.family_name.setText("")
    hold.choices[CORRECTED].click()
    assert editor.problem.text() == "Enter the patient's first and last name."
    assert kiosk.screen is hold, "nothing is saved while a detail is missing"
    hold.choices[END_VISIT].click()
    assert isinstance(kiosk.screen, StaffScreen)
    with kiosk.services.database.session() as session:
        [intake] = session.exec(select(Intake)).all()
    assert intake.status == "abandoned"


def test_no_patient_begins_until_the_clinic_names_its_product(tmp_path, qapp, qtbot):
    data = tmp_path / "data"
    prepare_data_dir(data)
    clinic = (data / "clinic.toml").read_text(encoding="utf-8")
    (data / "clinic.toml").write_text(
        clinic.replace('manufacturer = "Acme Biologics"\n', ""), encoding="utf-8"
    )
    kiosk = open_kiosk(data, qapp, qtbot)
    try:
        locked = kiosk.screen
        assert isinstance(locked, LockedScreen)
        said = " ".join(n.text() for n in locked.notices)
        assert "product manufacturer is not filled in" in said
        kiosk.unlock()
        staff = kiosk.screen
        assert isinstance(staff, StaffScreen)
        assert not staff.start.isEnabled()
        assert any("manufacturer" in n.text() for n in staff.not_ready)
        settle()
    finally:
        close_kiosk(kiosk)


def test_pausing_before_confirming_comes_back_to_is_this_you_not_the_questions(kiosk):
    hand_over(kiosk)
    kiosk.window.patient_bar.pause.click()
    paused = kiosk.screen
    assert isinstance(paused, PausedScreen)
    paused.birth_date.set_value("1961-07-14")
    paused.go_on.click()
    assert isinstance(kiosk.screen, IdentityCheckScreen), "the identity is confirmed first"


def test_the_identity_of_a_patient_with_signed_records_is_not_changed_at_the_hold(
    kiosk, tmp_path, monkeypatch, capsys
):
    """Signed records name the patient: a correction is refused in words, nothing is lost."""
    from intake_app.cli import main

    monkeypatch.setenv("INTAKE_DATA_DIR", str(kiosk.services.settings.data_dir))
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0  # signed earlier
    capsys.readouterr()
    hand_over(kiosk).wrong.click()
    hold = staff_at_the_hold(kiosk)
    [editor] = hold.findChildren(IdentityCorrection)
    set_date(editor.birth_date, "1986-07-14")
    hold.choices[CORRECTED].click()
    assert kiosk.screen is hold
    assert editor.problem.text().startswith("This patient has signed records, so the name")
    with kiosk.services.database.session() as session:
        [patient] = session.exec(select(Patient)).all()
    assert patient.date_of_birth == dt.date(1961, 7, 14)
    hold.choices[END_VISIT].click()
    assert isinstance(kiosk.screen, StaffScreen)
