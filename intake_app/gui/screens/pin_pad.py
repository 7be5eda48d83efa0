"""Staff unlock the tablet with their own account: a user name above the PIN, large keys.

The user name takes one row across the pad, its field above the PIN's; the keys
sit beside the PIN field, so the open keypad fits the tablet's 800 px with the
start screen around it. The problem line runs across the pad under the keys (a
few lines even at 200% text) and keeps room for its longest text, so a refusal
moves no key.

The keypad only collects what staff type: the controller checks it
(``staff.sign_in.unlock_with_pin``) and says why it was refused through
``refused`` or ``not_permitted``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from intake_app.gui.theme import BASE_POINTS
from intake_app.gui.touch import OWN_KEYS, Message, button, hold_width, label
from intake_app.services.permissions import Permission
from intake_app.staff.rules import USER_NAME_LIMIT
from intake_app.staff.sign_in import Refusal, SignIn, clock_time

PIN_PAD_WIDTH = 640  # at 100% text; wider with the text, up to the widest below
PIN_PAD_WIDEST = 1100
PIN_MAX = 8  # a tablet PIN is 4 to 8 digits (staff.rules)
_LONGEST_TIME = "2000-12-31 23:59"  # "locked until" a time on another day


class PinPad(QWidget):
    """User name, PIN, Delete, Cancel and OK; emits the user name and PIN, then clears the
    PIN (the user name stays for another try)."""

    unlock_requested = Signal(str, str)  # user name, PIN
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QWidget(self)  # centred in the pad, as wide as the text size asks
        grid = QGridLayout(self.body)  # labels | fields | keys
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(20)
        self._user_name_row(grid, 0)
        self._pin_rows(grid, 1)
        grid.addLayout(self._keys(), 1, 2, 3, 1)
        grid.setRowStretch(3, 1)  # Cancel stays under the PIN however tall the keys are
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        self.problem = Message("problem", self.body, lines=0)
        self.problem.reserve(*self._problems())
        grid.addWidget(self.problem, 4, 0, 1, 3)
        centre = QHBoxLayout(self)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addStretch(1)
        centre.addWidget(self.body)
        centre.addStretch(1)
        self._fit_width()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()

    def _fit_width(self) -> None:
        """Wider as the text grows, so the problem line beside the keys keeps a few words a
        line."""
        grown = PIN_PAD_WIDTH * self.font().pointSizeF() / BASE_POINTS
        self.body.setFixedWidth(round(min(max(grown, PIN_PAD_WIDTH), PIN_PAD_WIDEST)))

    def _user_name_row(self, grid: QGridLayout, row: int) -> None:
        """The user name, typed on the tablet's own keyboard, across the pad."""
        self.prompt = label(self.tr("User name"), "question", self.body)  # the pad's top
        self.prompt.setWordWrap(False)
        grid.addWidget(self.prompt, row, 0)
        self.user_name = QLineEdit(self.body)
        self.user_name.setMaxLength(USER_NAME_LIMIT)
        self.user_name.setAccessibleName(self.tr("User name"))
        self.user_name.setAccessibleDescription(self.tr("Your own user name."))
        self.user_name.setInputMethodHints(
            Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.user_name.returnPressed.connect(self._to_pin)
        self.user_name.textEdited.connect(lambda: self.show_problem(None))
        grid.addWidget(self.user_name, row, 1, 1, 2)

    def _pin_rows(self, grid: QGridLayout, row: int) -> None:
        """The PIN under the user name, and Cancel under it, beside the keys."""
        pin_label = label(self.tr("Your PIN"), "question", self.body)
        pin_label.setWordWrap(False)
        grid.addWidget(pin_label, row, 0)
        self.field = QLineEdit(self.body)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(PIN_MAX)
        self.field.setAccessibleName(self.tr("Your PIN"))
        self.field.setAccessibleDescription(self.tr("Digits only. Kept secret."))
        self.field.returnPressed.connect(self._submit)
        self.field.setProperty(OWN_KEYS, True)  # typed on the keys beside it
        grid.addWidget(self.field, row, 1)
        self.cancel = button(self.tr("Cancel"), self.body, description=self.tr("Close the keypad."))
        self.cancel.clicked.connect(self._cancel)
        grid.addWidget(self.cancel, row + 1, 0, 1, 2, Qt.AlignmentFlag.AlignTop)

    def _keys(self) -> QGridLayout:
        keys = QGridLayout()
        keys.setSpacing(10)
        digits = []
        for digit in "1234567890":
            key = button(digit, self.body, description=self.tr("PIN digit"))
            key.clicked.connect(lambda _c=False, d=digit: self.field.insert(d))
            digits.append(key)
        delete = button(
            "⌫", self.body, name=self.tr("Delete"), description=self.tr("Remove the last digit.")
        )
        delete.clicked.connect(self.field.backspace)
        self.ok = button(
            self.tr("OK"),
            self.body,
            primary=True,
            description=self.tr("Unlock with this user name and PIN."),
        )
        self.ok.clicked.connect(self._submit)
        for index, key in enumerate([*digits[:9], delete, digits[9], self.ok]):
            keys.addWidget(key, index // 3, index % 3)
            if key is not self.ok:
                hold_width(key, [*"0123456789", "⌫"])  # keys of one size (OK as it needs)
        for column in range(3):
            keys.setColumnStretch(column, 1)
        return keys

    # --- what staff are told -------------------------------------------------------------

    def _wrong(self) -> str:
        return self.tr("The user name or the PIN is wrong.")

    def _locked(self, until: str) -> str:
        return self.tr(
            "Too many wrong tries: this account is locked until {time}. "
            "An administrator can unlock it sooner."
        ).format(time=until)

    def _inactive(self) -> str:
        return self.tr("This account is deactivated: an administrator can reactivate it.")

    def _no_user_name(self) -> str:
        return self.tr("Type your user name, then your PIN.")

    def _no_pin(self) -> str:
        return self.tr("Enter your PIN on the keys.")

    def _not_permitted(self) -> dict[Permission, str]:
        return {
            Permission.START_INTAKE: self.tr(
                "Only a nurse, a clinician or records staff can unlock this."
            ),
            Permission.RELEASE_HOLD: self.tr(
                "Only a nurse or a clinician can let the patient go on."
            ),
        }

    def _problems(self) -> list[str]:
        """Every text the problem line may show, the longest "locked until" included."""
        fixed = [self._wrong(), self._inactive(), self._no_user_name(), self._no_pin()]
        return [*fixed, self._locked(_LONGEST_TIME), *self._not_permitted().values()]

    def refused(self, sign_in: SignIn, now: dt.datetime) -> None:
        """Say why the user name and PIN did not unlock: wrong, locked until when (this
        tablet's clock), or deactivated (the words of ``staff.sign_in``)."""
        if sign_in.refusal is Refusal.LOCKED and sign_in.locked_until is not None:
            self.show_problem(self._locked(clock_time(sign_in.locked_until, now)))
        elif sign_in.refusal is Refusal.INACTIVE:
            self.show_problem(self._inactive())
        else:
            self.show_problem(self._wrong())

    def not_permitted(self, permission: Permission) -> None:
        """The PIN was right, but the person's roles do not allow what this screen leads to."""
        self.show_problem(self._not_permitted()[permission])

    # --- typing --------------------------------------------------------------------------

    def _to_pin(self) -> None:
        self.field.setFocus()

    def _submit(self) -> None:
        user_name, pin = self.user_name.text().strip(), self.field.text()
        self.field.clear()
        if not user_name:
            self.show_problem(self._no_user_name())
            self.user_name.setFocus()
        elif not pin:
            self.show_problem(self._no_pin())
        else:
            self.unlock_requested.emit(user_name, pin)

    def _cancel(self) -> None:
        self._clear()
        self.cancelled.emit()

    def _clear(self) -> None:
        self.user_name.clear()
        self.field.clear()
        self.show_problem(None)

    def show_problem(self, message: str | None) -> None:
        self.problem.say(message)

    def start(self) -> None:
        """Empty, with the user name to type first."""
        self._clear()
        self.user_name.setFocus()

    def open(self) -> None:
        """Unfold a folded keypad, empty and ready for the user name, and scroll it into
        view."""
        self.show()
        self.start()
        QTimer.singleShot(0, self, self._scroll_into_view)

    def _scroll_into_view(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self, 0, 0)


def folded_pin_pad(parent: QWidget, entered: Callable[[str, str], None]) -> PinPad:
    """A keypad that stays hidden until staff ask for it, and folds away on Cancel."""
    pad = PinPad(parent)
    pad.hide()
    pad.unlock_requested.connect(entered)
    pad.cancelled.connect(pad.hide)
    return pad
