"""For staff, after a talk with the patient: a short note of what was talked over.

The note is optional and goes in the record with the release, and the chart
document prints it under the name of the person signed in (as ``packet --input``
does with ``consent.talked.note``). Too long, or a character that cannot be
stored, is said under the box, in a room kept for it so the choices below never
move.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from intake_app.gui.touch import Message, label
from intake_app.kiosk.limits import TALK_NOTE_MAX
from intake_app.questionnaire.typed_text import text_problem


class TalkNote(QWidget):
    """A box for what was talked over; ``note()`` is the text to store, or None with the
    problem shown."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title: QLabel = label(
            self.tr("What did you talk about? (optional, printed in the chart)"), "help", self
        )
        column.addWidget(self.title)
        self.box = QPlainTextEdit(self)
        self.box.setObjectName("talkNote")
        self.box.setAccessibleName(self.tr("What you talked about"))
        self.box.setMinimumHeight(120)
        self.box.setTabChangesFocus(True)
        self.box.setPlainText(text)
        column.addWidget(self.box)
        self.problem = Message("problem", self)  # its room kept: the choices stay put
        self.problem.reserve(self._too_long(99_999), self._unreadable())
        column.addWidget(self.problem)
        self.box.textChanged.connect(lambda: self.problem.say(None))

    def _too_long(self, has: int) -> str:
        return self.tr("Please shorten the note to {n} characters (it has {has}).").format(
            n=TALK_NOTE_MAX, has=has
        )

    def _unreadable(self) -> str:
        return self.tr("The note has a character that cannot be stored. Please retype it.")

    def note(self) -> str | None:
        """The note as typed (trimmed; "" when none), or None when it cannot be stored."""
        text = self.box.toPlainText().strip()
        if len(text) > TALK_NOTE_MAX:
            self.problem.say(self._too_long(len(text)))
            return None
        if text_problem(text, one_line=False) is not None:
            self.problem.say(self._unreadable())
            return None
        return text
