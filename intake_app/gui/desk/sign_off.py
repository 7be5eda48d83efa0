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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
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
from intake_app.services.attestation import (
    ATTESTATION_TEXT,
    AlreadyAttested,
    AttestationProblem,
    Attestations,
)
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
    if isinstance(
        error, (WrongPassword, ReviewProblem, NotPermitted, AttestationProblem, AlreadyAttested)
    ):
        return str(error)
    return "Nothing was signed: the database did not answer. Try again."


class SignatureDialog(QDialog):
    """What every signature at the desk has: the meaning being signed, the password, a
    message line whose room is kept, Cancel and Sign; ``signed(record)`` once stored."""

    signed = Signal(object)

    def __init__(
        self, title: str, patient: str, background: Background, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.background = background
        self.setWindowTitle(f"{title}: {patient}")
        self.setMinimumWidth(640)
        self.column = QVBoxLayout(self)
        heading = named(QLabel(f"{title}: {patient}"), "title")
        heading.setWordWrap(True)
        self.column.addWidget(heading)
        self.meaning = named(QLabel(" "), "meaning")
        self.meaning.setWordWrap(True)
        self.meaning.setMinimumHeight(self.meaning.fontMetrics().lineSpacing() * 2 + 8)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Your password")
        self.password.setPlaceholderText("Your password, to sign")
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3 + 16)
        self.sign = named(QPushButton("Sign"), "primary")
        self.cancel = QPushButton("Cancel")
        for button in (self.sign, self.cancel):  # Enter signs from the password only
            button.setAutoDefault(False)
            button.setDefault(False)
        self.sign.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.cancel.clicked.connect(self.reject)

    def add_signature_part(self) -> None:
        """Below what the dialog asks: the meaning, the password, the message, the buttons."""
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.sign)
        self.column.addWidget(named(QLabel("You are signing:"), "heading"))
        self.column.addWidget(self.meaning)
        self.column.addWidget(self.password)
        self.column.addWidget(self.message)
        self.column.addLayout(buttons)

    def submit(self) -> None:
        """Check what is asked, then sign off the GUI thread."""
        problem = self.problem()
        if not problem and not self.password.text():
            problem = "Type your password to sign."
        if problem:
            self.say(problem)
            return
        work = self.signing(self.password.text())
        self.sign.setEnabled(False)
        self.say("Signing…", problem=False)
        self.background.run(work, self._signed, self._refused, owner=self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt calls it by this name
        """Enter never closes the dialog: while a password is checked Sign is disabled,
        and a dialog's own Enter would press Cancel and lose the decision and the note."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def problem(self) -> str:
        """What is missing before signing, in words; "" when nothing is."""
        return ""

    def signing(self, password: str) -> Callable[[], object]:
        raise NotImplementedError

    def _signed(self, record: object) -> None:
        self.signed.emit(record)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.password.clear()
        self.sign.setEnabled(True)
        self.say(refusal_words(error))

    def say(self, text: str, *, problem: bool = True) -> None:
        self.message.setText(text)
        restyled(self.message, "error" if problem else "muted")


class SignOffDialog(SignatureDialog):
    """The decision on one intake, signed with the password; ``signed(review)`` once stored."""

    def __init__(
        self,
        reviews: Reviews,
        intake_id: str,
        background: Background,
        *,
        patient: str,
        may_clear: bool,
        now: Callable[[], dt.datetime],
        corrects: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Correct the review" if corrects else "Sign off the review"
        super().__init__(title, patient, background, parent)
        self.reviews, self.intake_id, self.now, self.corrects = reviews, intake_id, now, corrects
        self.choices = QButtonGroup(self)
        self.column.addWidget(named(QLabel("Decision"), "heading"))
        for decision, words in DECISION_WORDS.items():
            button = QRadioButton(words[0].upper() + words[1:])
            button.setProperty("decision", decision)
            self.choices.addButton(button)
            self.column.addWidget(button)
            if decision == "cleared" and not may_clear:
                button.setEnabled(False)
                reason = QLabel(ONLY_CLINICIAN)
                reason.setWordWrap(True)
                self.column.addWidget(named(reason, "muted"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Note (needed unless cleared): why, what was checked")
        self.note.setAccessibleName("Note")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 16)
        self.column.addWidget(self.note)
        self.add_signature_part()
        self.choices.buttonToggled.connect(lambda *_: self._chosen())

    def decision(self) -> str | None:
        chosen = self.choices.checkedButton()
        return None if chosen is None else str(chosen.property("decision"))

    def choose(self, decision: str) -> None:
        for button in self.choices.buttons():
            if button.property("decision") == decision:
                button.setChecked(True)

    def _chosen(self) -> None:
        self.say(" ", problem=False)
        self._show_meaning()

    def _show_meaning(self) -> None:
        decision = self.decision()
        meaning = " " if decision is None else self.reviews.meaning(decision, self.now())
        self.meaning.setText(meaning)

    def problem(self) -> str:
        return "Choose a decision." if self.decision() is None else ""

    def signing(self, password: str) -> Callable[[], object]:
        decision, note = str(self.decision()), self.note.toPlainText()
        return lambda: self.reviews.sign_off(
            self.intake_id, decision, note, password, corrects=self.corrects
        )


class AttestDialog(SignatureDialog):
    """The clinician's attestation that they explained the consent, signed the same way."""

    def __init__(
        self,
        attestations: Attestations,
        intake_id: str,
        background: Background,
        *,
        patient: str,
        now: Callable[[], dt.datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Attest the consent explanation", patient, background, parent)
        self.attestations, self.intake_id = attestations, intake_id
        statement = QLabel(f"“{ATTESTATION_TEXT}”")
        statement.setWordWrap(True)
        self.column.addWidget(statement)
        self.add_signature_part()
        self.meaning.setText(attestations.meaning(now()))

    def signing(self, password: str) -> Callable[[], object]:
        return lambda: self.attestations.attest(self.intake_id, password)
