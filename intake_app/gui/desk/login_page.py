"""The desk's login: user name and password, and the refusal in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.desk.look import named, restyled


class LoginPage(QWidget):
    """Asks who is at the desk; ``log_in_requested(user_name, password)`` when they press
    Log in. The message line keeps its room whether or not it shows words, so nothing
    moves under the pointer when a refusal appears."""

    log_in_requested = Signal(str, str)

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = named(QFrame(), "card")
        card.setMaximumWidth(560)
        title = named(QLabel(clinic_name or "Staff desk"), "title")
        title.setWordWrap(True)
        self.user_name = QLineEdit()
        self.user_name.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.message = named(QLabel(" "), "error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setFixedHeight(self.message.fontMetrics().lineSpacing() * 3 + 16)
        self.message.setVisible(True)
        self.checking = False  # a password is being checked
        self.log_in = named(QPushButton("Log in"), "primary")
        self.log_in.setDefault(True)
        self.log_in.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.password.textEdited.connect(lambda _text: self.log_in.setEnabled(True))
        self.user_name.returnPressed.connect(self.password.setFocus)
        form = QFormLayout()
        form.addRow("User name", self.user_name)
        form.addRow("Password", self.password)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(32, 28, 32, 28)
        inside.setSpacing(16)
        inside.addWidget(title)
        inside.addWidget(QLabel("Staff desk: log in with your own user name and password."))
        inside.addLayout(form)
        inside.addWidget(self.message)
        inside.addWidget(self.log_in)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.clear()

    def clear(self, message: str = "") -> None:
        """Empty the fields (after a log-out, say why in ``message``)."""
        self.user_name.clear()
        self.password.clear()
        self.show_message(message)
        self.user_name.setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text or " ")
        restyled(self.message, "error" if text else "muted")

    def refused(self, text: str) -> None:
        """The password was not accepted: say why, keep the user name, empty the password.
        Log in waits for a new password, so a second tap on it does not replace the
        reason with "type your password"."""
        self.checking = False
        self.password.clear()
        self.show_message(text)
        self.log_in.setEnabled(False)
        self.password.setFocus()

    def _submit(self) -> None:
        user_name = self.user_name.text().strip()
        if not user_name or not self.password.text():
            self.show_message("Type your user name and your password.")
            return
        self.log_in.setEnabled(False)
        self.checking = True
        self.log_in_requested.emit(user_name, self.password.text())

    def ready(self) -> None:
        """The answer came back: Log in can be pressed again."""
        self.checking = False
        self.log_in.setEnabled(True)
