"""A name longer than its limit keeps its first part, and the screen says it was cut.

A QLineEdit's own maximum length drops the rest of a paste without a word; the
patient or the staff member would not know their text was shortened.
"""

from __future__ import annotations

from intake_app.gui.answers.text import TYPING_PAUSE_MS
from intake_app.gui.screens.identity import IdentityCorrection
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.kiosk.limits import MRN_MAX, PERSON_NAME_MAX, SIGNED_NAME_MAX
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import settle, type_text, unlock_pad
from tests.gui.test_identity import hand_over

ARABIC = "عبد الرحمن "  # 11 characters, in another script
LONG = ARABIC * 25  # 275 characters


def shown(message) -> str:
    return message.text() if message.isVisibleTo(message.window()) else ""


def test_the_staff_screen_says_a_pasted_name_was_cut(kiosk):
    kiosk.unlock()
    staff = kiosk.screen
    assert isinstance(staff, StaffScreen)
    type_text(staff.family_name, LONG)
    assert staff.family_name.text() == LONG[:PERSON_NAME_MAX]
    assert shown(staff.problem) == "The name is too long. It was cut at 200 characters."
    type_text(staff.family_name, "x")  # at the limit: refused again, and said again
    assert staff.family_name.text() == LONG[:PERSON_NAME_MAX]
    assert shown(staff.problem) == "The name is too long. It was cut at 200 characters."
    staff.family_name.setSelection(0, PERSON_NAME_MAX)
    type_text(staff.family_name, "Núñez")
    assert staff.family_name.text() == "Núñez"
    assert shown(staff.problem) == ""


def test_the_staff_screen_says_a_long_mrn_was_cut(kiosk):
    kiosk.unlock()
    staff = kiosk.screen
    type_text(staff.mrn, "8" * 100)
    assert staff.mrn.text() == "8" * MRN_MAX
    assert shown(staff.problem) == "The MRN is too long. It was cut at 64 characters."


def test_the_signature_screen_says_a_long_name_was_cut(kiosk):
    kiosk.start_intake()
    for item_id, value in SAMPLE_ANSWERS.items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.finish()
    kiosk.controller.consent.progress.decision = "agree"
    kiosk.controller.consent.signing.show_signature()
    screen = kiosk.screen
    assert isinstance(screen, SignatureScreen)
    type_text(screen.name, LONG)
    assert screen.name.text() == LONG[:SIGNED_NAME_MAX]
    assert shown(screen.cut_note) == "The name is too long. It was cut at 200 characters."
    screen.name.backspace()
    screen.name.textEdited.emit(screen.name.text())  # as a key press does
    assert shown(screen.cut_note) == ""


def test_a_long_answer_is_cut_and_the_patient_is_told(kiosk):
    kiosk.start_intake()
    view = kiosk.page.views["gender_identity"]
    type_text(view.answer.field, LONG)
    settle()
    assert kiosk.controller.session.answers["gender_identity"] == LONG[:200]
    assert kiosk.visible_problems()["gender_identity"] == "Too long: cut at 200 characters."
    view.answer.field.setSelection(0, 200)
    type_text(view.answer.field, "Núñez")
    view.answer.flush()
    assert kiosk.controller.session.answers["gender_identity"] == "Núñez"
    assert "gender_identity" not in kiosk.visible_problems()


def test_a_cut_answer_is_stored_at_once_and_not_again_after_the_pause(kiosk, qtbot):
    kiosk.start_intake()
    answer = kiosk.page.views["gender_identity"].answer
    stored = []
    answer.answer_changed.connect(lambda: stored.append(answer.field.text()))
    answer.field.setText(LONG)
    answer.field.textEdited.emit(LONG)  # a paste
    assert stored == [LONG[:200]]
    qtbot.wait(TYPING_PAUSE_MS + 200)
    assert stored == [LONG[:200]]


def test_staff_at_a_hold_are_told_when_a_corrected_name_was_cut(kiosk):
    hand_over(kiosk).wrong.click()
    hold = kiosk.screen
    hold.staff.click()
    unlock_pad(hold.pin_pad)
    [editor] = hold.findChildren(IdentityCorrection)
    editor.given_names.selectAll()
    type_text(editor.given_names, LONG)
    assert editor.given_names.text() == LONG[:PERSON_NAME_MAX]
    assert shown(editor.problem) == "The name is too long. It was cut at 200 characters."
