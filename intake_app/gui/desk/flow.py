"""A row of widgets that wraps onto more rows when the window is too narrow for it.

The records page's filters and actions are one row at 100% text; at 200% text they
are wider than a 1280-pixel window, and a plain row would push the page sideways
(the clerk would scroll to reach "Export answers as CSV…"). The widgets keep their
order and only move when the width or the text size changes, never while a button
is being pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowRow(QLayout):
    """Left to right, then on to the next row; each row as tall as its tallest widget."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- QLayout's bookkeeping (Qt's names) ---------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """One row of everything: what the layout would like."""
        widths = [item.sizeHint().width() for item in self._items]
        heights = [item.sizeHint().height() for item in self._items] or [0]
        margins = self.contentsMargins()
        width = sum(widths) + self._gap * max(0, len(widths) - 1)
        return QSize(width + margins.left() + margins.right(),
                     max(heights) + margins.top() + margins.bottom())  # fmt: skip

    def minimumSize(self) -> QSize:
        """As narrow as the widest single widget: the rest wraps."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- placing -------------------------------------------------------------------------

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the widgets out in ``rect`` (only measure unless ``move``), each centred
        in its row's height; the height used."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for row in self._rows(area.width()):
            height = max(item.sizeHint().height() for item in row)
            x = area.x()
            for item in row:
                size = item.sizeHint()
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - area.y()) + margins.top() + margins.bottom()

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        """The shown widgets, as many to a row as fit in ``width`` (at least one)."""
        rows: list[list[QLayoutItem]] = []
        used = width + 1  # so that the first widget opens a row
        for item in self._items:
            if item.isEmpty():
                continue
            needed = item.sizeHint().width()
            if rows and used + self._gap + needed <= width:
                rows[-1].append(item)
                used += self._gap + needed
            else:
                rows.append([item])
                used = needed
        return rows
