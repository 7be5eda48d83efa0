"""The administrator's page of form and consent versions, and publishing a new one.

Every version is listed: its kind, id and version, whether new intakes use it,
how many intakes used it, its file and SHA-256. "Publish a new version…" asks for
a YAML file, checks it off the GUI thread (as ``forms check`` does), says what
publishing will change, and publishes it only when the administrator agrees.
Everything goes through ``services.form_versions``, which checks the role and
writes the audit trail; nothing is ever deleted or replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.form_files.source import FormFileError
from intake_app.gui.background import Background
from intake_app.gui.desk.look import named, restyled
from intake_app.services.form_versions import (
    FormVersion,
    FormVersions,
    NewVersion,
    Published,
    PublishRefused,
)

COLUMNS = ("Kind", "Form", "Version", "Status", "Intakes", "File", "SHA-256")
TABLE_ROWS = 6  # the list's least height, in rows: more scroll inside it
SHOWN_PROBLEMS = 12  # more are counted, not listed: the page stays readable
ABOUT = (
    "A new intake uses the newest active version of each form and consent; an intake "
    "keeps the version it began on. A published version is never changed or deleted: "
    "to change a text, publish it with a higher version. Other stations use a new "
    "version once they are started again."
)


class FormVersionsPage(QWidget):
    """Every version, and publishing a new one. ``published()`` after each publication
    (the desk reloads its forms, so its next look at an intake finds the new version)."""

    def __init__(
        self,
        versions: FormVersions,
        background: Background,
        published: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.versions, self.background = versions, background
        self.on_published = published
        self.source: Path | None = None  # the file being checked or published
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.publish = QPushButton("Publish a new version…")
        self.about = named(QLabel(ABOUT), "muted")
        self.about.setWordWrap(True)
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.publish)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        title = named(QLabel("Form and consent versions"), "title")
        title.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(self.about)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        self.publish.clicked.connect(self.choose_file)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it by this name
        """A new text size or contrast: the columns and the list's height are measured
        again (at 200% text the page scrolls down; the list keeps room for its rows)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()

    def _fit(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        lines = self.table.fontMetrics().lineSpacing()
        self.table.setMinimumHeight(lines * 2 * (TABLE_ROWS + 1))

    def refresh(self) -> None:
        self._run(self.versions.listed, self._show)

    def choose_file(self) -> None:
        """Ask for the YAML file, then check it off the GUI thread."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose the form file to publish", "", "Form files (*.yaml *.yml)"
        )
        if not chosen:
            return
        source = self.source = Path(chosen)
        self._say(f"Checking {source.name}…")
        self.publish.setEnabled(False)
        self._run(lambda: self.versions.check_new(source), self._confirm)

    def _confirm(self, new: NewVersion) -> None:
        question = (
            f"Publish {new.source.name} as version {new.version} of the {new.kind} "
            f"{new.form_id}?\n\n{new.what_changes()}\n\n"
            "A published version can never be changed or deleted."
        )
        answer = QMessageBox.question(self, "Publish a new version", question)
        if answer != QMessageBox.StandardButton.Yes:
            self._say("Nothing was published.")
            self.publish.setEnabled(True)
            return
        self._run(lambda: self.versions.publish(new.source), self._published)

    def _published(self, published: Published) -> None:
        new = published.new
        self._say(f"Version {new.version} of {new.form_id} is published. {new.what_changes()}")
        if self.on_published is not None:
            self.on_published()
        self.refresh()

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        def done(result: Any) -> None:
            self.publish.setEnabled(True)
            then(result)

        self.background.run(work, done, self._refused, owner=self)

    def _refused(self, error: Exception) -> None:
        self.publish.setEnabled(True)
        self._say(_problem(error, self.source), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        restyled(self.message, "error" if error else "muted")

    def _show(self, versions: list[FormVersion]) -> None:
        self.table.setRowCount(len(versions))
        for row, version in enumerate(versions):
            cells = (
                version.kind, version.form_id, version.version, version.status_words,
                str(version.intakes), version.file_name, version.sha256[:12] + "…",
            )  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            hash_cell = self.table.item(row, len(COLUMNS) - 1)
            if hash_cell is not None:
                hash_cell.setToolTip(version.sha256)
            origin = "published by the clinic" if version.published else "shipped with the app"
            file_cell = self.table.item(row, len(COLUMNS) - 2)
            if file_cell is not None:
                file_cell.setToolTip(origin)
        self._fit()


def _problem(error: Exception, source: Path | None) -> str:
    """A refusal with every problem (file and line), in the service's words; anything
    else without details. The chosen file is named once, each problem in it by its line
    (a long folder name, repeated, would make the page wider than the window)."""
    if isinstance(error, PublishRefused):
        if source is None:
            return _listed("Nothing was published:", error.problems)
        problems = [_in_file(problem, source) for problem in error.problems]
        return _listed(f"Nothing was published from {source.name}:", problems)
    if isinstance(error, FormFileError):
        heading = "The form files on this computer have problems; fix them first:"
        return _listed(heading, [str(problem) for problem in error.problems])
    if isinstance(error, (ValueError, PermissionError)):
        return str(error)
    if isinstance(error, OSError):
        return f"That could not be done: the forms folder could not be written ({error.strerror})."
    return "That could not be done: the database did not answer. Try again."


def _listed(heading: str, problems: list[str]) -> str:
    shown = problems[:SHOWN_PROBLEMS]
    lines = [heading, *shown]
    if len(problems) > len(shown):
        more = len(problems) - len(shown)
        lines.append(f"…and {more} more (intake-app forms check FILE lists them all).")
    return "\n".join(lines)


def _in_file(problem: str, source: Path) -> str:
    """``/long/folder/new.yaml:3: message`` as ``line 3: message``."""
    prefix = f"{source}:"
    if not problem.startswith(prefix):
        return problem
    line, _, message = problem[len(prefix) :].partition(": ")
    return f"line {line}: {message}" if line.isdigit() else message
