"""The patient waits for staff: a hold that only staff release, under their own name.

A hold stops the patient where the clinic's rules say a person must step in: an
interpreter need before the consent, STOP flags before the decision, a question or
a wrong answer, a name or birth date the patient says is wrong. The patient reads
why in their own language; staff unlock with their user name and PIN, and choose
how to go on. The record names the person signed in: nobody types a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from intake_app.gui.screens.pin_pad import folded_pin_pad
from intake_app.gui.text_wrap import breakable
from intake_app.gui.touch import WrapButton, button, label, scrolling
from intake_app.questionnaire.typed_text import isolated


class _SecondTapIgnored(QObject):
    """The second tap of a double tap never presses a choice.

    The choices open where the keypad's OK key was: the second tap of a double tap
    on OK would otherwise land on a choice and let the patient go on before staff
    read it. Qt reports a quick second tap as a double click; a slower one (a nurse
    who saw nothing happen while the PIN was checked taps OK again half a second
    later) is an ordinary tap, so every tap on a choice is ignored for
    ``QUIET_MS`` after the choices open.
    """

    QUIET_MS = 900

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.opened = QElapsedTimer()  # invalid until the choices open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonDblClick:
            return True
        taps = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
        return kind in taps and self.opened.isValid() and self.opened.elapsed() < self.QUIET_MS


@dataclass(frozen=True)
class StaffChoice:
    """One way staff can let the patient go on (or end the visit)."""

    value: str
    text: str
    description: str = ""
    primary: bool = False


class HoldScreen(QWidget):
    """Why the patient waits, then (after a person's own PIN) who is signed in and the
    choices."""

    unlock_requested = Signal(str, str)  # staff: user name, PIN
    released = Signal(str)  # the choice; the record names the person signed in
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
            description=self.tr("For staff: unlock with your user name and PIN."),
        )
        layout.addWidget(self.staff)
        self.pin_pad = folded_pin_pad(content, self.unlock_requested.emit)
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
        self.signed_in = label("", "help", panel)  # who is signed in: their name is recorded
        layout.addWidget(self.signed_in)
        if extra is not None:
            extra.setParent(panel)
            layout.addWidget(extra)
        self.choices: dict[str, WrapButton] = {}
        second_tap = self._second_tap = _SecondTapIgnored(panel)
        for choice in choices:
            choice_button = WrapButton(choice.text, panel)
            if choice.primary:
                choice_button.setObjectName("primary")
            choice_button.setAccessibleDescription(choice.description)
            choice_button.clicked.connect(lambda _c=False, v=choice.value: self.released.emit(v))
            choice_button.installEventFilter(second_tap)
            self.choices[choice.value] = choice_button
            layout.addWidget(choice_button)
        return panel

    def show_staff_choices(self, name: str) -> None:
        """Unlocked by ``name``: the keypad folds away, and the choices show who is signed
        in (that name goes in the record with the choice)."""
        self._second_tap.opened.start()
        self.pin_pad.hide()
        self.staff.hide()
        text = self.tr("Signed in: {name}. Your name goes in the record with your choice.")
        self.signed_in.setText(breakable(text.format(name=isolated(name))))
        self.panel.show()
        # The panel opens where the keypad was: bring its first choice into view too.
        first = next(iter(self.choices.values()), self.signed_in)
        first.setFocus()
        QTimer.singleShot(0, self, lambda: self.area.ensureWidgetVisible(first, 0, 24))
