"""A patient who cannot use the touch screen reaches every answer with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.gui.answers.scale import ScaleAnswer
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import settle


def tab_stops(window: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab until focus comes back round; the widgets it visited, in order."""
    seen: list[QWidget] = []
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        settle()
        widget = QApplication.focusWidget()
        if widget is None or (seen and widget is seen[0]):
            break
        seen.append(widget)
    return seen


def test_tab_reaches_every_answer_control_on_every_page(kiosk):
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    unreachable = []
    for page in session.pages():
        kiosk.controller.questions.go_to(page.id)
        settle()
        stops = tab_stops(kiosk.window)
        for item_id, view in kiosk.page.views.items():
            if view.answer is None or not view.isVisibleTo(kiosk.page):
                continue
            wanted = [c for c in view.answer.controls() if c.isVisibleTo(kiosk.page)]
            if isinstance(view.answer, ScaleAnswer):
                wanted = wanted[:1]  # one stop; the arrow keys move along the scale
            unreachable += [
                f"{page.id}/{item_id}: {c.accessibleName()}" for c in wanted if c not in stops
            ]
    assert unreachable == []


def test_arrow_keys_move_along_the_pain_scale(kiosk):
    kiosk.start_intake()
    session = kiosk.controller.session
    page = next(p for p in session.pages() if any(i.type == "scale" for i in p.items))
    kiosk.controller.questions.go_to(page.id)
    settle()
    scale = next(v.answer for v in kiosk.page.views.values() if isinstance(v.answer, ScaleAnswer))
    scale.buttons[0].setFocus()
    QTest.keyClick(scale.buttons[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is scale.buttons[1]


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_stands_out_from_the_page_in_both_themes():
    from intake_app.gui.theme import PALETTES

    for name, palette in PALETTES.items():
        for around in ("background", "card", "button"):
            assert contrast(palette["focus"], palette[around]) >= 3, f"{name}: focus on {around}"


def test_a_focused_control_looks_different_from_an_unfocused_one(kiosk):
    kiosk.start_intake()
    page = next(p for p in kiosk.controller.session.pages() if p.id == "joint_pain-2")
    kiosk.controller.questions.go_to(page.id)
    settle()
    scale = next(v.answer for v in kiosk.page.views.values() if isinstance(v.answer, ScaleAnswer))
    scale.buttons[8].click()  # a chosen value must show focus too
    for button in (scale.buttons[8], scale.buttons[3], kiosk.wizard.next):
        kiosk.wizard.back.setFocus()
        settle()
        unfocused = button.grab().toImage()
        button.setFocus()
        settle()
        assert button.grab().toImage() != unfocused, f"{button.accessibleName()} shows no focus"
