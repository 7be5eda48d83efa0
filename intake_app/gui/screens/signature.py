"""Signing: the meaning of the signature, the typed name, and the pad."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from intake_app.gui.signature_pad import SignaturePad
from intake_app.gui.touch import bottom_bar, button, label, scrolling

PAD_SIZE = QSize(750, 250)  # fits a 1280 x 800 tablet with the name above it


class SignatureScreen(QWidget):
    """Sign is enabled only with a typed name and enough ink to be a signature."""

    signed = Signal(str)  # the typed name
    back_requested = Signal()

    def __init__(
        self,
        title: str,
        meaning: str,
        when: str,
        *,
        witness: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.witness = witness
        self.area = scrolling(self._about(title, meaning, witness), self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area, 1)
        outer.addWidget(self._signing(when))
        outer.addWidget(self._bottom_bar())

    def _about(self, title: str, meaning: str, witness: bool) -> QWidget:
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(40, 16, 40, 8)
        layout.setSpacing(10)
        layout.addWidget(label(title, "screenTitle", content))
        self.meaning = label(meaning, "notice", content)
        self.meaning.setAccessibleName(self.tr("What your signature means"))
        layout.addWidget(self.meaning)
        name_label = self.tr("Witness's full name") if witness else self.tr("Type your full name")
        layout.addWidget(label(name_label, "question", content))
        self.name = QLineEdit(content)
        self.name.setMaxLength(200)
        self.name.setAccessibleName(name_label)
        self.name.textChanged.connect(self._update)
        layout.addWidget(self.name)
        self.role = QLineEdit(content)
        self.role.setAccessibleName(self.tr("Witness's role"))
        self.role.setPlaceholderText(self.tr("Role, for example: nurse"))
        self.role.setVisible(witness)
        self.role.textChanged.connect(self._update)
        layout.addWidget(self.role)
        layout.addStretch(1)
        return content

    def _signing(self, when: str) -> QWidget:
        """The pad sits outside the scroll area: a scroll area takes touch strokes for itself."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(40, 4, 40, 4)
        hint = self.tr("Sign with your finger or the pen in the box below.")
        layout.addWidget(label(hint, "question", box))
        self.pad = SignaturePad(box)
        self.pad.setAccessibleName(self.tr("Signature box"))
        self.pad.setFixedSize(PAD_SIZE)
        self.pad.ink_changed.connect(lambda _enough: self._update())
        layout.addWidget(self.pad, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(label(when, "help", box))
        return box

    def _bottom_bar(self) -> QFrame:
        back = button(self.tr("Back"), self)
        back.clicked.connect(self.back_requested)
        self.clear = button(self.tr("Clear"), self, name=self.tr("Clear the signature"))
        self.clear.clicked.connect(self.pad.clear)
        self.sign = button(self.tr("Sign"), self, primary=True)
        self.sign.setEnabled(False)
        self.sign.clicked.connect(lambda: self.signed.emit(self.name.text().strip()))
        return bottom_bar(self, [back], [self.clear, self.sign])

    def _update(self) -> None:
        named = bool(self.name.text().strip()) and (
            not self.witness or bool(self.role.text().strip())
        )
        self.sign.setEnabled(named and self.pad.has_enough_ink())
