"""The clinic settings page: an administrator changes a setting at the desk, sees a value
the app would refuse as it is typed, and saves into the clinic file; the audit trail
names them."""

from __future__ import annotations

from sqlmodel import col, select

from intake_app.gui.desk.settings_page import SAVED
from intake_app.settings import read_clinic_file
from intake_app.storage.staff import staff_by_user_name
from intake_app.storage.tables import AuditEvent


def open_settings(desk):
    desk.log_in("admin")
    index = desk.window.page_names().index("settings")
    desk.window.tabs.setCurrentIndex(index)
    return desk.window.page(index)


def retype(desk, field, text: str) -> None:
    field.editor.setFocus()
    field.editor.selectAll()
    desk.qtbot.keyClicks(field.editor, text)


def test_an_invalid_idle_time_is_said_under_the_field_and_a_valid_one_is_saved(desk):
    page = open_settings(desk)
    idle = page.fields["kiosk.idle_seconds"]
    below = page.fields["kiosk.warning_seconds"]
    assert idle.typed() == "180" and not page.save.isEnabled()
    where_below = below.mapTo(page, below.rect().topLeft())

    retype(desk, idle, "20")

    assert idle.note.text() == "It must be 30 or more."
    assert idle.editor.accessibleDescription() == "It must be 30 or more."
    assert not page.save.isEnabled()
    assert "Save waits until every setting can be used" in page.message.text()
    assert below.mapTo(page, below.rect().topLeft()) == where_below, "nothing jumps"

    retype(desk, idle, "240")
    assert idle.note.text() == idle.note.hint and "From 30 to 3600." in idle.note.hint
    assert page.save.isEnabled()
    page.save.click()
    desk.qtbot.waitUntil(lambda: page.message.text() == SAVED, timeout=10_000)

    clinic_file = desk.services.settings.clinic_file
    assert read_clinic_file(clinic_file).kiosk.idle_seconds == 240
    assert not page.save.isEnabled(), "read again: nothing left to save"
    with desk.services.database.session() as session:
        admin = staff_by_user_name(session, "admin")
        query = select(AuditEvent).where(col(AuditEvent.action) == "settings_changed")
        event = session.exec(query.order_by(col(AuditEvent.sequence).desc())).first()
    assert event.actor == f"staff:{admin.id}" and event.detail["by"] == "Alex Admin"
    assert event.detail["changed"] == {"kiosk.idle_seconds": {"old": 180, "new": 240}}


def test_a_file_edited_by_hand_meanwhile_is_kept_and_shown(desk):
    page = open_settings(desk)
    clinic_file = desk.services.settings.clinic_file
    with clinic_file.open("a", encoding="utf-8") as file:
        file.write("\n[consent]\nwitness = true  # Ana, Monday\n")
    edited = clinic_file.read_bytes()
    retype(desk, page.fields["clinic.name"], "Riverside Knee Clinic")

    page.save.click()
    desk.qtbot.waitUntil(lambda: "was changed on this computer" in page.message.text())

    assert clinic_file.read_bytes() == edited
    assert page.fields["clinic.name"].typed() == "Riverside Joint Clinic", "the file, read again"
    assert page.fields["consent.witness"].typed() is True
