"""The thank-you screen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from intake_app.gui.touch import Message, button, keep_room, label


class ThankYouScreen(QWidget):
    """The end of the patient's part: a copy to print, then hand the tablet back."""

    done = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Thank you."), "clinicName", self, centred=True))
        text = self.tr("Your answers are saved. Please hand the tablet back to the front desk.")
        self.lead = label(text, "lead", self, centred=True)
        layout.addWidget(self.lead)
        # The news about the copy and the late Print button keep their room: the button
        # under them stays where the patient's finger is.
        self.status = Message("help", self, lines=0, centred=True)
        self.status.reserve(self._preparing(), self._ready(), self._failed())
        layout.addWidget(self.status)
        self.print_copy = button(
            self.tr("Print a copy for me"),
            self,
            description=self.tr("Prints your signed consent on the clinic's printer."),
        )
        self.print_copy.clicked.connect(self.print_requested)
        keep_room(self.print_copy).hide()
        layout.addWidget(self.print_copy)
        self.finish = button(
            self.tr("I have handed the tablet back"),
            self,
            primary=True,
            description=self.tr("The tablet locks."),
        )
        self.finish.clicked.connect(self.done)
        layout.addWidget(self.finish)
        layout.addStretch(2)

    def more_time(self) -> None:
        self.lead.setText(
            self.tr(
                "Your answers are saved. Take the time you need. Please hand the tablet back "
                "and tell the front desk you want more time to decide. A nurse will talk with you."
            )
        )

    def visit_ended(self) -> None:
        self.lead.setText(
            self.tr(
                "Your answers are saved. Nothing was signed. A nurse will talk with you. "
                "Please hand the tablet back to the front desk."
            )
        )

    def withdrawn(self) -> None:
        self.lead.setText(
            self.tr(
                "Your withdrawal is recorded. It does not change the rest of your care here. "
                "Please hand the tablet back to the front desk."
            )
        )

    def _preparing(self) -> str:
        return self.tr("Your signed copy is being prepared.")

    def _ready(self) -> str:
        return self.tr("Your signed copy is ready. You can print it, or ask for it later.")

    def _failed(self) -> str:
        return self.tr("Your answers and signature are saved. The front desk will print your copy.")

    def preparing(self) -> None:
        self.status.say(self._preparing())

    def copy_ready(self) -> None:
        self.status.say(self._ready())
        self.print_copy.show()

    def copy_failed(self) -> None:
        self.status.say(self._failed())
