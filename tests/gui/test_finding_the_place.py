"""The patient always sees what they are working on: the question they chose to edit,
the line of the review they left, the text field they tapped."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.theme import Look
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import settle

KEYBOARD_FREE = 2 / 3  # of the view an on-screen keyboard leaves free, from the top


def answered(kiosk) -> None:
    kiosk.start_intake()
    for item_id, value in SAMPLE_ANSWERS.items():
        kiosk.controller.session.answer(item_id, value)


def in_view(area: QScrollArea, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size())


def review(kiosk) -> ReviewScreen:
    screen = kiosk.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def test_edit_opens_the_page_at_the_question_with_its_answer_focused(kiosk):
    answered(kiosk)
    kiosk.controller.questions.show_review()
    screen = review(kiosk)
    edit = screen.edits["numbness_weakness"]  # the last question of a long page
    screen.area.ensureWidgetVisible(edit)
    edit.click()
    settle()
    page = kiosk.page
    assert page.page.id == "warning_signs"
    area = kiosk.wizard.area
    view = page.views["numbness_weakness"]
    assert area.verticalScrollBar().value() > 0, "the page was scrolled to the question"
    assert area.viewport().rect().contains(in_view(area, view.question))
    assert QApplication.focusWidget() is view.answer.focus_target()


def test_back_to_review_finds_the_line_where_it_was(kiosk):
    answered(kiosk)
    kiosk.controller.questions.show_review()
    screen = review(kiosk)
    edit = screen.edits["occupation"]
    screen.area.ensureWidgetVisible(edit, 0, 200)
    settle()
    where = in_view(screen.area, edit).top()
    assert screen.area.verticalScrollBar().value() > 0
    edit.click()
    settle()
    kiosk.wizard.to_review.click()
    settle()
    again = review(kiosk)
    assert abs(in_view(again.area, again.edits["occupation"]).top() - where) <= 1


def test_a_text_field_half_off_the_page_comes_into_view_when_tapped(kiosk):
    kiosk.start_intake()
    area = kiosk.wizard.area
    field = kiosk.page.views["gender_identity"].answer.field
    bar = area.verticalScrollBar()
    half_off = field.mapTo(area.widget(), QPoint(0, 0)).y() - area.viewport().height()
    bar.setValue(half_off + field.height() // 2)  # its lower half under the bottom edge
    settle()
    assert in_view(area, field).bottom() > area.viewport().height()
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(20, 4))
    settle()
    seen = in_view(area, field)
    assert seen.top() >= 0
    assert seen.bottom() <= area.viewport().height() * KEYBOARD_FREE, "above the keyboard"


def test_a_text_field_half_above_the_page_comes_into_view_when_tapped(kiosk):
    kiosk.start_intake()
    area = kiosk.wizard.area
    field = kiosk.page.views["gender_identity"].answer.field
    top = field.mapTo(area.widget(), QPoint(0, 0)).y()
    area.verticalScrollBar().setValue(top + field.height() // 2)  # its upper half cut off
    settle()
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(20, field.height() - 4))
    settle()
    assert in_view(area, field).top() >= 0


def test_next_shows_the_first_problem_with_its_question(kiosk):
    kiosk.start_intake()
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    kiosk.next()  # nothing is answered yet
    settle()
    area = kiosk.wizard.area
    first = next(iter(kiosk.visible_problems()))
    assert QApplication.focusWidget() is kiosk.page.views[first].answer.focus_target()
    view = kiosk.page.views[first]
    seen = area.viewport().rect()
    assert seen.contains(in_view(area, view.question)), "the question is not cut off"
    assert seen.contains(in_view(area, view.problem))
