"""The joint-and-side picker: a body picture to tap, with a button for each joint.

The picture faces the patient, so their right side is on the left of the
screen. The buttons beside it say the same choices in words and are what the
keyboard and a screen reader use.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QWidget

from intake_app.gui.answers.base import AnswerWidget
from intake_app.gui.touch import WrapButton
from intake_app.paths import resources_dir
from intake_app.questionnaire.display import joint_label
from intake_app.questionnaire.model import JointSideItem

PICTURE_SIZE = QSize(400, 800)
PICTURE_HEIGHT = 560
PICTURE_MIN_WIDTH = 280
HOTSPOT_RADIUS = 26
# Joint centres in the picture's own coordinates (resources/images/body-front.svg).
HOTSPOTS: dict[str, tuple[float, float]] = {
    "shoulder:right": (110, 190), "shoulder:left": (290, 190),
    "elbow:right": (85, 310), "elbow:left": (315, 310),
    "wrist:right": (70, 410), "wrist:left": (330, 410),
    "hand:right": (62, 455), "hand:left": (338, 455),
    "hip:right": (160, 420), "hip:left": (240, 420),
    "knee:right": (160, 585), "knee:left": (240, 585),
    "ankle:right": (165, 730), "ankle:left": (235, 730),
    "foot:right": (160, 770), "foot:left": (240, 770),
}  # fmt: skip


class BodyPicture(QWidget):
    """Draws the body and the chosen joints; a tap near a joint toggles it."""

    joint_tapped = Signal(str)

    def __init__(self, codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = codes
        self.chosen: set[str] = set()
        self.renderer = QSvgRenderer(str(resources_dir() / "images" / "body-front.svg"), self)
        self.setMinimumWidth(PICTURE_MIN_WIDTH)
        self.setFixedHeight(PICTURE_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(PICTURE_MIN_WIDTH, PICTURE_HEIGHT)

    def _frame(self) -> QRectF:
        """Where the picture sits: as large as fits, keeping its shape."""
        scale = min(self.width() / PICTURE_SIZE.width(), self.height() / PICTURE_SIZE.height())
        width, height = PICTURE_SIZE.width() * scale, PICTURE_SIZE.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def hotspot_centre(self, code: str) -> QPointF:
        frame = self._frame()
        x, y = HOTSPOTS[code]
        scale = frame.width() / PICTURE_SIZE.width()
        return QPointF(frame.left() + x * scale, frame.top() + y * scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = self._frame()
        self.renderer.render(painter, frame)
        radius = HOTSPOT_RADIUS * frame.width() / PICTURE_SIZE.width()
        for code in self.codes:
            chosen = code in self.chosen
            painter.setPen(
                QPen(
                    QColor("#12355b"),
                    3 if chosen else 2,
                    Qt.PenStyle.SolidLine if chosen else Qt.PenStyle.DashLine,
                )
            )
            painter.setBrush(QColor(198, 40, 40, 200) if chosen else QColor(29, 95, 168, 40))
            painter.drawEllipse(self.hotspot_centre(code), radius, radius)
        self._draw_sides(painter, frame)
        painter.end()

    def _draw_sides(self, painter: QPainter, frame: QRectF) -> None:
        """The figure faces the patient: their right is on the left of the picture."""
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        top = QRectF(0, frame.top(), self.width(), frame.height() * 0.1)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        painter.drawText(top.adjusted(8, 0, 0, 0), left, self.tr("Your right"))
        painter.drawText(top.adjusted(0, 0, -8, 0), right, self.tr("Your left"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        code = self.code_at(event.position())
        if code:
            self.joint_tapped.emit(code)

    def code_at(self, point: QPointF) -> str | None:
        """The joint under a tap, allowing a generous margin for fingers."""
        reach = 1.6 * HOTSPOT_RADIUS * self._frame().width() / PICTURE_SIZE.width()
        nearest = min(
            self.codes, key=lambda c: _distance(self.hotspot_centre(c), point), default=None
        )
        if nearest and _distance(self.hotspot_centre(nearest), point) <= reach:
            return nearest
        return None


def _distance(a: QPointF, b: QPointF) -> float:
    return float(((a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2) ** 0.5)


class JointAnswer(AnswerWidget):
    def __init__(self, item: JointSideItem, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, language, parent)
        codes = [f"{joint}:{side}" for joint in item.joints for side in ("right", "left")]
        self.picture = BodyPicture(codes, self)
        self.picture.setAccessibleName(self.tr("Body picture: tap the joints that hurt"))
        self.picture.joint_tapped.connect(self._toggle)
        self.buttons: dict[str, WrapButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for row, joint in enumerate(item.joints):
            for column, side in enumerate(("right", "left")):
                code = f"{joint}:{side}"
                button = WrapButton(joint_label(code, language), self)
                button.setCheckable(True)
                button.clicked.connect(lambda _checked, c=code: self._on_button(c))
                self.buttons[code] = button
                grid.addWidget(button, row, column)
        self.grid = grid
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.picture, 2)
        self.box.addLayout(grid, 3)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when there is room; the picture above the buttons when not."""
        needed = (
            self.picture.minimumWidth()
            + 2 * max(b.sizeHint().width() for b in self.buttons.values())
            + 40
        )
        wide = event.size().width() >= needed
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)

    def _toggle(self, code: str) -> None:
        self.buttons[code].toggle()
        self._on_button(code)

    def _on_button(self, code: str) -> None:
        self._sync()
        self.answer_changed.emit()

    def _sync(self) -> None:
        self.picture.chosen = {code for code, button in self.buttons.items() if button.isChecked()}
        self.picture.update()

    def value(self) -> Any:
        chosen = [code for code, button in self.buttons.items() if button.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for code, button in self.buttons.items():
            button.setChecked(code in chosen)
        self._sync()

    def focus_target(self) -> QWidget:
        return next(iter(self.buttons.values()))

    def controls(self) -> list[QWidget]:
        return list(self.buttons.values())

    def describe(self, name: str, description: str) -> None:
        for button in self.buttons.values():
            button.setAccessibleDescription(f"{name} {description}".strip())
