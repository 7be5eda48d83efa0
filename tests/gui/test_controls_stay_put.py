"""A finger taps where a control was a moment ago: nothing may move under it.

For each screen, every visible control's place is recorded; then each control
that keeps the screen is tapped and each message the screen can show is shown
(a wrong PIN, a problem, a copy ready, a typed name, a half-filled date), and
every control must still be where it was (1 px tolerance). A control inside a
scrolling page is placed relative to that page (a deliberate scroll moves the
page, not the control on it); everything else relative to the window. A control
that a step disabled may move (a tap on it does nothing); every control that
still works must be where it was.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from intake_app.chart.ink import sample_strokes
from intake_app.consent.progress import CORRECTED
from intake_app.gui.screens.consent import ComprehensionScreen, ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.hold import HoldScreen
from intake_app.gui.screens.identity import IdentityCorrection
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.gui.signature_pad import SignaturePad
from intake_app.gui.theme import Look
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from tests.gui.conftest import USER, set_date, settle, type_text, unlock_pad
from tests.gui.test_identity import hand_over

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, SignaturePad, QScrollArea)
TOLERANCE = 1
LONG_NAME = "محمد عبد الرحمن بن عبد العزيز آل سعود " * 8  # Arabic, longer than the 200 allowed


@pytest.fixture(params=[Look(1.0), Look(2.0, high_contrast=True)], ids=["100", "200-contrast"])
def look(request) -> Look:
    return request.param


def page_of(widget: QWidget, window: QWidget) -> QWidget:
    """The scrolling page a control sits on, or the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return parent.widget()
        parent = parent.parentWidget()
    return window


def places(window: QWidget) -> dict[QWidget, QRect]:
    found = {}
    for widget in window.findChildren(QWidget):
        if isinstance(widget, CONTROLS) and widget.isVisible():
            anchor = window if isinstance(widget, QScrollArea) else page_of(widget, window)
            found[widget] = QRect(widget.mapTo(anchor, QPoint(0, 0)), widget.size())
    return found


def name_of(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} '{widget.accessibleName() or text}'"


def moved(before: QRect, after: QRect) -> bool:
    return any(
        abs(a - b) > TOLERANCE
        for a, b in zip(
            (before.x(), before.y(), before.width(), before.height()),
            (after.x(), after.y(), after.width(), after.height()),
            strict=True,
        )
    )


class StaysPut:
    """Records where every control is, then checks after each step that it is still there."""

    def __init__(self, window: QWidget) -> None:
        settle()
        self.window = window
        self.where = places(window)
        self.problems: list[str] = []

    def after(self, what: str, step: Callable[[], object]) -> None:
        step()
        settle()
        now = places(self.window)
        for widget, rect in now.items():
            before = self.where.setdefault(widget, rect)  # a late control: from where it appears
            if moved(before, rect) and widget.isEnabled():
                self.problems.append(f"{what}: {name_of(widget)} moved {_r(before)} -> {_r(rect)}")
                self.where[widget] = rect

    def check(self) -> None:
        assert self.problems == []


def _r(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def tap(widget: QWidget) -> None:
    """A finger (the mouse) on the middle of the control."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def key(pad: QWidget, text: str) -> QPushButton:
    return next(b for b in pad.findChildren(QPushButton) if b.text() == text)


def wrong_pins(check: StaysPut, screen: QWidget, staff_button: QAbstractButton) -> None:
    """Open the keypad, then OK with no user name, the user name, digits, Delete, wrong
    PINs until the account locks, a try while it is locked, Staff again."""
    tap(staff_button)
    settle()
    pad = screen.pin_pad
    check.where = places(check.window)
    check.after("OK with no user name", lambda: tap(pad.ok))
    check.after("the user name typed", lambda: type_text(pad.user_name, USER))
    check.after("OK with no PIN", lambda: tap(pad.ok))
    for digit in "1357":
        check.after(f"digit {digit}", lambda d=digit: tap(key(pad, d)))
    check.after("Delete", lambda: tap(key(pad, "⌫")))
    check.after("a wrong PIN", lambda: tap(pad.ok))
    for attempt in range(2, 6):  # the fifth locks the account
        check.after(f"wrong PIN {attempt}", lambda: (tap(key(pad, "1")), tap(pad.ok)))
    check.after("a try while locked", lambda: (tap(key(pad, "1")), tap(pad.ok)))
    check.after("Staff again", lambda: tap(staff_button))


def test_the_locked_screens_keypad_stays_put(kiosk, look):
    kiosk.controller.set_look(look)
    screen = kiosk.screen
    check = StaysPut(kiosk.window)
    wrong_pins(check, screen, screen.staff)
    check.check()


def test_the_staff_screen_stays_put_while_staff_type_and_fix_problems(kiosk, look, qtbot):
    kiosk.start_intake()  # a patient on file, found again as staff type
    kiosk.window.patient_bar.pause.click()
    kiosk.unlock()  # staff take over
    kiosk.controller.set_look(look)
    staff = kiosk.screen
    check = StaysPut(kiosk.window)
    check.after("Start with nothing typed", lambda: tap(staff.start))
    check.after("first name typed", lambda: type_text(staff.given_names, "Ana"))
    check.after("last name typed", lambda: type_text(staff.family_name, "Nuñez"))
    check.after("a birth date in the future", lambda: set_date(staff.birth_date, "2099-03-04"))
    check.after("Start with a future date", lambda: tap(staff.start))
    check.after("the date fixed", lambda: set_date(staff.birth_date, "1960-03-04"))
    check.after("a name too long", lambda: type_text(staff.given_names, LONG_NAME))
    check.after("Español", lambda: tap(staff.language_buttons["es"]))
    check.after("English", lambda: tap(staff.language_buttons["en"]))

    def patient_on_file() -> None:
        for field in (staff.given_names, staff.family_name):
            field.clear()
        type_text(staff.given_names, SAMPLE_PATIENT.given_names)
        set_date(staff.birth_date, SAMPLE_PATIENT.date_of_birth.isoformat())
        qtbot.waitUntil(staff.matches.isVisible, timeout=3000)

    check.after("a patient on file found", patient_on_file)
    check.check()


def test_the_bar_keeps_every_control_in_place_at_every_text_size(kiosk):
    kiosk.start_intake()
    bar = kiosk.window.patient_bar
    for language in ("en", "es"):
        kiosk.controller.set_language(language)
        kiosk.controller.set_look(Look(1.0))
        check = StaysPut(bar)
        for step in range(4):
            check.after(f"{language}: A+ {step + 1}", lambda: tap(bar.larger))
        for step in range(4):
            check.after(f"{language}: A- {step + 1}", lambda: tap(bar.smaller))
        check.after(f"{language}: high contrast", lambda: tap(bar.contrast))
        check.after(f"{language}: normal contrast", lambda: tap(bar.contrast))
        check.check()


def test_the_hand_over_screen_keeps_its_bar_in_place(kiosk, look):
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText(LONG_NAME[:40])
    staff.family_name.setText("Núñez")
    set_date(staff.birth_date, "1961-07-14")
    staff.start.click()
    kiosk.controller.set_look(look)
    bar = kiosk.window.patient_bar
    check = StaysPut(bar)
    check.after("A+", lambda: tap(bar.larger))
    check.after("A-", lambda: tap(bar.smaller))
    check.after("high contrast", lambda: tap(bar.contrast))
    check.after("high contrast again", lambda: tap(bar.contrast))
    check.check()


def test_after_a_plus_or_a_minus_the_same_spot_is_still_that_control(kiosk):
    kiosk.start_intake()
    bar = kiosk.window.patient_bar
    for steps, control in ((4, bar.larger), (4, bar.smaller)):
        for _ in range(steps):
            spot = control.mapTo(kiosk.window, control.rect().center())
            tap(control)
            settle()
            found = kiosk.window.childAt(spot)
            assert found is control or control.isAncestorOf(found), kiosk.controller.look


@pytest.mark.parametrize("scale", [1.75, 2.0])
def test_the_clinic_name_stays_visible_at_large_text(kiosk, scale):
    kiosk.start_intake()
    kiosk.controller.set_look(Look(scale))
    settle()
    clinic = kiosk.window.patient_bar.clinic
    assert clinic.isVisible()
    assert clinic.accessibleName() == "Riverside Joint Clinic"
    shown = clinic.text().rstrip("…")
    assert len(shown) >= 6 and "Riverside Joint Clinic".startswith(shown)


def test_a_question_page_stays_put_while_it_is_filled_in(kiosk, look):
    kiosk.start_intake()
    kiosk.controller.set_look(look)
    page = kiosk.page
    check = StaysPut(kiosk.window)
    check.after("Next with nothing answered", kiosk.next)
    field = page.views["gender_identity"].answer.field
    check.after("a text field tapped", lambda: tap(field))
    check.after("a word typed", lambda: type_text(field, "Mujer"))
    check.after("a long text typed", lambda: type_text(field, LONG_NAME))
    female = page.views["sex_at_birth"].answer.buttons["female"]
    check.after("a choice tapped", lambda: tap(female))
    check.after("Next again", kiosk.next)
    check.check()


def test_a_month_date_stays_put_while_it_is_filled_in(kiosk, look):
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    session.answer("pain_started", None)
    kiosk.controller.questions.go_to("joint_pain")
    kiosk.controller.set_look(look)
    date = kiosk.page.views["pain_started"].answer
    check = StaysPut(kiosk.window)
    check.after("a month picked", lambda: pick(date.month, 5))
    check.after("a year picked", lambda: pick(date.year, 2))
    check.after("the month cleared", lambda: pick(date.month, 0))
    check.after("Next with the date half filled", kiosk.next)
    check.after("the month picked again", lambda: pick(date.month, 6))
    check.check()


def test_a_number_problem_does_not_move_the_page(kiosk, look):
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    kiosk.controller.questions.go_to("lifestyle")
    kiosk.controller.set_look(look)
    number = kiosk.page.views["alcohol_per_week"].answer.field
    check = StaysPut(kiosk.window)
    check.after("letters in a number", lambda: (number.clear(), type_text(number, "abc")))
    check.after("the number left", number.editingFinished.emit)
    check.after("a number typed", lambda: (number.clear(), type_text(number, "2")))
    check.after("the number left again", number.editingFinished.emit)
    check.check()


def pick(combo: QComboBox, index: int) -> None:
    """Choose a row of a drop-down, as a finger does."""
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _answered(kiosk) -> None:
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)


def test_the_review_stays_put(kiosk, look):
    _answered(kiosk)
    kiosk.controller.set_look(look)
    kiosk.controller.questions.show_review()
    screen = kiosk.screen
    assert isinstance(screen, ReviewScreen)
    check = StaysPut(kiosk.window)
    check.after("confirm", lambda: tap(screen.confirm))
    check.after("confirm again", lambda: tap(screen.confirm))
    check.check()


def _to_consent(kiosk, look: Look) -> None:
    _answered(kiosk)
    kiosk.controller.questions.finish()
    kiosk.controller.set_look(look)


def test_a_consent_section_stays_put(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent.show_section(1)
    screen = kiosk.screen
    assert isinstance(screen, ConsentSectionScreen)
    check = StaysPut(kiosk.window)
    check.after("Read aloud", lambda: tap(screen.read_aloud))
    check.after("a question for the nurse", lambda: tap(screen.question))
    for step in range(8):
        if screen.reached_end():
            break
        check.after(f"Read more {step + 1}", lambda: tap(screen.understand))
    check.check()


def test_the_comprehension_check_stays_put(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent.show_comprehension()
    screen = kiosk.screen
    assert isinstance(screen, ComprehensionScreen)
    check = StaysPut(kiosk.window)
    check.after("Check with nothing chosen", lambda: tap(screen.check))
    for question in screen.questions:
        for value, choice in screen.choices[question.id].items():
            check.after(f"{question.id}: {value}", lambda c=choice: tap(c))
        right = screen.choices[question.id][question.correct]
        check.after(f"{question.id}: the right one", lambda c=right: tap(c))
    check.after("Check my answers", lambda: tap(screen.check))
    check.check()


def test_the_talk_with_the_nurse_keypad_stays_put(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent.show_discussion()
    screen = kiosk.screen
    assert isinstance(screen, HoldScreen)
    check = StaysPut(kiosk.window)
    wrong_pins(check, screen, screen.staff)
    check.check()


def test_the_decision_stays_put_as_the_text_grows_on_the_bar(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent.show_decision()
    assert isinstance(kiosk.screen, DecisionScreen)
    bar = kiosk.window.patient_bar
    check = StaysPut(bar)
    check.after("A+", lambda: tap(bar.larger))
    check.after("A-", lambda: tap(bar.smaller))
    check.check()


def test_the_signature_pad_stays_put_while_the_name_is_typed_and_signed(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent.progress.decision = "agree"
    kiosk.controller.consent.signing.show_signature()
    screen = kiosk.screen
    assert isinstance(screen, SignatureScreen)
    check = StaysPut(kiosk.window)
    check.after("the name field tapped", lambda: tap(screen.name))
    check.after("a name typed", lambda: type_text(screen.name, "Ana Nuñez"))
    check.after("a long name typed", lambda: type_text(screen.name, LONG_NAME))

    def signed() -> None:
        screen.pad.strokes = sample_strokes()
        screen.pad.ink_changed.emit(True)

    check.after("signed in the box", signed)
    check.after("Clear", lambda: tap(screen.clear))
    check.check()


def test_the_thank_you_screen_stays_put_when_the_copy_is_ready(kiosk, look):
    _to_consent(kiosk, look)
    kiosk.controller.consent_done()
    screen = kiosk.screen
    assert isinstance(screen, ThankYouScreen)
    check = StaysPut(kiosk.window)
    check.after("the copy being prepared", screen.preparing)
    check.after("the copy ready", screen.copy_ready)
    check.after("the copy failed", screen.copy_failed)
    check.check()


def test_the_paused_screen_stays_put(kiosk, look):
    kiosk.start_intake()
    kiosk.controller.set_look(look)
    kiosk.controller.pause()
    screen = kiosk.screen
    assert isinstance(screen, PausedScreen)
    check = StaysPut(kiosk.window)
    check.after("Continue with no date", lambda: tap(screen.go_on))
    check.after("a month picked", lambda: pick(screen.birth_date.month, 2))
    check.after(
        "a wrong date", lambda: (set_date(screen.birth_date, "1961-02-03"), tap(screen.go_on))
    )
    check.after("the date changed", lambda: pick(screen.birth_date.day, 9))
    wrong_pins(check, screen, screen.staff)
    check.check()


def test_read_aloud_and_the_question_keep_their_place_from_part_to_part(kiosk):
    _to_consent(kiosk, Look(1.0))
    consent = kiosk.controller.consent
    consent.show_section(0)
    first_screen = kiosk.screen  # laid out
    first = places(kiosk.window)
    consent.show_section(1)
    second_screen = kiosk.screen
    second = places(kiosk.window)
    for name in ("read_aloud", "question", "understand"):
        assert first[getattr(first_screen, name)] == second[getattr(second_screen, name)], name


def test_the_identity_hold_stays_put_while_staff_correct_the_details(kiosk, look):
    hand_over(kiosk).wrong.click()
    kiosk.controller.set_look(look)
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    tap(hold.staff)
    unlock_pad(hold.pin_pad)
    [editor] = hold.findChildren(IdentityCorrection)
    check = StaysPut(kiosk.window)
    check.after(
        "the first name cleared", lambda: (editor.given_names.clear(), tap(hold.choices[CORRECTED]))
    )
    check.after("a name too long", lambda: type_text(editor.given_names, LONG_NAME))
    check.after("a birth date in the future", lambda: set_date(editor.birth_date, "2026-12-31"))
    check.after("saved with it", lambda: tap(hold.choices[CORRECTED]))
    check.after("the date fixed", lambda: set_date(editor.birth_date, "1961-07-14"))
    check.check()


def test_opening_the_staff_keypad_on_a_hold_moves_nothing(kiosk, look):
    """The keypad makes the page taller than the window; the scroll bar that comes with it
    must not narrow the page and slide the Staff button sideways."""
    _to_consent(kiosk, look)
    kiosk.controller.consent.show_discussion()
    screen = kiosk.screen
    assert isinstance(screen, HoldScreen)
    check = StaysPut(kiosk.window)
    check.after("Staff", lambda: tap(screen.staff))
    assert screen.pin_pad.isVisible()
    check.check()
