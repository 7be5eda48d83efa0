"""Every control on every screen is big enough for a finger, named and described for a screen reader.

Walks each page of the shipped questionnaire (with answers, so follow-up
questions and table rows are shown), the review page and the other patient
screens, at the tablet's 1280x800.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from intake_app.gui.theme import Look
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import settle, unlock_pad

MIN_TOUCH = 48
INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QCheckBox)


def controls(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisible()]


def problems_on_screen(window: QWidget, where: str) -> list[str]:
    found = [] if window.height() == 800 else [f"{where}: the window grew to {window.height()} px"]
    for widget in controls(window):
        name = widget.accessibleName() or f"<{type(widget).__name__} without a name>"
        if widget.height() < MIN_TOUCH:
            found.append(f"{where}: '{name}' is {widget.height()} px high")
        if not widget.accessibleName():
            found.append(f"{where}: a {type(widget).__name__} has no accessible name")
        elif not widget.accessibleDescription():
            found.append(f"{where}: '{name}' has no accessible description")
    return found


def every_screen(kiosk):
    """Yield a label for each screen of the patient flow as it is shown."""
    yield "locked"
    kiosk.unlock()
    yield "staff"
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    for page in session.pages():
        kiosk.controller.questions.go_to(page.id)
        yield f"page {page.id}"
    kiosk.controller.questions.show_review()
    yield "review"
    kiosk.controller.pause()
    yield "paused"
    kiosk.controller.questions.finish()
    consent = kiosk.controller.consent
    for index, section in enumerate(consent.progress.shown.sections):
        consent.show_section(index)
        yield f"consent {section.id}"
    consent.show_comprehension()
    yield "comprehension"
    consent.show_decision()
    yield "decision"
    consent.progress.decision = "agree"
    consent.signing.show_signature()
    yield "signature"
    kiosk.controller.consent_done()
    yield "thank you"


def test_every_control_is_at_least_48_px_high_named_and_described(kiosk):
    problems = []
    for where in every_screen(kiosk):
        settle()
        problems += problems_on_screen(kiosk.window, where)
    assert problems == []


def test_at_200_percent_text_nothing_is_wider_than_the_screen(kiosk):
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    clipped = []
    for where in every_screen(kiosk):
        settle()
        for area in kiosk.window.findChildren(QScrollArea):
            if area.isVisible() and area.widget().width() > area.viewport().width():
                clipped.append(
                    f"{where}: {area.widget().width()} px in {area.viewport().width()} px"
                )
        central = kiosk.window.centralWidget()
        if central.minimumSizeHint().width() > kiosk.window.width():
            clipped.append(f"{where}: needs {central.minimumSizeHint().width()} px")
    assert clipped == []


def test_a_very_long_word_in_an_answer_wraps_at_200_percent(kiosk):
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    session.answer("email", "maria.jose.nunez.garcia.rodriguez@correo-ejemplo.org")
    kiosk.controller.set_look(Look(2.0, high_contrast=False))
    kiosk.controller.questions.show_review()
    settle()
    area = kiosk.screen.findChild(QScrollArea)
    assert area.widget().width() <= area.viewport().width()
    edits = [b for b in kiosk.screen.findChildren(QAbstractButton) if b.text() == "Edit"]
    right_edge = kiosk.window.width()
    assert all(b.mapTo(kiosk.window, b.rect().topRight()).x() <= right_edge for b in edits)


def test_the_staff_keypad_fits_the_tablet_at_200_percent_and_comes_into_view(kiosk):
    kiosk.controller.set_look(Look(2.0, high_contrast=False))
    kiosk.screen.staff.click()  # the locked start screen
    settle()
    assert kiosk.window.height() == 800
    assert kiosk.screen.pin_pad.ok.visibleRegion().boundingRect().height() >= MIN_TOUCH
    kiosk.unlock()
    kiosk.start_intake()
    kiosk.window.patient_bar.pause.click()
    paused = kiosk.screen
    paused.staff.click()
    settle()
    assert kiosk.window.height() == 800, "the paused screen scrolls instead of growing"
    assert paused.pin_pad.ok.visibleRegion().boundingRect().height() >= MIN_TOUCH


def no_scrolling_needed(screen: QWidget) -> bool:
    area = screen.findChild(QScrollArea)
    return area.verticalScrollBar().maximum() == 0


def keys_apart(pad: QWidget) -> bool:
    keys = [b for b in pad.findChildren(QAbstractButton) if b.isVisible()]
    rects = [QRect(k.mapTo(pad, QPoint(0, 0)), k.size()) for k in keys]
    return not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_the_open_staff_keypad_fits_the_tablet_without_scrolling_at_100_percent(kiosk):
    locked = kiosk.screen
    locked.staff.click()
    unlock_pad(locked.pin_pad, "1")  # and its problem line shown
    settle()
    assert kiosk.window.height() == 800
    assert no_scrolling_needed(locked), "the locked screen with the keypad open scrolls"
    assert keys_apart(locked.pin_pad)
    kiosk.unlock()
    kiosk.start_intake()
    kiosk.window.patient_bar.pause.click()
    paused = kiosk.screen
    paused.staff.click()
    settle()
    assert kiosk.window.height() == 800
    assert no_scrolling_needed(paused), "the paused screen with the keypad open scrolls"
    assert keys_apart(paused.pin_pad)


def test_at_200_percent_in_spanish_the_open_keypad_is_whole_and_in_view(kiosk):
    kiosk.start_intake(language="es")
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    kiosk.window.patient_bar.pause.click()
    paused = kiosk.screen
    paused.staff.click()
    settle()
    pad = paused.pin_pad
    area = paused.findChild(QScrollArea)
    for key in pad.findChildren(QAbstractButton):
        assert key.width() >= key.sizeHint().width(), f"'{key.text()}' is squeezed"
        right = key.mapTo(kiosk.window, QPoint(key.width(), 0)).x()
        assert right <= area.viewport().width(), f"'{key.text()}' runs off the screen"
    top = pad.prompt.mapTo(area.viewport(), QPoint(0, 0)).y()
    assert top >= 0, "the keypad's title is scrolled out of view"
