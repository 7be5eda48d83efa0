"""A large keypad for the staff PIN.

The keys sit beside the field, so the open keypad fits the tablet's 800 px with
the start screen around it; the problem line keeps its room, so a wrong PIN
moves no key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.theme import BASE_POINTS
from intake_app.gui.touch import OWN_KEYS, Message, button, hold_width, label

PIN_PAD_WIDTH = 640  # at 100% text; wider with the text, up to the widest below
PIN_PAD_WIDEST = 1100
WRONG_PIN = "wrong"
TOO_MANY_PINS = "too_many"


class PinPad(QWidget):
    """Digits, Delete, Cancel and OK; emits the PIN typed, then clears it."""

    pin_entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QWidget(self)  # centred in the pad, as wide as the text size asks
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(20)
        row.addLayout(self._entry(), 1)
        row.addLayout(self._keys(), 1)
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

    def _entry(self) -> QVBoxLayout:
        """The prompt, the field, Cancel, and the problem line under them."""
        column = QVBoxLayout()
        self.prompt = label(self.tr("Staff PIN"), "question", self.body, centred=True)
        column.addWidget(self.prompt)
        self.field = QLineEdit(self.body)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(12)
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.field.setAccessibleDescription(self.tr("Digits only. Kept secret."))
        self.field.returnPressed.connect(self._submit)
        self.field.setProperty(OWN_KEYS, True)  # typed on the keys beside it
        column.addWidget(self.field)
        self.cancel = button(self.tr("Cancel"), self.body, description=self.tr("Close the keypad."))
        self.cancel.clicked.connect(self._cancel)
        column.addWidget(self.cancel)
        self.problem = Message("problem", self.body, lines=0)
        self.problem.reserve(*self._problems().values())
        column.addWidget(self.problem)
        column.addStretch(1)
        return column

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
            self.tr("OK"), self.body, primary=True, description=self.tr("Check the PIN.")
        )
        self.ok.clicked.connect(self._submit)
        for index, key in enumerate([*digits[:9], delete, digits[9], self.ok]):
            keys.addWidget(key, index // 3, index % 3)
            if key is not self.ok:
                hold_width(key, [*"0123456789", "⌫"])  # keys of one size (OK as it needs)
        for column in range(3):
            keys.setColumnStretch(column, 1)
        keys.setRowStretch(4, 1)  # the keys stay together when the problem line is taller
        return keys

    def _problems(self) -> dict[str, str]:
        return {
            WRONG_PIN: self.tr("That PIN is not right. Please try again."),
            TOO_MANY_PINS: self.tr("Too many wrong PINs. Please wait one minute and try again."),
        }

    def _submit(self) -> None:
        pin = self.field.text()
        self.field.clear()
        self.pin_entered.emit(pin)

    def _cancel(self) -> None:
        self.field.clear()
        self.show_problem(None)
        self.cancelled.emit()

    def refuse(self, reason: str) -> None:
        """Say why the PIN was refused: WRONG_PIN or TOO_MANY_PINS."""
        self.show_problem(self._problems()[reason])

    def show_problem(self, message: str | None) -> None:
        self.problem.say(message)

    def start(self) -> None:
        self.show_problem(None)
        self.field.clear()
        self.field.setFocus()

    def open(self) -> None:
        """Unfold a folded keypad, empty and ready for the PIN, and scroll it into view."""
        self.show()
        self.start()
        QTimer.singleShot(0, self, self._scroll_into_view)

    def _scroll_into_view(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self, 0, 0)


def folded_pin_pad(parent: QWidget, entered: Callable[[str], None]) -> PinPad:
    """A keypad that stays hidden until staff ask for it, and folds away on Cancel."""
    pad = PinPad(parent)
    pad.hide()
    pad.pin_entered.connect(entered)
    pad.cancelled.connect(pad.hide)
    return pad
