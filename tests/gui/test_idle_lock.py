"""A patient who walks away: a prompt, a countdown, then a lock that hides every answer."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.screens.wizard import WizardScreen
from tests.gui.conftest import give, set_date, settle, unlock_pad


def on_screen_text(window) -> str:
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    fields = [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(labels + fields)


def test_the_prompt_counts_down_and_a_touch_keeps_the_session(kiosk, qtbot):
    kiosk.start_intake()
    kiosk.clock.now += 185
    kiosk.controller.idle.tick()
    prompt = kiosk.window.idle_prompt
    assert prompt.isVisible()
    assert (
        prompt.countdown.text()
        == "To keep your answers private, this screen will lock in 25 seconds."
    )
    prompt.yes.click()  # a touch anywhere counts; this is the obvious one
    assert not prompt.isVisible()
    kiosk.clock.now += 100
    kiosk.controller.idle.tick()
    assert isinstance(kiosk.screen, WizardScreen)


def test_the_prompt_speaks_the_patients_language(kiosk):
    kiosk.start_intake(language="es")
    kiosk.clock.now += 185
    kiosk.controller.idle.tick()
    prompt = kiosk.window.idle_prompt
    assert prompt.title.text() == "¿Sigue ahí?"
    assert prompt.yes.text() == "Sí, aquí estoy"
    assert "25 segundos" in prompt.countdown.text()
    kiosk.window.patient_bar.language.click()
    settle()
    assert prompt.yes.text() == "Yes, I am here"


def test_after_the_countdown_the_screen_locks_and_no_answer_is_visible(kiosk):
    kiosk.start_intake()
    kiosk.controller.questions.go_to("contact")
    settle()
    give(kiosk.page.views["phone"], "(555) 010-7788", kiosk.qtbot)
    kiosk.clock.now += 211
    kiosk.controller.idle.tick()
    settle()
    assert isinstance(kiosk.screen, PausedScreen)
    visible = on_screen_text(kiosk.window)
    for private in ("(555) 010-7788", "María José", "Núñez"):
        assert private not in visible


def test_the_patient_resumes_on_the_same_page_after_confirming_their_birth_date(kiosk):
    kiosk.start_intake()
    kiosk.controller.questions.go_to("contact")
    settle()
    give(kiosk.page.views["phone"], "(555) 010-7788", kiosk.qtbot)
    kiosk.clock.now += 500
    kiosk.controller.idle.tick()
    paused = kiosk.screen
    set_date(paused.birth_date, "1961-07-15")
    paused.go_on.click()
    assert (
        paused.problem.text()
        == "That date does not match. Please try again, or ask the front desk."
    )
    set_date(paused.birth_date, "1961-07-14")
    assert not paused.problem.isVisibleTo(paused), "the date changed: its problem is out of date"
    paused.go_on.click()
    assert kiosk.page.page.id == "contact"
    assert kiosk.page.views["phone"].answer.value() == "(555) 010-7788"


def test_staff_can_take_over_a_locked_session(kiosk):
    kiosk.start_intake()
    kiosk.clock.now += 500
    kiosk.controller.idle.tick()
    paused = kiosk.screen
    paused.staff.click()
    unlock_pad(paused.pin_pad)
    staff = kiosk.screen
    assert isinstance(staff, StaffScreen)
    resume = [
        b for b in staff.findChildren(type(staff.start)) if b.accessibleName().startswith("Resume ")
    ]
    assert [b.accessibleName() for b in resume] == ["Resume María José Núñez García"]


def test_idle_time_does_not_run_on_the_locked_start_screen(kiosk):
    kiosk.clock.now += 10_000
    kiosk.controller.idle.tick()
    assert not kiosk.window.idle_prompt.isVisible()
    assert kiosk.screen.__class__.__name__ == "LockedScreen"


def test_the_pause_button_hides_the_answers_at_once(kiosk):
    kiosk.start_intake()
    kiosk.window.patient_bar.pause.click()
    settle()
    assert isinstance(kiosk.screen, PausedScreen)
    assert "María José" not in on_screen_text(kiosk.window)
