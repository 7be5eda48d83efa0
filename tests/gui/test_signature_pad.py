"""The signature pad takes mouse, finger and stylus, keeps its drawing on resize."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from intake_app.gui.signature_pad import HINT_FLAGS, SignaturePad, fitted_font

ZIGZAG = [QPoint(40 + 50 * i, 80 if i % 2 else 180) for i in range(14)]


def pad(qtbot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def draw_with_mouse(qtbot, widget, points=ZIGZAG) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=points[-1])


def draw_with_finger(widget, points=ZIGZAG) -> None:
    # Points are given relative to ``widget`` (without it, QTest takes them relative to the window).
    device = QTest.createTouchDevice()
    QTest.touchEvent(widget, device).press(0, points[0], widget).commit()
    for point in points[1:]:
        QTest.touchEvent(widget, device).move(0, point, widget).commit()
    QTest.touchEvent(widget, device).release(0, points[-1], widget).commit()


def draw_with_stylus(widget, points=ZIGZAG, pressure=0.8) -> None:
    device = QPointingDevice.primaryPointingDevice()
    kinds = (
        [QTabletEvent.Type.TabletPress]
        + [QTabletEvent.Type.TabletMove] * (len(points) - 2)
        + [QTabletEvent.Type.TabletRelease]
    )
    for kind, point in zip(kinds, points, strict=True):
        local = QPointF(point)
        event = QTabletEvent(
            kind,
            device,
            local,
            QPointF(widget.mapToGlobal(point)),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton
            if kind != QTabletEvent.Type.TabletRelease
            else Qt.MouseButton.NoButton,
        )
        QApplication.sendEvent(widget, event)


def test_a_mouse_signature_is_kept_as_timed_points(qtbot):
    widget = pad(qtbot)
    assert not widget.has_enough_ink()
    with qtbot.waitSignal(widget.ink_changed) as blocker:
        draw_with_mouse(qtbot, widget)
    assert blocker.args == [True]
    [stroke] = widget.strokes
    assert len(stroke) == len(ZIGZAG)
    assert stroke[0]["x"] == 40 / 900 and stroke[0]["p"] is None
    assert [p["t"] for p in stroke] == sorted(p["t"] for p in stroke)


def test_a_finger_signature_works(qtbot):
    widget = pad(qtbot)
    draw_with_finger(widget)
    assert widget.has_enough_ink()
    assert len(widget.strokes) == 1 and len(widget.strokes[0]) == len(ZIGZAG)


def test_a_stylus_signature_keeps_its_pressure_and_is_not_doubled_as_mouse(qtbot):
    widget = pad(qtbot)
    draw_with_stylus(widget, pressure=0.8)
    assert len(widget.strokes) == 1
    assert {round(p["p"], 2) for p in widget.strokes[0]} == {0.8}


def test_a_dot_or_a_short_line_is_not_a_signature(qtbot):
    widget = pad(qtbot)
    draw_with_mouse(qtbot, widget, [QPoint(100, 100), QPoint(110, 100), QPoint(120, 102)])
    assert not widget.has_enough_ink()


def test_clear_removes_the_drawing(qtbot):
    widget = pad(qtbot)
    draw_with_mouse(qtbot, widget)
    with qtbot.waitSignal(widget.ink_changed) as blocker:
        widget.clear()
    assert blocker.args == [False]
    assert widget.strokes == []


def test_the_drawing_keeps_its_shape_when_the_pad_is_resized(qtbot):
    widget = pad(qtbot)
    draw_with_mouse(qtbot, widget)
    before = widget.grab().toImage().scaled(300, 100)
    widget.resize(1200, 400)
    after = widget.grab().toImage().scaled(300, 100)
    assert widget.strokes[0][0]["x"] == 40 / 900
    dark_before = sum(
        1
        for x in range(300)
        for y in range(100)
        if QImage.pixelColor(before, x, y).lightness() < 100
    )
    dark_after = sum(
        1
        for x in range(300)
        for y in range(100)
        if QImage.pixelColor(after, x, y).lightness() < 100
    )
    assert dark_before > 50
    assert abs(dark_after - dark_before) / dark_before < 0.5


def test_the_stored_image_is_a_sharp_high_resolution_png(qtbot):
    widget = pad(qtbot)
    draw_with_mouse(qtbot, widget)
    data = widget.png()
    image = QImage.fromData(data, "PNG")
    assert data.startswith(b"\x89PNG")
    assert image.width() == 1800 and image.height() == 600
    assert image.pixelColor(0, 0).lightness() == 255
    # The zigzag spans y 80-180 of 300 on the pad: rows 160-360 of the 600-pixel image.
    assert min(image.pixelColor(x, 260).lightness() for x in range(0, 1800, 2)) < 80


SPANISH_HINT = "Firme aquí con el dedo o con el lápiz"


def test_the_hint_in_a_small_box_at_large_text_keeps_every_word(qtbot):
    """At 200% text in Spanish the box is small: the hint wraps and shrinks, never cut."""
    large = QFont()
    large.setPointSizeF(28)
    room = QRectF(20, 10, 430, 76)  # a 470 x 155 box, above its signing line
    assert not room.contains(QFontMetricsF(large).boundingRect(room, int(HINT_FLAGS), SPANISH_HINT))
    fitted = fitted_font(large, room, SPANISH_HINT)
    used = QFontMetricsF(fitted).boundingRect(room, int(HINT_FLAGS), SPANISH_HINT)
    assert room.contains(used)
    assert fitted.pointSizeF() >= 8
    roomy = QRectF(20, 10, 1200, 300)
    assert fitted_font(large, roomy, SPANISH_HINT).pointSizeF() == 28
