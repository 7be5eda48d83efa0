"""After a talk with the patient, staff note what was talked over; the chart prints it."""

from __future__ import annotations

import subprocess

from intake_app.consent.progress import CONTINUE
from intake_app.gui.screens.hold import HoldScreen
from intake_app.gui.screens.talk_note import TalkNote
from intake_app.kiosk.limits import TALK_NOTE_MAX
from tests.gui.conftest import STAFF_NAME, settle, unlock_pad
from tests.gui.test_consent_flow import (
    answer_comprehension,
    document_of,
    draw_with_mouse,
    read_all_sections,
    records,
    sign,
    to_consent,
)

NOTE = "Explained that no exosome product is FDA approved; she understood."


def at_the_talk(kiosk) -> tuple[HoldScreen, TalkNote]:
    """A wrong answer holds the patient for a talk; staff unlock the hold."""
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"}).go_on.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    [note] = hold.findChildren(TalkNote)
    assert not note.isVisibleTo(hold), "the patient does not see the staff's note box"
    hold.staff.click()
    unlock_pad(hold.pin_pad)
    assert note.isVisibleTo(hold)
    return hold, note


def test_the_note_staff_type_after_the_talk_is_in_the_record_and_the_chart(kiosk, qtbot):
    hold, note = at_the_talk(kiosk)
    note.box.setPlainText(f"  {NOTE}\n")
    hold.choices[CONTINUE].click()
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad)).sign.click()

    [record], _flags = records(kiosk)
    [talk] = record.holds
    assert (talk["by"], talk["note"]) == (STAFF_NAME, NOTE)
    qtbot.waitUntil(lambda: kiosk.controller.copies.last_document is not None, timeout=30_000)
    chart = subprocess.run(
        ["pdftotext", "-raw", str(document_of(kiosk, "chart_packet")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "What was talked over: Explained that no exosome product is FDA" in chart


def test_a_note_too_long_is_said_and_the_patient_stays_held_until_it_is_shortened(kiosk):
    hold, note = at_the_talk(kiosk)
    settle()
    choice = hold.choices[CONTINUE]
    where = choice.mapTo(hold, choice.rect().topLeft())
    note.box.setPlainText("x" * (TALK_NOTE_MAX + 1))
    choice.click()
    settle()
    assert kiosk.screen is hold, "nothing is stored with a note that cannot be"
    assert f"{TALK_NOTE_MAX} characters (it has {TALK_NOTE_MAX + 1})" in note.problem.text()
    assert choice.mapTo(hold, choice.rect().topLeft()) == where, "the choice did not move"
    [], _flags = records(kiosk)
    note.box.setPlainText(NOTE)
    assert note.problem.text() == ""
    choice.click()
    assert kiosk.screen is not hold


def test_without_a_note_the_talk_is_still_recorded(kiosk):
    hold, _note = at_the_talk(kiosk)
    hold.choices[CONTINUE].click()
    assert kiosk.screen is not hold
    progress = kiosk.controller.consent.progress
    assert [(r.by, r.note) for r in progress.so_far.releases] == [(STAFF_NAME, "")]


def test_a_language_switch_keeps_staff_signed_in_and_the_note_typed(kiosk):
    hold, note = at_the_talk(kiosk)
    note.box.setPlainText(NOTE)
    kiosk.controller.set_language("es")  # staff show the patient the hold in Spanish
    rebuilt = kiosk.screen
    assert isinstance(rebuilt, HoldScreen) and rebuilt is not hold
    assert rebuilt.panel.isVisibleTo(rebuilt), "still signed in"
    assert kiosk.controller.staff is not None and kiosk.controller.staff.name == STAFF_NAME
    [kept] = rebuilt.findChildren(TalkNote)
    assert kept.box.toPlainText() == NOTE
    rebuilt.choices[CONTINUE].click()
    progress = kiosk.controller.consent.progress
    assert [(r.by, r.note) for r in progress.so_far.releases] == [(STAFF_NAME, NOTE)]
