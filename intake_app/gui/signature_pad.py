"""A signature pad for finger, stylus (with pressure) and mouse.

Points are kept in the pad's own coordinates, scaled by its width, so the
drawing keeps its shape when the window is resized or the tablet rotated. Each
point carries the milliseconds since the first touch and the pressure (None
when the device has none). The pad keeps a 3:1 shape.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from intake_app.chart.ink import ASPECT, enough_ink, ink_length

PNG_WIDTH = 1800
HINT_SMALLEST_POINTS = 8  # the hint in the box shrinks to fit, never below this

Stroke = list[dict[str, Any]]


class SignaturePad(QWidget):
    """Collects strokes; says when there is enough ink to be a signature."""

    ink_changed = Signal(bool)  # enough ink or not

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._started: float | None = None
        self._drawing = False
        self._enough = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(300, 100)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)

    # --- shape ---------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width / ASPECT)

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    # --- input ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._begin(event.position(), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._add(event.position(), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = float(event.pressure())
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._drawing:
            self._add(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # otherwise Qt also sends the same stroke as mouse events

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            points = event.points()  # type: ignore[attr-defined]
            if points:
                point = points[0]
                pressure = float(point.pressure()) if point.pressure() > 0 else None
                if kind == QEvent.Type.TouchBegin:
                    self._begin(point.position(), pressure)
                elif kind == QEvent.Type.TouchUpdate and self._drawing:
                    self._add(point.position(), pressure)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def _begin(self, position: QPointF, pressure: float | None) -> None:
        if self._started is None:
            self._started = time.monotonic()
        self._drawing = True
        self.strokes.append([])
        self._add(position, pressure)

    def _add(self, position: QPointF, pressure: float | None) -> None:
        width = max(1, self.width())
        elapsed = round((time.monotonic() - (self._started or time.monotonic())) * 1000)
        point = {"x": position.x() / width, "y": position.y() / width, "t": elapsed, "p": pressure}
        self.strokes[-1].append(point)
        self.update()

    def _end(self) -> None:
        self._drawing = False
        self._check_ink()

    def clear(self) -> None:
        self.strokes = []
        self._started = None
        self._drawing = False
        self.update()
        self._check_ink()

    # --- ink -------------------------------------------------------------------------

    def ink_length(self) -> float:
        """Total length of all strokes, in pad widths."""
        return ink_length(self.strokes)

    def has_enough_ink(self) -> bool:
        return enough_ink(self.strokes)

    def _check_ink(self) -> None:
        enough = self.has_enough_ink()
        if enough != self._enough:
            self._enough = enough
            self.ink_changed.emit(enough)

    # --- drawing ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#4a5561"), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))  # the box to sign in
        baseline = self.height() * 0.75
        painter.setPen(QPen(QColor("#9aa7b4"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(20, baseline), QPointF(self.width() - 20, baseline))
        painter.drawText(QPointF(24, baseline - 8), "×")
        if not self.strokes:
            self._draw_hint(painter, QRectF(20, 10, self.width() - 40, baseline - 40))
        draw_strokes(painter, self.strokes, self.width(), max(2.5, self.width() / 300))
        painter.end()

    def _draw_hint(self, painter: QPainter, room: QRectF) -> None:
        hint = self.tr("Sign here with your finger or the pen")
        painter.setFont(fitted_font(painter.font(), room, hint))
        painter.drawText(room, HINT_FLAGS, hint)

    def png(self, width: int = PNG_WIDTH) -> bytes:
        """The signature as a high-resolution PNG (white background, black ink)."""
        image = QImage(width, round(width / ASPECT), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_strokes(painter, self.strokes, width, width / 300)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        return bytes(data.data())


def draw_strokes(painter: QPainter, strokes: list[Stroke], width: float, pen_width: float) -> None:
    """Draw strokes kept in pad-width units onto a surface ``width`` pixels wide."""
    for stroke in strokes:
        if not stroke:
            continue
        path = QPainterPath(QPointF(stroke[0]["x"] * width, stroke[0]["y"] * width))
        for point in stroke[1:]:
            path.lineTo(QPointF(point["x"] * width, point["y"] * width))
        pressure = [p["p"] for p in stroke if p["p"] is not None]
        scale = 0.6 + 0.8 * (sum(pressure) / len(pressure)) if pressure else 1.0
        pen = QPen(
            QColor("#0b1f3a"), pen_width * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
        )
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(stroke) == 1:
            painter.drawPoint(path.currentPosition())
        else:
            painter.drawPath(path)


HINT_FLAGS = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap


def fitted_font(font: QFont, room: QRectF, text: str) -> QFont:
    """``font``, made smaller until ``text`` wrapped in ``room`` fits in it: the hint in the
    box ("Sign here...") keeps every word at large text and in a longer language."""
    fitted = QFont(font)
    while fitted.pointSizeF() > HINT_SMALLEST_POINTS:
        if room.contains(QFontMetricsF(fitted).boundingRect(room, int(HINT_FLAGS), text)):
            break
        fitted.setPointSizeF(max(fitted.pointSizeF() * 0.9, HINT_SMALLEST_POINTS))
    return fitted
