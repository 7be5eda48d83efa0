"""Signing: the meaning of the signature, the typed name, and the pad.

The meaning and the name stay on screen at every text size; the pad takes the
rest of the window, keeping the 3:1 shape of a signature line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QLineEdit, QVBoxLayout, QWidget

from intake_app.chart.ink import ASPECT
from intake_app.gui.signature_pad import SignaturePad
from intake_app.gui.touch import Message, bottom_bar, button, label, limit_length, refuse_invisible
from intake_app.kiosk.limits import SIGNED_NAME_MAX, WITNESS_NAME_MAX, WITNESS_ROLE_MAX

CLOCK_REFRESH_MS = 15_000


class PadFrame(QWidget):
    """Holds the pad at the largest 3:1 size that fits, centred."""

    def __init__(self, pad: SignaturePad, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        pad.setParent(self)
        self.setMinimumSize(300, 100)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.contentsRect()
        width = min(room.width(), round(room.height() * ASPECT))
        height = round(width / ASPECT)
        left = room.left() + (room.width() - width) // 2
        top = room.top() + (room.height() - height) // 2
        self.pad.setGeometry(QRect(left, top, width, height))


class SignatureScreen(QWidget):
    """Sign is enabled only with a typed name and enough ink to be a signature."""

    signed = Signal(str)  # the typed name
    back_requested = Signal()

    def __init__(
        self,
        title: str,
        meaning: str,
        when: Callable[[], str],
        *,
        witness: bool = False,
        agreement: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.witness = witness
        self.agreement_text = agreement
        self.meaning_text = meaning
        self.when = when
        # A name cut at its limit is said over the top of the pad, not in the layout: the
        # pad keeps its size and place. A finger goes through the note to the pad, and the
        # note goes when the name is edited again or the pad is touched.
        self.cut_note = Message("problem", self, lines=0)
        self.cut_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._about(title, witness))
        self.pad = SignaturePad()
        self.pad.setAccessibleName(self.tr("Signature box"))
        self.pad.ink_changed.connect(lambda _enough: self._update())
        self.pad.ink_changed.connect(lambda _enough: self._say_cut(None))
        self.pad_frame = PadFrame(self.pad, self)
        self.pad_frame.setContentsMargins(40, 4, 40, 4)
        layout.addWidget(self.pad_frame, 1)
        layout.addWidget(self._bottom_bar())
        self._clock = QTimer(self, interval=CLOCK_REFRESH_MS)
        self._clock.timeout.connect(self._show_meaning)
        self._clock.start()

    def _about(self, title: str, witness: bool) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(40, 4, 40, 4)
        layout.setSpacing(8)
        # At 200% text every line above the pad is a line the pad loses: the meaning's box
        # has little padding, and the name's caption does not wrap.
        self.meaning = label("", "meaning", box)
        self.meaning.setAccessibleName(self.tr("What your signature means"))
        self.meaning.setAccessibleDescription(title)
        self._show_meaning()
        layout.addWidget(self.meaning)
        # The agreement to sign electronically (ESIGN Act, UETA), read before signing.
        self.agreement = label(self.agreement_text, "help", box)
        self.agreement.setAccessibleName(self.tr("Signing on the tablet"))
        self.agreement.setVisible(bool(self.agreement_text))
        layout.addWidget(self.agreement)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        name_label = self.tr("Witness's full name") if witness else self.tr("Your full name")
        name_max = WITNESS_NAME_MAX if witness else SIGNED_NAME_MAX
        self.name = self._field(box, name_label, name_max, self._name_too_long(name_max))
        name_caption = label(name_label, "question", box)
        name_caption.setWordWrap(False)  # one line: at 200% every line is taken from the pad
        form.addRow(name_caption, self.name)
        role_too_long = self.tr("The role is too long. It was cut at {n} characters.")
        self.role = self._field(
            box,
            self.tr("Witness's role"),
            WITNESS_ROLE_MAX,
            role_too_long.format(n=WITNESS_ROLE_MAX),
        )
        self.role.setPlaceholderText(self.tr("for example: nurse"))
        if witness:
            form.addRow(label(self.tr("Role"), "question", box), self.role)
        else:
            self.role.hide()
        layout.addLayout(form)
        return box

    def _field(self, parent: QWidget, name: str, limit: int, too_long: str) -> QLineEdit:
        """A required line that keeps ``limit`` characters, and says so when it cuts."""
        field = QLineEdit(parent)
        field.setAccessibleName(name)
        field.setAccessibleDescription(self.tr("Required"))
        field.textChanged.connect(self._update)
        field.textEdited.connect(lambda: self._say_cut(None))
        limit_length(field, limit, lambda: self._say_cut(too_long))
        refuse_invisible(field)
        return field

    def _say_cut(self, text: str | None) -> None:
        self.cut_note.say(text)
        self._place_cut_note()

    def _place_cut_note(self) -> None:
        room = self.pad_frame.geometry().marginsRemoved(self.pad_frame.contentsMargins())
        height = self.cut_note.heightForWidth(room.width())
        self.cut_note.setGeometry(room.left(), room.top(), room.width(), height)
        self.cut_note.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_cut_note()

    def signed_in_as(self, name: str, role: str) -> None:
        """A witness who unlocked with their own account: the name and role on file, shown
        and not typed (the record names the person signed in)."""
        for field, text in ((self.name, name), (self.role, role)):
            field.setText(text)
            field.setReadOnly(True)
            field.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def say_not_your_name(self) -> None:
        """The typed name shares no word with the registered one: it cannot be signed with."""
        self._say_cut(self.tr("Please type your own first and last name, as the clinic has them."))
        self.name.setFocus()

    def _name_too_long(self, limit: int) -> str:
        return self.tr("The name is too long. It was cut at {n} characters.").format(n=limit)

    def _show_meaning(self) -> None:
        """The meaning, then the date and time the signature will carry."""
        self.meaning.setText(f"{self.meaning_text}\n{self.when()}")

    def _bottom_bar(self) -> QFrame:
        back = button(self.tr("Back"), self, description=self.tr("Go back to the decision."))
        back.clicked.connect(self.back_requested)
        self.clear = button(
            self.tr("Clear"),
            self,
            name=self.tr("Clear the signature"),
            description=self.tr("Start the signature again."),
        )
        self.clear.clicked.connect(self.pad.clear)
        self.sign = button(
            self.tr("Sign"),
            self,
            primary=True,
            description=self.tr("Works once your name is typed and you have signed in the box."),
        )
        self.sign.setEnabled(False)
        self.sign.clicked.connect(lambda: self.signed.emit(self.name.text().strip()))
        return bottom_bar(self, [back], [self.clear, self.sign])

    def _update(self) -> None:
        named = bool(self.name.text().strip()) and (
            not self.witness or bool(self.role.text().strip())
        )
        self.sign.setEnabled(named and self.pad.has_enough_ink())
