"""After the comprehension check: talking with the nurse when needed, then the decision."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import WrapButton, button, label, scrolling


class DiscussionScreen(QWidget):
    """The patient asked a question or missed an answer: a nurse talks with them first.

    The patient cannot go on alone; staff confirm with their PIN that they have
    talked it over, and the patient then decides.
    """

    staff_pin_entered = Signal(str)

    def __init__(self, topics: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(
            label(self.tr("Please talk with the nurse"), "clinicName", content, centred=True)
        )
        text = self.tr(
            "Before you decide, a nurse will talk with you about these parts. "
            "Please ask the front desk for the nurse. Your answers are saved."
        )
        layout.addWidget(label(text, "lead", content, centred=True))
        for topic in topics:
            layout.addWidget(label(f"\u2022 {topic}", "lead", content))
        self.staff = button(
            self.tr("Staff: we have talked"),
            content,
            description=self.tr("For the nurse: confirm with the staff PIN."),
        )
        layout.addWidget(self.staff)
        self.pin_pad = folded_pin_pad(content, self.staff_pin_entered.emit)
        self.staff.clicked.connect(self.pin_pad.open)
        layout.addWidget(self.pin_pad)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))

    def pin_rejected(self, reason: str) -> None:
        self.pin_pad.refuse(reason)


class DecisionScreen(QWidget):
    """Agree, refuse, or take more time: all three are fine."""

    decided = Signal(str)  # agree | refuse | later
    reread_requested = Signal()

    def __init__(self, agree: str, refuse: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Your decision"), "clinicName", content, centred=True))
        note = self.tr(
            "Both choices are fine. Saying no will not change the rest of your care here."
        )
        layout.addWidget(label(note, "lead", content, centred=True))
        self.agree = WrapButton(agree, content)
        self.agree.setObjectName("primary")
        self.agree.clicked.connect(lambda: self.decided.emit("agree"))
        self.refuse = WrapButton(refuse, content)
        self.refuse.setObjectName("primary")
        self.refuse.clicked.connect(lambda: self.decided.emit("refuse"))
        self.later = WrapButton(self.tr("I need more time to decide"), content)
        self.later.clicked.connect(lambda: self.decided.emit("later"))
        self.agree.setAccessibleDescription(self.tr("Then you sign."))
        self.refuse.setAccessibleDescription(self.tr("Then you sign that you said no."))
        self.later.setAccessibleDescription(
            self.tr("Nothing is signed. A nurse will talk with you.")
        )
        for choice in (self.agree, self.refuse, self.later):
            layout.addWidget(choice)
        self.reread = button(
            self.tr("Read the consent again"),
            content,
            description=self.tr("Start again at the first part. What you did is kept."),
        )
        self.reread.clicked.connect(self.reread_requested)
        layout.addWidget(self.reread)
        layout.addStretch(2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))
