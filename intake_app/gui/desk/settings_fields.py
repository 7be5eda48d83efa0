"""The fields of the clinic settings page: which settings it shows, in which groups, in
which words, and one labelled field with its note line.

The settings are named as in the clinic file (``kiosk.idle_seconds``); a text the
consent shows per language gets one field per language the forms offer. A field's note
line says what the setting is for, or, while what is typed cannot be used, why; it
keeps the room of its longer help text, so nothing below it moves when a problem
appears or goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.file_pattern import PLACEHOLDERS
from intake_app.gui.desk.look import named, restyled
from intake_app.setting_values import SettingName, Typed, limits
from intake_app.settings import LANGUAGE_NAMES

NOTE_PADDING = 16  # the error style's padding and border, above and below
ADDRESS_LINES = 3


@dataclass(frozen=True)
class Setting:
    """One setting as the page shows it. ``kind``: text, lines (an address), number,
    check (a box to tick), paper (a choice), or languages (a text per language).
    ``checked``: the file's rules may refuse what is typed (every number is), so its
    note line keeps room for the problem; any other text is always taken."""

    name: str
    label: str
    hint: str = ""
    kind: str = "text"
    checked: bool = False

    @property
    def may_be_refused(self) -> bool:
        return self.checked or self.kind == "number"


S = Setting
_PATTERN_HINT = (
    "The name each document gets in the chart folder, made of "
    + ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    + " and plain text; {docid} is always needed."
)
GROUPS: tuple[tuple[str, tuple[Setting, ...]], ...] = (
    ("Clinic", (
        S("clinic.name", "Clinic name", "Printed at the top of every chart document."),
        S("clinic.address", "Address", "Street, city, state and ZIP, a line each.", "lines"),
        S("clinic.phone", "Phone"),
    )),
    ("Product and price", (
        S("product.name", "Product name", "As the supplier sells it.", "languages"),
        S("product.source", "Made from", "E.g. donated placental tissue.", "languages"),
        S("product.manufacturer", "Manufacturer", "The company that makes it.", "languages"),
        S("product.components", "May contain", "What the product or its preparation may "
          "contain, e.g. DMSO; patients are asked if they are allergic to it.", "languages"),
        S("product.dose", "Usual dose", "Shown only when set.", "languages"),
        S("product.price_usd", "Price in US dollars", "The full price the patient pays.",
          "number"),
    )),
    ("Consent", (
        S("product.ind_number", "FDA IND number", "Only when the injection is given in an "
          "FDA study, e.g. 012345; empty if none. With an IND number, fill in the study's "
          "details below."),
        S("product.study_pays", "The study pays for the shot (the patient pays nothing)",
          kind="check"),
        S("product.research_contact", "Contact about the study", "Whom to call about the "
          "study, their rights or an injury: a name and phone.", "languages"),
        S("product.injury_care", "Care if the study harms a patient", "What care or payment "
          "the clinic offers.", "languages"),
        S("product.irb_name", "Review board (IRB)", "", "languages"),
        S("product.irb_contact", "How to reach the review board", "", "languages"),
        S("product.study_description", "What taking part involves", "Visits, tests.",
          "languages"),
        S("product.study_duration", "How long a patient takes part", "E.g. 12 months.",
          "languages"),
        S("product.nct_number", "ClinicalTrials.gov number", "E.g. NCT01234567, when the "
          "study is listed there."),
        S("consent.witness", "A staff witness signs after the patient", kind="check"),
    )),
    ("Tablet and desk", (
        S("kiosk.idle_seconds", "Tablet: seconds untouched before “Are you still there?”",
          kind="number"),
        S("kiosk.warning_seconds", "Tablet: seconds of countdown before the screen locks",
          kind="number"),
        S("kiosk.full_screen", "The tablet fills the whole screen", kind="check"),
        S("staff.idle_logout_minutes", "Desk and staff screens: minutes untouched before "
          "the person is logged out", kind="number"),
        S("staff.failed_tries_to_lock", "Wrong passwords or PINs in a row that lock an "
          "account", kind="number"),
        S("staff.lock_minutes", "Minutes a locked account stays locked", kind="number"),
    )),
    ("Chart filing", (
        S("documents.chart_folder", "Chart folder", "Where records staff file documents: a "
          "folder on this computer or the network, e.g. /mnt/charts or //server/charts."),
        S("documents.chart_file_pattern", "File name pattern", _PATTERN_HINT, checked=True),
        S("documents.paper_size", "Paper size", kind="paper"),
    )),
    ("Seal", (
        S("seal.pkcs12_file", "Clinic certificate (.p12 file)", "Empty: the app's own key "
          "seals documents. The certificate's password is never kept in the clinic file: "
          "each computer that seals reads it from INTAKE_SEAL_PASSWORD."),
        S("seal.timestamp_url", "Timestamp authority address (RFC 3161)", "Optional. A user "
          "name and password in it are shown as (hidden).", checked=True),
    )),
)  # fmt: skip
PAPER = (("letter", "Letter"), ("a4", "A4"))


def fields_of(setting: Setting, languages: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(name, label, hint)`` of each field of ``setting``: one per language for a text
    per language (the help under the first), with the allowed range of a number."""
    if setting.kind != "languages":
        allowed = limits(SettingName.parse(setting.name)) if setting.kind == "number" else ""
        hint = (
            f"{setting.hint} {allowed[:1].upper()}{allowed[1:]}.".strip()
            if allowed
            else setting.hint
        )
        return [(setting.name, setting.label, hint)]
    return [
        (f"{setting.name}.{code}", f"{setting.label} ({LANGUAGE_NAMES.get(code, code)})",
         setting.hint if index == 0 else "")
        for index, code in enumerate(languages)
    ]  # fmt: skip


class NoteLine(QLabel):
    """Under a field: its help, or the problem with what is typed. A field the rules may
    refuse keeps the room of its help (at least a line) for the problem, so the fields
    below stay where they are; any other shows its help only, if it has one."""

    def __init__(self, hint: str, reserved: bool) -> None:
        super().__init__()
        named(self, "muted")
        self.hint, self.reserved = hint, reserved
        self.setWordWrap(True)
        self.say("")

    def say(self, problem: str) -> None:
        self.setText(problem or self.hint or " ")
        restyled(self, "error" if problem else "muted")
        self.setVisible(bool(problem or self.hint or self.reserved))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reserve()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reserve()

    def _reserve(self) -> None:
        if not self.reserved:
            return
        room = QRect(0, 0, max(1, self.width() - 2 * NOTE_PADDING), 100_000)
        wrapped = self.fontMetrics().boundingRect(room, Qt.TextFlag.TextWordWrap, self.hint)
        lines = max(wrapped.height(), self.fontMetrics().lineSpacing())
        self.setMinimumHeight(lines + NOTE_PADDING)


class SettingField(QWidget):
    """One setting: its label, the field, and the note line. ``edited`` when it changes."""

    edited = Signal()

    def __init__(self, name: str, label: str, hint: str, setting: Setting) -> None:
        super().__init__()
        self.name, self.kind = name, setting.kind
        self.editor = self._editor(setting.kind, label)
        self.editor.setAccessibleName(label)
        self.note = NoteLine(hint, setting.may_be_refused)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 6)
        column.setSpacing(4)
        if setting.kind != "check":  # a box to tick carries its own words
            title = QLabel(label)
            title.setWordWrap(True)
            title.setBuddy(self.editor)
            column.addWidget(title)
        column.addWidget(self.editor)
        column.addWidget(self.note)
        self.show_problem("")

    def _editor(self, kind: str, label: str) -> QWidget:
        if kind == "check":
            box = QCheckBox(label)
            box.toggled.connect(self.edited)
            return box
        if kind == "paper":
            choice = QComboBox()
            for value, words in PAPER:
                choice.addItem(words, value)
            choice.currentIndexChanged.connect(self.edited)
            return choice
        if kind == "lines":
            lines = QPlainTextEdit()
            lines.setTabChangesFocus(True)
            lines.textChanged.connect(self.edited)
            return lines
        line = QLineEdit()
        line.textChanged.connect(self.edited)
        return line

    def typed(self) -> Typed:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def show_value(self, value: Typed) -> None:
        """Show the file's value (without ``edited``: nothing was typed)."""
        editor = self.editor
        editor.blockSignals(True)
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
            editor.setCursorPosition(0)
        editor.blockSignals(False)

    def show_problem(self, problem: str) -> None:
        """``problem`` under the field ("it must be 30 or more"), or its help when none."""
        words = f"{problem[:1].upper()}{problem[1:]}." if problem else ""
        self.note.say(words)
        self.editor.setAccessibleDescription(words or self.note.hint)

    def fit(self) -> None:
        """An address shows its lines at every text size."""
        if isinstance(self.editor, QPlainTextEdit):
            lines = self.editor.fontMetrics().lineSpacing() * ADDRESS_LINES
            self.editor.setFixedHeight(lines + 2 * NOTE_PADDING)
