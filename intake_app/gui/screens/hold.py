"""The patient waits for staff: a hold that only staff release, naming themselves.

A hold stops the patient where the clinic's rules say a person must step in: an
interpreter need before the consent, STOP flags before the decision, a question or
a wrong answer, a name or birth date the patient says is wrong. The patient reads
why in their own language; staff confirm with the PIN, type their name (it goes in
the record) and choose how to go on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.touch import (
    Message,
    WrapButton,
    button,
    label,
    limit_length,
    refuse_invisible,
    scrolling,
)
from intake_app.kiosk.limits import STAFF_NAME_MAX


@dataclass(frozen=True)
class StaffChoice:
    """One way staff can let the patient go on (or end the visit)."""

    value: str
    text: str
    description: str = ""
    primary: bool = False


class HoldScreen(QWidget):
    """Why the patient waits, then (after the staff PIN) the staff's name and choices."""

    staff_pin_entered = Signal(str)
    released = Signal(str, str)  # the choice, the staff member's name
    back_requested = Signal()  # the patient goes back (only with ``back``)

    def __init__(
        self,
        title: str,
        text: str,
        topics: list[str],
        choices: list[StaffChoice],
        *,
        extra: QWidget | None = None,
        back: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        self.title = label(title, "clinicName", content, centred=True)
        layout.addWidget(self.title)
        layout.addWidget(label(text, "lead", content, centred=True))
        for topic in topics:
            layout.addWidget(label(f"\u2022 {topic}", "lead", content))
        self.back = button(back or "", content, primary=True)
        self.back.setVisible(back is not None)
        self.back.clicked.connect(self.back_requested)
        layout.addWidget(self.back)
        self.staff = button(
            self.tr("Staff"),
            content,
            name=self.tr("Staff sign-in"),
            description=self.tr("For staff: enter the staff PIN."),
        )
        layout.addWidget(self.staff)
        self.pin_pad = folded_pin_pad(content, self.staff_pin_entered.emit)
        self.staff.clicked.connect(self.pin_pad.open)
        layout.addWidget(self.pin_pad)
        self.panel = self._staff_panel(content, choices, extra)
        self.panel.hide()
        layout.addWidget(self.panel)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.area = scrolling(content, self)
        outer.addWidget(self.area)

    def _staff_panel(
        self, parent: QWidget, choices: list[StaffChoice], extra: QWidget | None
    ) -> QFrame:
        panel = QFrame(parent)
        panel.setObjectName("item")
        layout = QVBoxLayout(panel)
        layout.addWidget(label(self.tr("For staff"), "question", panel))
        if extra is not None:
            extra.setParent(panel)
            layout.addWidget(extra)
        layout.addWidget(label(self.tr("Your name (it goes in the record)"), "help", panel))
        self.staff_name = QLineEdit(panel)
        self.staff_name.setAccessibleName(self.tr("Your name"))
        self.staff_name.setAccessibleDescription(self.tr("Required"))
        self.staff_name.textChanged.connect(self._update)
        layout.addWidget(self.staff_name)
        too_long = self.tr("The name is too long. It was cut at {n} characters.").format(
            n=STAFF_NAME_MAX
        )
        self.name_cut = Message("problem", panel, lines=0)  # its room kept: choices stay put
        self.name_cut.reserve(too_long)
        self.staff_name.textEdited.connect(lambda: self.name_cut.say(None))
        limit_length(self.staff_name, STAFF_NAME_MAX, lambda: self.name_cut.say(too_long))
        refuse_invisible(self.staff_name)
        layout.addWidget(self.name_cut)
        self.choices: dict[str, WrapButton] = {}
        for choice in choices:
            choice_button = WrapButton(choice.text, panel)
            if choice.primary:
                choice_button.setObjectName("primary")
            choice_button.setAccessibleDescription(choice.description)
            choice_button.clicked.connect(lambda _c=False, v=choice.value: self._chosen(v))
            self.choices[choice.value] = choice_button
            layout.addWidget(choice_button)
        self._update()
        return panel

    def _update(self) -> None:
        named = bool(self.staff_name.text().strip())
        for choice_button in self.choices.values():
            choice_button.setEnabled(named)

    def _chosen(self, value: str) -> None:
        name = self.staff_name.text().strip()
        if name:
            self.released.emit(value, name)

    def pin_rejected(self, reason: str) -> None:
        self.pin_pad.refuse(reason)

    def show_staff_choices(self) -> None:
        """The PIN was right: the keypad folds away, staff name themselves and choose."""
        self.pin_pad.hide()
        self.staff.hide()
        self.panel.show()
        self.staff_name.setFocus()
        # The panel opens where the keypad was: bring its first choice into view too.
        first = next(iter(self.choices.values()), self.staff_name)
        QTimer.singleShot(0, self, lambda: self.area.ensureWidgetVisible(first, 0, 24))
