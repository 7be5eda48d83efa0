"""After the comprehension check (and any talk with the nurse): the decision."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from intake_app.gui.touch import WrapButton, button, label, scrolling


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
