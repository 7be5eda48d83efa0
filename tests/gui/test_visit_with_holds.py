"""A whole visit the tablet must hold: a corrected birth date, an interpreter need and STOP
flags. Nobody signs past a hold that staff did not release, and the chart says who did."""

from __future__ import annotations

import subprocess

from intake_app.consent.progress import CORRECTED
from intake_app.gui.screens.consent import ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.hold import HoldScreen
from intake_app.gui.screens.identity import IdentityCheckScreen, IdentityCorrection
from intake_app.gui.screens.review import ReviewScreen
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from tests.gui.conftest import set_date, unlock_pad
from tests.gui.test_consent_flow import answer_comprehension, read_all_sections, sign, staff_release
from tests.gui.test_signature_pad import draw_with_finger

# She may be pregnant and has an infection: two STOP flags. She wants an interpreter.
HELD_ANSWERS = SAMPLE_ANSWERS | {
    "interpreter_needed": True,
    "infection_now": True,
    "pregnant": True,
    "breastfeeding": False,
}


def registered_with_a_wrong_birth_year(kiosk) -> IdentityCheckScreen:
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText(SAMPLE_PATIENT.given_names)
    staff.family_name.setText(SAMPLE_PATIENT.family_name)
    set_date(staff.birth_date, "1961-07-14")
    staff.start.click()
    return kiosk.screen


def correct_the_birth_year(kiosk) -> None:
    registered_with_a_wrong_birth_year(kiosk).wrong.click()
    hold = kiosk.screen
    hold.staff.click()
    unlock_pad(hold.pin_pad)  # Rosa, at the front desk
    [editor] = hold.findChildren(IdentityCorrection)
    set_date(editor.birth_date, "1986-07-14")
    hold.choices[CORRECTED].click()
    check = kiosk.screen
    assert isinstance(check, IdentityCheckScreen)
    check.begin.click()


def answer_everything(kiosk) -> None:
    for item_id, value in HELD_ANSWERS.items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.show_review()
    review = kiosk.screen
    assert isinstance(review, ReviewScreen)
    review.confirm.click()
    review.go_on.click()


def test_a_held_visit_reaches_the_signature_only_through_staff_and_the_chart_says_who(kiosk, qtbot):
    correct_the_birth_year(kiosk)
    answer_everything(kiosk)

    before_consent = kiosk.screen
    assert isinstance(before_consent, HoldScreen), "the interpreter need holds her first"
    kiosk.add_staff("ana", "Ana Torres, RN", ["nurse"])
    kiosk.add_staff("amy", "Dr. Amy Cole", ["clinician"])
    staff_release(kiosk, user="ana")
    assert isinstance(kiosk.screen, ConsentSectionScreen)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()

    stop = kiosk.screen
    assert isinstance(stop, HoldScreen), "STOP flags hold her before the decision"
    assert stop.title.text() == "Please talk with the nurse before you decide"
    staff_release(kiosk, user="amy")
    assert isinstance(kiosk.screen, DecisionScreen)
    kiosk.screen.agree.click()
    sign(kiosk, "María José Núñez García", draw_with_finger).sign.click()

    qtbot.waitUntil(lambda: kiosk.controller.copies.last_document is not None, timeout=30_000)
    kiosk.controller.background.wait()
    charts = [
        p for p in kiosk.services.settings.documents_dir.glob("*.pdf") if "_COPY_" not in p.name
    ]
    [chart] = charts
    assert "_1986-07-14_" in chart.name, "the file is named for the corrected registration"
    text = subprocess.run(["pdftotext", str(chart), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Date of birth: 1986-07-14" in flat
    assert "Rosa Díaz corrected them at" in flat and "1961-07-14" in flat
    assert "Before the consent (an interpreter or the language): Ana Torres, RN" in flat
    assert "Before the decision (STOP flags): Dr. Amy Cole at" in flat
    assert "STOP - do not inject until a clinician decides" in flat
