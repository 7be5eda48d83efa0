"""The records clerk's page: the sealed documents on file, newest first, and whether each
was filed into the chart. (Filing and FHIR export come with the records desk.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.look import named
from intake_app.services.document_list import DocumentList

KIND_WORDS = {
    "chart_packet": "Chart document",
    "patient_copy": "Patient's copy",
    "withdrawal": "Withdrawal",
    "review_addendum": "Review addendum",
}
COLUMNS = ("Made", "Kind", "File", "Filed in the chart")


class RecordsPage(QWidget):
    """Every sealed document, newest first; read again with Refresh."""

    def __init__(self, documents: DocumentList, background: Background) -> None:
        super().__init__()
        self.documents, self.background = documents, background
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.message = named(QLabel(" "), "muted")
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        column = QVBoxLayout(self)
        column.addWidget(named(QLabel("Sealed documents"), "title"))
        column.addWidget(refresh)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.background.run(
            self.documents.oldest_first,
            self._show,
            lambda _error: self.message.setText(
                "The documents could not be read: the database did not answer. Try again."
            ),
            owner=self,
        )

    def _show(self, documents: list[Any]) -> None:
        documents = list(reversed(documents))
        self.message.setText(f"{len(documents)} documents")
        self.table.setRowCount(len(documents))
        for row, document in enumerate(documents):
            filed = document.filed_at
            cells = (
                f"{document.created_at.astimezone():%Y-%m-%d %H:%M}",
                KIND_WORDS.get(document.kind, document.kind),
                Path(document.path).name,
                "not yet" if filed is None else f"{filed.astimezone():%Y-%m-%d %H:%M}",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
