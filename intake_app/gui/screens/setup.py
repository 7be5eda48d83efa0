"""The first run: the clinic's name and its first administrator, typed on the tablet.

Shown instead of the locked screen while no active administrator exists. Each
field says its own problem under it, in room kept for the longest problem that
field can have, so nothing moves when one appears. Passwords and PINs are never
shown; the PIN fields take digits only. There is no default password.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.screens.pin_pad import PIN_MAX
from intake_app.gui.touch import Message, button, label, scrolling
from intake_app.staff.first_admin import (
    CLINIC_NAME,
    DISPLAY_NAME,
    PASSWORD,
    PASSWORD_AGAIN,
    PIN,
    PIN_AGAIN,
    USER_NAME,
    FirstAdmin,
    longest_problems,
    pin_rule,
)


class SetupScreen(QWidget):
    """Clinic name, the person's name, user name, password twice, PIN twice, and whether
    they also work with patients (the nurse role); emits a ``FirstAdmin``."""

    set_up_requested = Signal(object)  # FirstAdmin

    def __init__(
        self, clinic_name: str, general_problems: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addWidget(label(self.tr("Set up this tablet"), "clinicName", content))
        lead = self.tr(
            "No administrator yet. Type the clinic's name and your own account: you will "
            "manage the staff accounts. Choose your own password; none is set in advance."
        )
        layout.addWidget(label(lead, "lead", content))
        self.fields: dict[str, QLineEdit] = {}
        self.problems: dict[str, Message] = {}
        layout.addLayout(self._form(content, clinic_name))
        layout.addWidget(self._nurse(content))
        self.problem = Message("problem", content, lines=0)  # a problem of no one field
        self.problem.reserve(*general_problems)
        layout.addWidget(self.problem)
        layout.addLayout(self._set_up_row(content))
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def _form(self, parent: QWidget, clinic_name: str) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(16)
        cells = [
            (CLINIC_NAME, self.tr("Clinic name"), self.tr("printed on every chart document")),
            (DISPLAY_NAME, self.tr("Your name"), self.tr("as it is printed on records")),
            (USER_NAME, self.tr("Your user name"), self.tr("what you sign in with")),
            (PASSWORD, self.tr("Password"), self.tr("at least 10 characters")),
            (PASSWORD_AGAIN, self.tr("Password again"), self.tr("the same password")),
            (PIN, self.tr("Tablet PIN"), self.tr("4 to 8 digits, to unlock the tablet")),
            (PIN_AGAIN, self.tr("PIN again"), self.tr("the same PIN")),
        ]
        places = [(0, 0, 2), (1, 0, 1), (1, 1, 1), (2, 0, 1), (2, 1, 1), (3, 0, 1), (3, 1, 1)]
        reserved = longest_problems()
        for (key, name, hint), (row, column, span) in zip(cells, places, strict=True):
            cell = self._cell(parent, key, name, hint, reserved[key])
            grid.addWidget(cell, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            grid.setColumnStretch(column, 1)
        self.fields[CLINIC_NAME].setText(clinic_name)
        return grid

    def _cell(
        self, parent: QWidget, key: str, name: str, hint: str, problems: list[str]
    ) -> QWidget:
        """A field's name and hint above it, its problem under it."""
        cell = QWidget(parent)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(label(self.tr("{name} ({hint})").format(name=name, hint=hint), "", cell))
        field = QLineEdit(cell)  # no maximum length: a rule says what is too long
        field.setAccessibleName(name)
        field.setAccessibleDescription(hint)
        if key in (PASSWORD, PASSWORD_AGAIN, PIN, PIN_AGAIN):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        if key in (PIN, PIN_AGAIN):
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            field.setMaxLength(PIN_MAX)
        if key == USER_NAME:
            field.setInputMethodHints(
                Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
            )
        field.textEdited.connect(lambda _text, k=key: self.problems[k].say(None))
        field.returnPressed.connect(self._submit)  # Enter on a keyboard: as Set up
        column.addWidget(field)
        problem = Message("problem", cell, lines=0)
        problem.reserve(*problems)
        column.addWidget(problem)
        self.fields[key], self.problems[key] = field, problem
        if key in (PIN, PIN_AGAIN):
            field.textEdited.connect(lambda text, k=key: self._digits_only(k, text))
        return cell

    def _digits_only(self, key: str, text: str) -> None:
        """A letter typed in a PIN is taken out at once, and the rule said under the field
        (a PIN is typed on the unlock keypad's digits later)."""
        digits = "".join(c for c in text if c in "0123456789")
        if digits != text:
            field = self.fields[key]
            field.setText(digits)
            self.problems[key].say(pin_rule())

    def _nurse(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 8, 0, 8)
        self.nurse = QCheckBox(self.tr("I also work with patients on this tablet"), box)
        self.nurse.setChecked(True)
        about = self.tr(
            "The nurse role as well: you can start intakes and let a held patient go on. "
            "Untick it if you only manage the staff accounts."
        )
        self.nurse.setAccessibleName(self.tr("I also work with patients on this tablet"))
        self.nurse.setAccessibleDescription(about)
        column.addWidget(self.nurse)
        column.addWidget(label(about, "help", box))
        return box

    def _set_up_row(self, parent: QWidget) -> QHBoxLayout:
        self.set_up = button(
            self.tr("Set up"),
            parent,
            primary=True,
            description=self.tr("Save the clinic's name and your account, then lock the tablet."),
        )
        self.set_up.clicked.connect(self._submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.set_up)
        return row

    def _submit(self) -> None:
        text = {key: field.text() for key, field in self.fields.items()}
        self.set_up_requested.emit(
            FirstAdmin(
                clinic_name=text[CLINIC_NAME],
                display_name=text[DISPLAY_NAME],
                user_name=text[USER_NAME],
                password=text[PASSWORD],
                password_again=text[PASSWORD_AGAIN],
                pin=text[PIN],
                pin_again=text[PIN_AGAIN],
                nurse=self.nurse.isChecked(),
            )
        )

    def show_problems(self, problems: dict[str, str], general: str | None = None) -> None:
        """Each field's problem under it (the others cleared), and one of no field; the
        password and PIN fields with a problem are emptied, to be typed again."""
        for key, message in self.problems.items():
            message.say(problems.get(key))
        self.problem.say(general)
        for pair in ((PASSWORD, PASSWORD_AGAIN), (PIN, PIN_AGAIN)):
            if any(key in problems for key in pair):
                for key in pair:
                    self.fields[key].clear()
        first = next((self.fields[key] for key in self.fields if key in problems), None)
        if first is not None:
            first.setFocus()
