"""On a tablet a finger drag scrolls a long page, and drop-down rows are finger-sized."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QScrollArea

from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import settle

MIN_TOUCH = 48


def drag_up(widget, qtbot, distance: int = 300) -> None:
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    start = QPoint(widget.width() // 2, widget.height() - 40)
    QTest.touchEvent(widget, device).press(0, start).commit()
    for step in range(1, 11):
        qtbot.wait(16)
        QTest.touchEvent(widget, device).move(0, start - QPoint(0, distance * step // 10)).commit()
    QTest.touchEvent(widget, device).release(0, start - QPoint(0, distance)).commit()


def test_a_finger_drag_scrolls_the_review_page(kiosk, qtbot):
    kiosk.start_intake()
    for item_id, value in SAMPLE_ANSWERS.items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.show_review()
    settle()
    area = kiosk.screen.findChild(QScrollArea)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    drag_up(area.viewport(), qtbot)
    qtbot.waitUntil(lambda: bar.value() > 100, timeout=3000)


def test_the_rows_of_a_date_list_are_finger_sized(kiosk):
    kiosk.unlock()
    staff = kiosk.screen
    year = staff.birth_date.year
    year.showPopup()
    settle()
    view = year.view()
    try:
        heights = {view.visualRect(view.model().index(row, 0)).height() for row in range(5)}
        assert min(heights) >= MIN_TOUCH
    finally:
        year.hidePopup()
    assert isinstance(year, QComboBox)
