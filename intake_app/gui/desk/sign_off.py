"""Signing the review: the decision, a note, the meaning being signed, and the password.

The password is asked again at every signature (21 CFR 11.200: both parts of the
signature given outside a continuous session); the check runs off the GUI
thread. Whatever the service refuses (a wrong password, a flag left, someone
who signed first, a decision the person's roles do not allow) is said here in
plain words, on a line whose room is kept so nothing moves under the pointer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.look import named, restyled
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import (
    DECISION_WORDS,
    ReviewProblem,
    Reviews,
    ReviewTaken,
    WrongPassword,
)

ONLY_CLINICIAN = (
    "Only a clinician may clear an intake with a STOP flag. Choose “needs a clinician's "
    "decision” to send it to them."
)


def refusal_words(error: Exception) -> str:
    """What the person is told when the signature is refused."""
    if isinstance(error, ReviewTaken):
        when = error.signed_at.astimezone()
        return (
            f"{error.signed_name} signed this review first, at {when:%Y-%m-%d %H:%M}. "
            "Close this and open the intake again to see their decision."
        )
    if isinstance(error, (WrongPassword, ReviewProblem, NotPermitted)):
        return str(error)
    return "The review could not be signed: the database did not answer. Try again."


class SignOffDialog(QDialog):
    """The decision on one intake, signed with the password; ``signed(review)`` once stored."""

    signed = Signal(object)

    def __init__(
        self,
        reviews: Reviews,
        intake_id: str,
        background: Background,
        *,
        may_clear: bool,
        now: Callable[[], dt.datetime],
        corrects: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reviews, self.intake_id, self.background = reviews, intake_id, background
        self.now, self.corrects = now, corrects
        self.setWindowTitle("Correct the review" if corrects else "Sign off the review")
        self.setMinimumWidth(640)
        self.choices = QButtonGroup(self)
        column = QVBoxLayout(self)
        column.addWidget(named(QLabel("Decision"), "heading"))
        for decision, words in DECISION_WORDS.items():
            button = QRadioButton(words[0].upper() + words[1:])
            button.setProperty("decision", decision)
            self.choices.addButton(button)
            column.addWidget(button)
            if decision == "cleared" and not may_clear:
                button.setEnabled(False)
                reason = QLabel(ONLY_CLINICIAN)
                reason.setWordWrap(True)
                column.addWidget(named(reason, "muted"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Note (needed unless cleared): why, what was checked")
        self.note.setAccessibleName("Note")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 16)
        self.meaning = QLabel(" ")
        self.meaning.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Your password")
        self.password.setPlaceholderText("Your password, to sign")
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3 + 16)
        self.sign = named(QPushButton("Sign"), "primary")
        self.cancel = QPushButton("Cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.sign)
        column.addWidget(self.note)
        column.addWidget(named(QLabel("You are signing:"), "heading"))
        column.addWidget(self.meaning)
        column.addWidget(self.password)
        column.addWidget(self.message)
        column.addLayout(buttons)
        self.choices.buttonToggled.connect(lambda *_: self._show_meaning())
        self.sign.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.cancel.clicked.connect(self.reject)

    def decision(self) -> str | None:
        chosen = self.choices.checkedButton()
        return None if chosen is None else str(chosen.property("decision"))

    def choose(self, decision: str) -> None:
        for button in self.choices.buttons():
            if button.property("decision") == decision:
                button.setChecked(True)

    def _show_meaning(self) -> None:
        decision = self.decision()
        self.meaning.setText(
            " " if decision is None else self.reviews.meaning(decision, self.now())
        )

    def submit(self) -> None:
        decision = self.decision()
        if decision is None:
            self._say("Choose a decision.")
            return
        if not self.password.text():
            self._say("Type your password to sign.")
            return
        note, password = self.note.toPlainText(), self.password.text()
        self.sign.setEnabled(False)
        self._say("Signing…", problem=False)
        self.background.run(
            lambda: self.reviews.sign_off(
                self.intake_id, decision, note, password, corrects=self.corrects
            ),
            self._signed,
            self._refused,
        )

    def _signed(self, review: object) -> None:
        self.signed.emit(review)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.password.clear()
        self.sign.setEnabled(True)
        self._say(refusal_words(error))

    def _say(self, text: str, *, problem: bool = True) -> None:
        self.message.setText(text)
        restyled(self.message, "error" if problem else "muted")
