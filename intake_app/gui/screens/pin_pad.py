"""A large keypad for the staff PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from intake_app.gui.touch import button, label

PIN_PAD_WIDTH = 640


class PinPad(QWidget):
    """Digits, Delete, Cancel and OK; emits the PIN typed, then clears it."""

    pin_entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.prompt = label(self.tr("Staff PIN"), "question", self, centred=True)
        self.prompt.setWordWrap(False)  # short; a wrapped label misleads the keypad's layout
        layout.addWidget(self.prompt)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(12)
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.field.setAccessibleDescription(self.tr("Digits only. Kept secret."))
        self.field.returnPressed.connect(self._submit)
        layout.addWidget(self.field)
        self.problem = label("", "problem", self)
        self.problem.hide()
        layout.addWidget(self.problem)
        keys = QGridLayout()
        keys.setSpacing(10)
        for index, digit in enumerate("123456789"):
            key = button(digit, self, description=self.tr("PIN digit"))
            key.clicked.connect(lambda _c=False, d=digit: self.field.insert(d))
            keys.addWidget(key, index // 3, index % 3)
        delete = button(
            "⌫", self, name=self.tr("Delete"), description=self.tr("Remove the last digit.")
        )
        delete.clicked.connect(self.field.backspace)
        keys.addWidget(delete, 3, 0)
        zero = button("0", self, description=self.tr("PIN digit"))
        zero.clicked.connect(lambda: self.field.insert("0"))
        keys.addWidget(zero, 3, 1)
        self.ok = button(self.tr("OK"), self, primary=True, description=self.tr("Check the PIN."))
        self.ok.clicked.connect(self._submit)
        keys.addWidget(self.ok, 3, 2)
        layout.addLayout(keys)
        self.cancel = button(self.tr("Cancel"), self, description=self.tr("Close the keypad."))
        self.cancel.clicked.connect(self._cancel)
        layout.addWidget(self.cancel)

    def _submit(self) -> None:
        pin = self.field.text()
        self.field.clear()
        self.pin_entered.emit(pin)

    def _cancel(self) -> None:
        self.field.clear()
        self.show_problem(None)
        self.cancelled.emit()

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

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
            parent.ensureWidgetVisible(self)


def folded_pin_pad(parent: QWidget, entered: Callable[[str], None]) -> PinPad:
    """A keypad that stays hidden until staff ask for it, and folds away on Cancel."""
    pad = PinPad(parent)
    pad.setMaximumWidth(PIN_PAD_WIDTH)
    pad.hide()
    pad.pin_entered.connect(entered)
    pad.cancelled.connect(pad.hide)
    return pad
