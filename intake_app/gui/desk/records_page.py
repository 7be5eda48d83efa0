"""The records clerk's page: the sealed documents to file into the chart, newest first.

Each row is checked (its seal, and its SHA-256 against the database) off the GUI
thread, one after another; a document that fails is shown as failing and is not
filed (an administrator looks at it). The selected document is previewed beside
the list. Filing a selection runs off the GUI thread with a progress dialog that
can be cancelled (``gui.desk.records_filing``); exports are on the same page
(``gui.desk.records_export``). Every call is a service call made for the person
logged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.document_preview import DocumentPreview
from intake_app.gui.desk.flow import FlowRow
from intake_app.gui.desk.look import named, restyled
from intake_app.gui.desk.records_export import ask_csv, ask_fhir, ask_print
from intake_app.gui.desk.records_filing import FilingProgress, file_selected
from intake_app.services.chart_filing import ChartFiling
from intake_app.services.seal_status import SealStatus
from intake_app.services.unfiled_documents import DOCTYPES, DocumentSearch, UnfiledDocument

COLUMNS = ("Made", "Check", "Type", "Patient", "Date of birth", "MRN", "Filed")
CHECK_COLUMN = COLUMNS.index("Check")
NAME_CHARACTERS = 24
CHECK_WORDS = {
    "valid": "OK",
    "invalid": "FAILS: ask an administrator",
    "missing": "FAILS: file missing",
    "unchecked": "not checked here",
}
FAILING = ("invalid", "missing")
NOTHING_FOUND = "No document matches: nothing waits to be filed here."
CANNOT_READ = "The documents could not be read: the database did not answer. Try again."
SPLIT_LINES = 13  # the list and preview's height, in lines of text: a seal line, the
# preview's buttons and some of the page; a header and eight rows of the list
CHOOSE_ONE = "Choose a document in the list to see it here."
SHOWN = 500  # the newest documents found are listed (and checked); a search finds older ones
MORE_THAN_SHOWN = (
    f"The newest {SHOWN} documents are listed. To find an older one, search by name, date "
    "of birth or MRN, or give the days it was made."
)


@dataclass
class RecordsCalls:
    """The records page's service calls, each made for the person logged in."""

    filing: ChartFiling
    export_fhir: Callable[[str], bytes]  # intake id -> the Bundle file's bytes
    export_csv: Callable[[dt.date, dt.date], bytes]  # a date range -> the CSV file's bytes
    record_print: Callable[[Path, str, bool], None]  # the PDF, the printer, whether it took it
    may_file: bool
    may_export: bool


class RecordsFilters(QWidget):
    """Search words, a date range, a type, and whether filed documents are listed too."""

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, date of birth or MRN")
        self.search.setAccessibleName("Search by name, date of birth or MRN")
        self.made_from, self.made_to = QLineEdit(), QLineEdit()
        for field, words in ((self.made_from, "From"), (self.made_to, "To")):
            field.setPlaceholderText(f"{words} YYYY-MM-DD")
            field.setAccessibleName("Made from (year-month-day)" if words == "From" else
                                    "Made until (year-month-day)")  # fmt: skip
        self.doctype = QComboBox()
        self.doctype.setAccessibleName("Type of document")
        self.doctype.addItem("Every type", None)
        for code, words in DOCTYPES.items():
            self.doctype.addItem(words[0].upper() + words[1:], code)
        self.include_filed = QCheckBox("Show filed ones too")
        self.search_button = QPushButton("Search")
        # The dates, type and checkbox wrap at 200% text; the search has a row of its own.
        first, second = FlowRow(), QHBoxLayout()
        for widget in (self.made_from, self.made_to, self.doctype, self.include_filed):
            first.addWidget(widget)
        second.addWidget(self.search, 1)
        second.addWidget(self.search_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(first)
        column.addLayout(second)
        self.fit_dates()

    def fit_dates(self) -> None:
        """The date fields as wide as their example, at the text size shown now."""
        for field in (self.made_from, self.made_to):
            field.setFixedWidth(field.fontMetrics().horizontalAdvance("From YYYY-MM-DD") + 48)

    def shown(self) -> DocumentSearch:
        """The search the fields describe; ``ValueError`` in words for a date that is not one."""
        doctype = self.doctype.currentData()
        return DocumentSearch(
            text=self.search.text().strip(),
            made_from=_day(self.made_from.text(), "From"),
            made_to=_day(self.made_to.text(), "To"),
            doctypes=frozenset({doctype}) if doctype else frozenset(),
        )


def _day(text: str, field: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"“{field}” is not a date: write it as 2026-11-01.") from None


class RecordsPage(QWidget):
    """The documents to file, their checks, a preview, and what a clerk does with them."""

    def __init__(self, calls: RecordsCalls, background: Background) -> None:
        super().__init__()
        self.calls, self.background = calls, background
        self.documents: list[UnfiledDocument] = []
        self.checks: dict[str, SealStatus] = {}
        self._listing = 0  # which listing the checks that arrive belong to
        self.cancel_filing: Callable[[], None] = lambda: None  # the running batch's Cancel
        self.filters = RecordsFilters()
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        self.table = self._table()
        self.preview = DocumentPreview(nothing=CHOOSE_ONE)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._fit_heights()
        self.file = named(QPushButton("File the selected documents"), "primary")
        self.refile = QPushButton("File again")
        self.export_fhir = QPushButton("Export as FHIR…")
        self.export_csv = QPushButton("Export answers as CSV…")
        self.print = QPushButton("Print…")
        buttons = QWidget()
        actions = FlowRow(buttons)  # wraps at 200% text instead of widening the page
        for button in (self.file, self.refile, self.print, self.export_fhir, self.export_csv):
            actions.addWidget(button)
        self.progress = FilingProgress()
        self.action_row = QStackedWidget()  # the buttons, or a batch's progress in their place
        self.action_row.addWidget(buttons)
        self.action_row.addWidget(self.progress)
        self.progress.cancel.clicked.connect(self._cancel)
        column = QVBoxLayout(self)
        column.addWidget(named(QLabel("Documents to file into the chart"), "title"))
        column.addWidget(self.filters)
        column.addWidget(split, 1)
        column.addWidget(self.message)  # next to the buttons: at 200% text the page
        column.addWidget(self.action_row)  # scrolls, and the outcome stays in view
        self.setFocusProxy(self.filters.search)
        self._connect()
        self._update_actions()
        self.refresh()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels(COLUMNS)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setAccessibleName("Documents to file, newest first")
        return table

    def _connect(self) -> None:
        filters = self.filters
        filters.search_button.clicked.connect(self.refresh)
        filters.search.returnPressed.connect(self.refresh)
        filters.made_from.returnPressed.connect(self.refresh)
        filters.made_to.returnPressed.connect(self.refresh)
        filters.doctype.currentIndexChanged.connect(self.refresh)
        filters.include_filed.toggled.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.file.clicked.connect(lambda: file_selected(self, refile=False))
        self.refile.clicked.connect(lambda: file_selected(self, refile=True))
        self.export_fhir.clicked.connect(lambda: ask_fhir(self))
        self.export_csv.clicked.connect(lambda: ask_csv(self))
        self.print.clicked.connect(lambda: ask_print(self))

    # -- listing and checking ---------------------------------------------------------

    def refresh(self, *, keep_message: bool = False) -> None:
        """List the documents the filters find (off the GUI thread), then check each
        (``keep_message``: the message line keeps what it says, e.g. a batch's outcome)."""
        try:
            search = self.filters.shown()
        except ValueError as problem:
            self.say(str(problem))
            return
        include_filed = self.filters.include_filed.isChecked()
        self._listing += 1
        listing = self._listing
        self.background.run(
            lambda: self.calls.filing.unfiled(search, include_filed=include_filed, limit=SHOWN),
            lambda documents: self._show(listing, documents, keep_message),
            lambda _error: self.say(CANNOT_READ),
            owner=self,
        )

    def _show(self, listing: int, documents: list[UnfiledDocument], keep_message: bool) -> None:
        if listing != self._listing:
            return  # a newer search was asked for meanwhile
        self.documents, self.checks = documents, {}
        self.table.setRowCount(len(documents))
        for row, document in enumerate(documents):
            for column, text in enumerate(_cells(document)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        count = len(documents)
        if not keep_message:
            found = f"{count} document{'s' if count != 1 else ''}"
            if count == SHOWN:
                found = MORE_THAN_SHOWN
            self.say(found if count else NOTHING_FOUND, problem=False)
        self._fit_columns()
        for document in documents:
            self._check(listing, document.document_id)
        self._update_actions()

    def _check(self, listing: int, document_id: str) -> None:
        self.background.run(
            lambda: self.calls.filing.check(document_id),
            lambda status: self._checked(listing, status),
            lambda _error: None,  # the row keeps "checking"; filing checks again anyway
            owner=self,
        )

    def _checked(self, listing: int, status: SealStatus) -> None:
        if listing != self._listing:
            return
        self.checks[status.document_id] = status
        row = self.row_of(status.document_id)
        if row is None:
            return
        item = QTableWidgetItem(CHECK_WORDS.get(status.state, status.state))
        item.setToolTip(status.words)
        if status.state in FAILING:
            item.setForeground(QBrush(QColor("#8a1010")))
            item.setBackground(QBrush(QColor("#fde8e8")))
        self.table.setItem(row, CHECK_COLUMN, item)
        if self.selected() and self.selected()[0].document_id == status.document_id:
            self.preview.show_seal_status(status)
        self._update_actions()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it by this name
        """A new text size or contrast: the columns and date fields are measured again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.filters.fit_dates()
            self._fit_heights()
            self._fit_columns()

    def _fit_heights(self) -> None:
        """The list and preview keep one height, whether a document is shown (with its
        seal line) or not, and the message line keeps room for two lines: at 200% text
        the page scrolls, and the buttons under them would otherwise move down when a
        row is chosen or a message appears."""
        lines = self.fontMetrics().lineSpacing()
        self.split.setMinimumHeight(lines * SPLIT_LINES)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 12)

    def _fit_columns(self) -> None:
        """Each column as wide as its words, but a long name no wider than ``NAME_CHARACTERS``
        (whole in its tooltip), so the date the document was made stays in view."""
        self.table.resizeColumnsToContents()
        widest = self.table.fontMetrics().averageCharWidth() * NAME_CHARACTERS
        patient = COLUMNS.index("Patient")
        self.table.setColumnWidth(patient, min(self.table.columnWidth(patient), widest))

    # -- selection ----------------------------------------------------------------

    def row_of(self, document_id: str) -> int | None:
        ids = [document.document_id for document in self.documents]
        return ids.index(document_id) if document_id in ids else None

    def selected(self) -> list[UnfiledDocument]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.documents[row] for row in rows if row < len(self.documents)]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            document = chosen[0]
            self.preview.show_document(document.path, self.checks.get(document.document_id))
        elif not chosen:
            self.preview.show_document(None, None)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.selected()
        waiting = [d for d in chosen if d.filed_at is None]
        filed = [d for d in chosen if d.filed_at is not None]
        self.file.setEnabled(self.calls.may_file and bool(waiting))
        self.file.setText(
            f"File {len(waiting)} selected" if waiting else "File the selected documents"
        )
        self.refile.setEnabled(self.calls.may_file and bool(filed))
        self.export_fhir.setEnabled(self.calls.may_export and len(chosen) == 1)
        self.print.setEnabled(len(chosen) == 1)
        self.export_csv.setEnabled(self.calls.may_export)

    def busy(self, filing: bool) -> None:
        """While a batch is filed its progress takes the buttons' place, and nothing else
        is filed or searched from this page."""
        self.action_row.setCurrentIndex(1 if filing else 0)
        self.filters.setEnabled(not filing)
        if not filing:
            self._update_actions()

    def _cancel(self) -> None:
        self.progress.cancel.setEnabled(False)
        self.progress.label.setText("Stopping after this file…")
        self.cancel_filing()

    def failing(self, documents: list[UnfiledDocument]) -> list[UnfiledDocument]:
        """The documents whose check failed: they are not filed."""
        failed = {i for i, status in self.checks.items() if status.state in FAILING}
        return [d for d in documents if d.document_id in failed]

    def say(self, text: str, *, problem: bool = True) -> None:
        self.message.setText(text)
        restyled(self.message, "error" if problem else "muted")


def _cells(document: UnfiledDocument) -> Iterator[str]:
    yield f"{document.created_at.astimezone():%Y-%m-%d %H:%M}"
    yield "checking…"
    yield document.kind_words[0].upper() + document.kind_words[1:]
    yield document.patient_name
    yield document.born.isoformat()
    yield document.mrn or ""
    filed = document.filed_at
    yield (
        "not yet"
        if filed is None
        else f"{filed.astimezone():%Y-%m-%d %H:%M} by {document.filed_by}"
    )
