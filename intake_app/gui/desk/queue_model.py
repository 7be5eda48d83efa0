"""The nurse's queue as a Qt table: one page of 50 rows at a time, read off the GUI thread.

The rows come in the order the service gives (worst flag first, then oldest); the
table never sorts them itself, which would contradict "worst first". A view asks for
more rows as it scrolls (``canFetchMore``/``fetchMore``); each page is read by
``fetch`` on the ``Background`` worker, never more than one at a time. A new filter
starts over, and a page that arrives for an older filter is dropped. ``refresh``
re-reads the rows shown (the page polls it) and replaces them only when they changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from intake_app.gui.background import Background
from intake_app.services.review_queue import QueueFilter, QueueRow

log = logging.getLogger(__name__)

Fetch = Callable[[QueueFilter, int, int], list[QueueRow]]
AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 50

COLUMNS = (
    "Patient",
    "Date of birth",
    "MRN",
    "Worst flag",
    "Flags",
    "Consent",
    "Asked / wrong answers",
    "Time",
)
WORST_COLUMN = COLUMNS.index("Worst flag")
WORST_WORDS = {"stop": "STOP", "review": "Review", "note": "Note", None: "No flags"}
# Colour says it twice, never alone: the words above are always in the cell.
WORST_COLOURS = {
    "stop": (QColor("#b71c1c"), QColor("#ffffff")),  # dark red, white words
    "review": (QColor("#ffd27a"), QColor("#3d2600")),  # amber, dark brown words
}
INTAKE_ID_ROLE = Qt.ItemDataRole.UserRole


def worst_in_words(worst: str | None) -> str:
    return WORST_WORDS.get(worst, "No flags")


def consent_talk_in_words(row: QueueRow) -> str:
    """``asked a question; 1 wrong answer``, or ``none``."""
    parts = ["asked a question"] if row.asked_question else []
    if row.wrong_answers:
        plural = "" if row.wrong_answers == 1 else "s"
        parts.append(f"{row.wrong_answers} wrong answer{plural}")
    return "; ".join(parts) or "none"


def time_in_words(at: dt.datetime, now: dt.datetime) -> str:
    """``today 14:05`` on the station's clock, else ``2026-11-28 09:12``."""
    local = at.astimezone()
    if local.date() == now.astimezone().date():
        return f"today {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


class QueueModel(QAbstractTableModel):
    """The queue's rows, loaded a page at a time for the filter shown."""

    rows_changed = Signal()  # a page arrived or a refresh replaced the rows
    failed = Signal()  # the database could not be read; the rows shown stay

    def __init__(
        self,
        fetch: Fetch,
        background: Background,
        now: Callable[[], dt.datetime],
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch, self._background, self._now = fetch, background, now
        self.page_size = page_size
        self.shown = QueueFilter()
        self._rows: list[QueueRow] = []
        self._generation = 0  # bumped whenever the rows start over; older answers are dropped
        self._loading = False
        self._refreshing = False
        self._all_loaded = False

    # -- what the view reads -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,  # the whole of a cell cut short
        ):
            return self._cell(row, column)
        if role == INTAKE_ID_ROLE:
            return row.intake_id
        if column == WORST_COLUMN and row.worst in WORST_COLOURS:
            background, foreground = WORST_COLOURS[row.worst]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(background)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(foreground)
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[column] == "Flags":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _cell(self, row: QueueRow, column: int) -> str:
        cells = (
            row.patient_name,
            row.date_of_birth.isoformat(),
            row.mrn or "",
            worst_in_words(row.worst),
            str(row.flag_count),
            row.decision,
            consent_talk_in_words(row),
            time_in_words(row.at, self._now()),
        )
        return cells[column]

    def row_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def intake_id_at(self, row: int) -> str:
        return self._rows[row].intake_id

    def row_of(self, intake_id: str) -> int | None:
        """The row showing this intake, if it is loaded."""
        return next((n for n, r in enumerate(self._rows) if r.intake_id == intake_id), None)

    @property
    def loading(self) -> bool:
        return self._loading

    # -- loading pages -------------------------------------------------------------------

    def set_filter(self, shown: QueueFilter) -> None:
        """Start over with ``shown``: the rows go, the first page is read."""
        self.beginResetModel()
        self.shown = shown
        self._rows = []
        self._start_over()
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._all_loaded and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Read the next page on the worker; nothing while one is being read."""
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, shown, offset = self._generation, self.shown, len(self._rows)

        def arrived(rows: list[QueueRow]) -> None:
            if generation == self._generation:
                self._append(rows)

        self._read(shown, offset, self.page_size, arrived, generation)

    def refresh(self) -> None:
        """Re-read the rows shown (at least a page); replace them only if they changed.

        Skipped while a page or an earlier refresh is being read: the poll comes again.
        """
        if self._loading or self._refreshing:
            return
        self._refreshing = True
        generation, shown = self._generation, self.shown
        wanted = max(len(self._rows), self.page_size)

        def arrived(rows: list[QueueRow]) -> None:
            self._refreshing = False
            if generation == self._generation and rows != self._rows:
                self.beginResetModel()
                self._rows = rows
                self._start_over(all_loaded=len(rows) < wanted)
                self.endResetModel()
            self.rows_changed.emit()

        self._read(shown, 0, wanted, arrived, generation)

    def _read(
        self,
        shown: QueueFilter,
        offset: int,
        limit: int,
        arrived: Callable[[list[QueueRow]], None],
        generation: int,
    ) -> None:
        def failed(error: Exception) -> None:
            log.warning("the queue could not be read (%s)", type(error).__name__)
            self._refreshing = False
            if generation == self._generation:
                self._loading = False
                self.failed.emit()

        fetch = self._fetch
        self._background.run(lambda: fetch(shown, offset, limit), arrived, failed, owner=self)

    def _append(self, rows: list[QueueRow]) -> None:
        """Add a page; only then may the next be asked for (a view asks from inside the
        insert's signals, and must not get this page's offset again)."""
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._all_loaded = len(rows) < self.page_size
        self._loading = False
        self.rows_changed.emit()

    def _start_over(self, *, all_loaded: bool = False) -> None:
        self._generation += 1
        self._loading = False
        self._all_loaded = all_loaded
