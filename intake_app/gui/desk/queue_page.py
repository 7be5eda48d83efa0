"""The nurse's queue page: counts per review state, filters, search, the table, and the
unfinished intakes nobody should forget.

The rows come from ``QueueModel`` in the service's order (worst flag first, then
oldest). Every 3 seconds the page re-reads the counts, the unfinished intakes and
the rows shown, on the background worker: a new submission from any tablet shows up
within 5 seconds, and the selected intake stays selected. When the database cannot
be reached the page says so in plain words and keeps the rows it has (see
docs/desk.md for why it polls).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.look import named, restyled
from intake_app.gui.desk.queue_model import QueueModel, time_in_words
from intake_app.services.review_queue import STALLED, QueueFilter, QueueRow, ReviewQueue

log = logging.getLogger(__name__)
POLL_MS = 3000
SEARCH_DELAY_MS = 300
NAME_WIDTH = 16  # characters the patient column keeps however wide the others are
UNFINISHED_LINES = 4  # shown at once under the table; more scroll
STATES = {
    "waiting": "Waiting",
    "needs_clinician": "Needs clinician",
    "cleared": "Cleared",
    "not_eligible": "Not eligible",
}
SEVERITIES = {None: "Any severity", "stop": "STOP", "review": "Review", "note": "Note"}
LANGUAGES = {None: "Any language", "en": "English", "es": "Español"}
UNREACHABLE = (
    "The queue could not be read just now: the database may be out of reach. The list "
    "shows the rows as of {when} and tries again every few seconds; if this stays, call "
    "the person who looks after the clinic's computers."
)


class QueueFilters(QWidget):
    """The state buttons with their counts, and the filters above the table."""

    changed = Signal()  # the state, today, severity or language changed (not the search)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.states = QButtonGroup(self)
        self.state_buttons: dict[str, QPushButton] = {}
        state_row = QHBoxLayout()
        for state, words in STATES.items():
            button = QPushButton(words)
            button.setCheckable(True)
            button.setChecked(state == "waiting")
            self.states.addButton(button)
            self.state_buttons[state] = button
            state_row.addWidget(button)
        state_row.addStretch(1)
        self.today = QCheckBox("Today only")
        self.severity = _combo(SEVERITIES, "Severity")
        self.language = _combo(LANGUAGES, "Language")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, date of birth or MRN")
        self.search.setAccessibleName("Search by name, date of birth or MRN")
        self.search.setClearButtonEnabled(True)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.today)
        filter_row.addWidget(self.severity)
        filter_row.addWidget(self.language)
        filter_row.addWidget(self.search, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(state_row)
        column.addLayout(filter_row)
        self.states.buttonToggled.connect(self._state_toggled)
        self.today.toggled.connect(self.changed)
        self.severity.currentIndexChanged.connect(self.changed)
        self.language.currentIndexChanged.connect(self.changed)

    def _state_toggled(self, _button: QPushButton, checked: bool) -> None:
        if checked:  # the button let go of is toggled too: one change, not two
            self.changed.emit()

    def shown(self, now: dt.datetime) -> QueueFilter:
        """The filter the controls describe; "today" begins at the station's midnight."""
        state = next(s for s, b in self.state_buttons.items() if b.isChecked())
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return QueueFilter(
            review_state=state,
            severity=self.severity.currentData(),
            language=self.language.currentData(),
            since=midnight if self.today.isChecked() else None,
            search=self.search.text().strip(),
        )

    def show_counts(self, counts: dict[str, int]) -> None:
        for state, button in self.state_buttons.items():
            button.setText(f"{STATES[state]} {counts.get(state, 0)}")


class QueuePage(QWidget):
    """The review queue for one person at one station."""

    intake_chosen = Signal(str)

    def __init__(
        self,
        queue: ReviewQueue,
        background: Background,
        now: Callable[[], dt.datetime],
        *,
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue, self.background, self.clock = queue, background, now
        self.model = QueueModel(self._fetch, background, self.now, parent=self)
        self.filters = QueueFilters()
        self.status = named(QLabel(), "muted")
        self.status.setWordWrap(True)
        self.table = self._table()
        self.open = named(QPushButton("Open the selected intake"), "primary")
        self.open.setEnabled(False)
        self.unfinished_title = named(QLabel(_unfinished_title()), "heading")
        self.unfinished = QListWidget()
        self.unfinished.setAccessibleName(_unfinished_title())
        self._lay_out()
        self._selected: str | None = None
        self._kept: str | None = None  # the intake selected when the rows start over
        self._polling = False
        self._last_read: dt.datetime | None = None
        self.poll_timer = QTimer(self, interval=poll_ms)
        self.search_timer = QTimer(self, interval=SEARCH_DELAY_MS, singleShot=True)
        self.setFocusProxy(self.table)
        self._connect()
        self.model.set_filter(self.filters.shown(self.now()))
        self.poll()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(False)  # the service's order is the order: worst first
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the Open button
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.setAccessibleName("Intakes waiting for review, worst flag first")
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        table.installEventFilter(self)
        return table

    def _lay_out(self) -> None:
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open)
        column = QVBoxLayout(self)
        column.addWidget(self.filters)
        column.addWidget(self.table, 1)
        column.addLayout(bottom)
        column.addWidget(self.unfinished_title)
        column.addWidget(self.unfinished)

    def fit_columns(self) -> None:
        """Every column as wide as its words; the patient's name takes the room left (at
        least ``NAME_WIDTH`` characters; a longer name ends in "…", whole in its tooltip)."""
        table, header = self.table, self.table.horizontalHeader()
        for column in range(1, self.model.columnCount()):
            table.resizeColumnToContents(column)
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        room = table.viewport().width() - others
        header.resizeSection(0, max(room, table.fontMetrics().averageCharWidth() * NAME_WIDTH))

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt calls it by this name
        super().resizeEvent(event)
        self.fit_columns()

    def _connect(self) -> None:
        for changed in (self.model.rowsInserted, self.model.modelReset, self.model.dataChanged):
            changed.connect(lambda *_: QTimer.singleShot(0, self.fit_columns))
        self.filters.changed.connect(self.apply_filters)
        self.filters.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.filters.search.returnPressed.connect(self.apply_filters)
        self.search_timer.timeout.connect(self.apply_filters)
        self.poll_timer.timeout.connect(self.poll)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.open.clicked.connect(self.open_selected)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.rows_changed.connect(self._rows_read)
        self.model.failed.connect(self._unreachable)

    # -- reading ------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """The station's time, with its zone (a clock without one is read as local)."""
        return self.clock().astimezone()

    def _fetch(self, shown: QueueFilter, offset: int, limit: int) -> list[QueueRow]:
        return self.queue.page(shown, offset=offset, limit=limit)

    def apply_filters(self) -> None:
        """Show the queue under the filters now set (the search too, without waiting)."""
        self.search_timer.stop()
        shown = self.filters.shown(self.now())
        if shown != self.model.shown:
            self._selected = None
            self.model.set_filter(shown)
            self.poll()

    def poll(self) -> None:
        """Re-read the counts, the unfinished intakes and the rows shown, off the GUI
        thread; a poll still being read is not doubled."""
        self.model.refresh()
        if self._polling:
            return
        self._polling = True
        shown, now, queue = self.model.shown, self.now(), self.queue
        self.background.run(
            lambda: (queue.counts(shown), queue.unfinished(now)),
            self._polled,
            self._poll_failed,
            owner=self,
        )

    def _polled(self, result: tuple[dict[str, int], list[QueueRow]]) -> None:
        self._polling = False
        counts, unfinished = result
        self.filters.show_counts(counts)
        self._show_unfinished(unfinished)
        self._rows_read()

    def _poll_failed(self, error: Exception) -> None:
        log.warning("the queue's counts could not be read (%s)", type(error).__name__)
        self._polling = False
        self._unreachable()

    def _rows_read(self) -> None:
        self._last_read = self.now()
        self.status.setText(f"Updated at {self._last_read.astimezone():%H:%M:%S}")
        restyled(self.status, "muted")

    def _unreachable(self) -> None:
        when = f"{self._last_read.astimezone():%H:%M}" if self._last_read else "none yet"
        self.status.setText(UNREACHABLE.format(when=when))
        restyled(self.status, "error")

    def _show_unfinished(self, rows: list[QueueRow]) -> None:
        self.unfinished.clear()
        for row in rows:
            self.unfinished.addItem(_unfinished_line(row, self.now()))
        if not rows:
            self.unfinished.addItem("None: every intake started is finished or still going on.")
        self._fit_unfinished()

    def _fit_unfinished(self) -> None:
        """As tall as its lines, up to four (then it scrolls): the table keeps the room."""
        lines = min(self.unfinished.count(), UNFINISHED_LINES)
        line = self.unfinished.sizeHintForRow(0) if self.unfinished.count() else 0
        frame = 2 * self.unfinished.frameWidth() + 8
        self.unfinished.setFixedHeight(lines * line + frame)

    # -- choosing an intake -------------------------------------------------------------

    def selected_intake(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.intake_id_at(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        intake_id = self.selected_intake()
        if intake_id is not None:
            self.intake_chosen.emit(intake_id)

    def _choose(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.intake_chosen.emit(self.model.intake_id_at(row))

    def _selection_changed(self, *_args: Any) -> None:
        self._selected = self.selected_intake()
        self.open.setEnabled(self._selected is not None)

    def _remember_selection(self) -> None:
        self._kept = self._selected

    def _restore_selection(self) -> None:
        row = self.model.row_of(self._kept) if self._kept else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._selection_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the table opens the selected intake."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    # -- polling only while shown -------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll_timer.stop()
        super().hideEvent(event)


def _combo(choices: dict[Any, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for value, words in choices.items():
        combo.addItem(words, value)
    return combo


def _unfinished_title() -> str:
    return f"Unfinished for over {int(STALLED.total_seconds() // 3600)} hours"


def _unfinished_line(row: QueueRow, now: dt.datetime) -> str:
    """``Sam Lee, born 1950-02-03, MRN 42: questions not all answered, last touched today
    09:12``."""
    mrn = f", MRN {row.mrn}" if row.mrn else ""
    when = time_in_words(row.at, now)
    born = row.date_of_birth.isoformat()
    return f"{row.patient_name}, born {born}{mrn}: questions not all answered, last touched {when}"
