"""For staff, when the clinic settings file (or the database's version) keeps the app from
starting: what is wrong, where, what to do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from intake_app.gui.touch import button, keep_room, label, scrolling
from intake_app.settings_problems import SettingsProblem


class SettingsProblemScreen(QWidget):
    """The app cannot start yet: the file's path, each problem, Try again and Close the app.

    Nothing about patients is loaded or shown here, and Close the app asks for
    no PIN: staff accounts cannot be checked while the settings are broken (see
    ``AppStart._show_problem``).
    """

    retry_requested = Signal()
    close_requested = Signal()

    def __init__(
        self,
        path: Path | None,
        problems: Sequence[SettingsProblem],
        *,
        checked_again: bool = False,
        database: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``database``: the database, not the file, is what cannot be used (``path`` None):
        ``"version"``, at another version than the app's, or ``"unreached"``, out of reach;
        the problem's words say what to do."""
        super().__init__(parent)
        content = QWidget(self)  # scrolls when there are many problems
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("The app cannot start yet"), "clinicName", self))
        text = self.tr("For staff: the clinic settings file has a problem.")
        if database == "version":
            text = self.tr("For staff: the database is not at this app's version.")
        elif database:
            text = self.tr("For staff: the database could not be reached.")
        layout.addWidget(label(text, "lead", self))
        self.path = label("", "question", self)
        self.path.setText(self.tr("File: {path}").format(path=path))  # as typed, to copy
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.path)
        self.path.setVisible(path is not None)
        self.problems = [label(self._worded(p), "problem", self) for p in problems]
        for problem in self.problems:
            problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(problem)
        todo = self.tr("Open the file, fix the line, save it, then tap Try again.")
        if database:
            todo = self.tr("Once that is done, tap Try again.")
        layout.addWidget(label(todo, "lead", self))
        still = self.tr("Checked again: the file still has a problem.")
        if database == "version":
            still = self.tr("Checked again: the database is still not at this app's version.")
        elif database:
            still = self.tr("Checked again: the database still could not be reached.")
        self.still = label(still, "help", self)
        keep_room(self.still)  # Try again stays where the finger is
        self.still.setVisible(checked_again)
        layout.addWidget(self.still)
        self.try_again = button(
            self.tr("Try again"),
            self,
            primary=True,
            description=self.tr("Check the database again and start the app.")
            if database
            else self.tr("Read the clinic settings file again and start the app."),
        )
        self.try_again.clicked.connect(self.retry_requested)
        layout.addWidget(self.try_again)
        layout.addStretch(2)
        layout.addLayout(self._corner())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def _worded(self, problem: SettingsProblem) -> str:
        if problem.line is None:
            return problem.text
        return self.tr("Line {n}: {problem}").format(n=problem.line, problem=problem.text)

    def _corner(self) -> QHBoxLayout:
        self.close_app = button(
            self.tr("Close the app"),
            self,
            description=self.tr("For staff: quit the intake app, to fix the file."),
        )
        self.close_app.clicked.connect(self.close_requested)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.close_app)
        return corner
