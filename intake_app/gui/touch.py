"""Touch-sized building blocks every screen uses: labels, buttons that wrap, scrolling, lists."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStyledItemDelegate,
    QWidget,
)

TOUCH_HEIGHT = 56
LONGEST_UNBROKEN = 16
_BREAK_CHANCE = "\u200b"  # zero-width space: a place a line may break, invisible


def breakable(text: str) -> str:
    """Let a very long word (an e-mail address, a pasted link) wrap instead of
    widening the page: a line may break inside it every few characters."""
    words = re.split(r"(\s+)", text)
    return "".join(
        _BREAK_CHANCE.join(w[i : i + LONGEST_UNBROKEN] for i in range(0, len(w), LONGEST_UNBROKEN))
        if len(w) > LONGEST_UNBROKEN and not w.isspace()
        else w
        for w in words
    )


def label(text: str, name: str, parent: QWidget, *, centred: bool = False) -> QLabel:
    """Plain text (never rich text: names and answers are shown as typed)."""
    widget = QLabel(breakable(text), parent)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if centred:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


class WrapButton(QPushButton):
    """A button whose text wraps onto more lines instead of widening the page.

    At 200% text a long answer option would otherwise push the page wider than
    the screen. The text sits in a word-wrapping label; the button's accessible
    name is the same text.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(text, self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(14, 8, 14, 8)
        self.box.addWidget(self.caption)
        self.setAccessibleName(text)
        self.toggled.connect(self._show_checked)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _show_checked(self, checked: bool) -> None:
        # Style sheets cannot select a label by its button's state, so mark the label.
        self.caption.setProperty("checked", checked)
        self.caption.style().unpolish(self.caption)
        self.caption.style().polish(self.caption)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = self.box.sizeHint()
        return QSize(hint.width(), max(TOUCH_HEIGHT, hint.height()))

    def minimumSizeHint(self) -> QSize:
        return QSize(TOUCH_HEIGHT, TOUCH_HEIGHT)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(TOUCH_HEIGHT, self.box.heightForWidth(width))


def button(
    text: str,
    parent: QWidget,
    *,
    primary: bool = False,
    name: str | None = None,
    description: str = "",
) -> QPushButton:
    """A finger-sized button; ``name`` and ``description`` are what a screen reader says."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(name or text)
    widget.setAccessibleDescription(description)
    if primary:
        widget.setObjectName("primary")
    return widget


def scrolling(content: QWidget, parent: QWidget) -> QScrollArea:
    """A vertical scroll area that reflows its content to the window width.

    A finger dragged anywhere on it scrolls it, as on any tablet; the scroll
    area itself is not a stop for the Tab key (its content is).
    """
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


def choice_list(parent: QWidget) -> QComboBox:
    """A drop-down whose rows are finger-sized (the style sheet sets their height)."""
    combo = QComboBox(parent)
    combo.setItemDelegate(QStyledItemDelegate(combo))
    combo.setMaxVisibleItems(7)
    QScroller.grabGesture(combo.view().viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return combo


def bottom_bar(parent: QWidget, left: list[QWidget], right: list[QWidget]) -> QFrame:
    """The bar under a screen: going back on the left, going on at the right."""
    bar = QFrame(parent)
    bar.setObjectName("bottomBar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 12, 24, 12)
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return bar
