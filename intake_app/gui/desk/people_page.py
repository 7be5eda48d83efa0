"""The administrator's page: the people on the staff, their roles, and their accounts.

Accounts are never deleted (what a person did stays theirs): they are deactivated.
Every change goes through ``services.people``, which checks the administrator's
role and writes the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.look import named
from intake_app.services.people import NewPerson, People, PersonOnFile

ROLES = (
    ("nurse", "Nurse"),
    ("clinician", "Clinician (may decide on STOP flags)"),
    ("records", "Records"),
    ("admin", "Administrator"),
)
COLUMNS = ("User name", "Name", "Roles", "Account", "Tablet PIN")


def _account_words(person: PersonOnFile) -> str:
    if not person.active:
        return "deactivated"
    if person.locked_until is not None:
        return f"locked until {person.locked_until.astimezone():%H:%M}"
    return "active"


class PasswordFields(QWidget):
    """A password typed twice; ``problem()`` says what is wrong, in words."""

    def __init__(self, form: QFormLayout) -> None:
        super().__init__()
        self.first, self.again = QLineEdit(), QLineEdit()
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Password", self.first)
        form.addRow("Password again", self.again)

    def problem(self) -> str:
        if not self.first.text():
            return "Type the password."
        if self.first.text() != self.again.text():
            return "The two passwords are not the same."
        return ""


class PersonDialog(QDialog):
    """Add a person: name as printed, user name, roles, and a first password."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a person")
        form = QFormLayout()
        self.name, self.user_name = QLineEdit(), QLineEdit()
        form.addRow("Name as printed", self.name)
        form.addRow("User name", self.user_name)
        self.roles = {role: QCheckBox(words) for role, words in ROLES}
        roles = QVBoxLayout()
        for box in self.roles.values():
            roles.addWidget(box)
        form.addRow("Roles", roles)
        self.password = PasswordFields(form)
        self.message = named(QLabel(), "error")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(buttons)

    def new_person(self) -> NewPerson:
        roles = [role for role, box in self.roles.items() if box.isChecked()]
        return NewPerson(
            self.name.text().strip(), self.user_name.text().strip(), roles,
            self.password.first.text(),
        )  # fmt: skip

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _check(self) -> None:
        problem = self.password.problem()
        if not any(box.isChecked() for box in self.roles.values()):
            problem = "Choose at least one role."
        if problem:
            self.show_problem(problem)
            return
        self.accept()


class PeoplePage(QWidget):
    """Every account, and what an administrator may do to one."""

    def __init__(self, people: People, background: Background) -> None:
        super().__init__()
        self.people, self.background = people, background
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.add = QPushButton("Add a person…")
        self.deactivate = QPushButton("Deactivate")
        self.reactivate = QPushButton("Reactivate")
        self.new_password = QPushButton("New password…")
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add, self.deactivate, self.reactivate, self.new_password):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(named(QLabel("People on the staff"), "title"))
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        self.add.clicked.connect(self.add_person)
        self.deactivate.clicked.connect(lambda: self._change(self.people.deactivate, "deactivated"))
        self.reactivate.clicked.connect(lambda: self._change(self.people.reactivate, "reactivated"))
        self.new_password.clicked.connect(self.give_new_password)
        self.refresh()

    def refresh(self) -> None:
        self._run(self.people.on_file, self._show)

    def selected_user_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        cell = self.table.item(rows[0].row(), 0) if rows else None
        return None if cell is None else cell.text()

    def add_person(self, dialog: PersonDialog | None = None) -> None:
        """Ask for the person; add them off the GUI thread (hashing the password takes a
        moment). A refusal (a rule, a user name taken) opens the dialog again with it."""
        dialog = dialog or PersonDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new = dialog.new_person()

        def refused(error: Exception) -> None:
            if isinstance(error, ValueError):  # AccountProblem, UserNameTaken: plain words
                dialog.show_problem(str(error))
                self.add_person(dialog)
            else:
                self.message.setText(_problem(error))

        self.background.run(
            lambda: self.people.add(new),
            lambda added: self._said(f"{added.display_name} was added."),
            refused,
            owner=self,
        )

    def give_new_password(self) -> None:
        user_name = self.selected_user_name()
        if user_name is None:
            self._said("Choose a person in the list first.")
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(f"New password for {user_name}")
        form = QFormLayout(dialog)
        fields = PasswordFields(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if fields.problem():
            self._said(fields.problem())
            return
        password = fields.first.text()
        self._run(
            lambda: self.people.reset_password(user_name, password),
            lambda reset: self._said(
                f"{reset.person.display_name} has a new password"
                + (" and can log in again." if reset.unlocked else ".")
            ),
        )

    def _change(self, change: Callable[[str], PersonOnFile], what: str) -> None:
        user_name = self.selected_user_name()
        if user_name is None:
            self._said("Choose a person in the list first.")
            return
        self._run(lambda: change(user_name), lambda p: self._said(f"{p.display_name} was {what}."))

    def _said(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.background.run(
            work, then, lambda error: self.message.setText(_problem(error)), owner=self
        )

    def _show(self, people: list[PersonOnFile]) -> None:
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            cells = (
                person.user_name, person.display_name, ", ".join(person.roles),
                _account_words(person), "set" if person.has_pin else "none",
            )  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()


def _problem(error: Exception) -> str:
    """A refused change in the service's own plain words; anything else without details."""
    if isinstance(error, (ValueError, PermissionError)):
        return str(error)
    return "That could not be done: the database did not answer. Try again."
