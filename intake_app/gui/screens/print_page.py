"""The patient prints their copy: which printer, how many copies, Print.

A page of the app's own instead of the system's print dialog (which runs off a
tablet's screen and opens a way into the system). Back and Print sit in the
bar at the bottom and never move; the rest scrolls at large text sizes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from intake_app.gui.printing import MAX_COPIES, PrinterChoice
from intake_app.gui.touch import WrapButton, bottom_bar, button, label, scrolling


class PrintPage(QWidget):
    """Shows the choices, then "Printing…", then what happened."""

    print_requested = Signal(str, int)  # printer name, copies
    choice_changed = Signal(str, int)  # printer name, copies
    back_requested = Signal()

    def __init__(
        self,
        printers: list[PrinterChoice],
        chosen: str,
        copies: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.copies = max(1, min(MAX_COPIES, copies))
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        layout.addWidget(label(self.tr("Print your copy"), "screenTitle", content, centred=True))
        self.choices = self._choices(content, printers, chosen)
        layout.addWidget(self.choices)
        self.message = label("", "lead", content, centred=True)  # printing, sent
        self.notice = label("", "notice", content, centred=True)  # no printer, failed
        for said in (self.message, self.notice):
            said.hide()
            layout.addWidget(said)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scrolling(content, self), 1)
        outer.addWidget(self._bottom_bar())
        self._show_copies()
        if not printers:
            self.no_printer()

    def _choices(self, parent: QWidget, printers: list[PrinterChoice], chosen: str) -> QWidget:
        """The printers on the left, the copies on the right: three printers and the
        copies fit on the screen at 200% text without scrolling."""
        box = QWidget(parent)
        columns = QHBoxLayout(box)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(40)
        columns.addLayout(self._printer_column(box, printers, chosen), 3)
        copies = QVBoxLayout()
        copies.setSpacing(12)
        copies.addWidget(label(self.tr("Number of copies"), "question", box))
        copies.addLayout(self._copies_row(box))
        copies.addStretch(1)
        columns.addLayout(copies, 2)
        return box

    def _printer_column(
        self, parent: QWidget, printers: list[PrinterChoice], chosen: str
    ) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(label(self.tr("Printer"), "question", parent))
        self.printer_group = QButtonGroup(parent)
        self.printer_buttons: dict[str, WrapButton] = {}
        for printer in printers:
            choice = WrapButton(printer.label, parent)
            choice.setCheckable(True)
            choice.setChecked(printer.name == chosen)
            choice.setAccessibleDescription(self.tr("Print on this printer."))
            choice.clicked.connect(self._report_choice)
            self.printer_group.addButton(choice)
            self.printer_buttons[printer.name] = choice
            column.addWidget(choice)
        if printers and self.printer_group.checkedButton() is None:
            self.printer_buttons[printers[0].name].setChecked(True)
        column.addStretch(1)
        return column

    def _copies_row(self, parent: QWidget) -> QHBoxLayout:
        self.fewer = button(
            "\u2212",
            parent,
            name=self.tr("Fewer copies"),
            description=self.tr("One copy less. At least 1."),
        )
        self.more = button(
            "+",
            parent,
            name=self.tr("More copies"),
            description=self.tr("One copy more. At most {n}.").format(n=MAX_COPIES),
        )
        for stepper in (self.fewer, self.more):
            stepper.setObjectName("stepper")
        self.fewer.clicked.connect(lambda: self._change_copies(-1))
        self.more.clicked.connect(lambda: self._change_copies(+1))
        self.count = QLabel(parent)
        self.count.setObjectName("clinicName")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setMinimumWidth(80)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addStretch(1)
        for widget in (self.fewer, self.count, self.more):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _bottom_bar(self) -> QWidget:
        self.back = button(
            self.tr("Back"), self, description=self.tr("Back to the previous screen.")
        )
        self.back.clicked.connect(self.back_requested)
        self.print_now = button(
            self.tr("Print"),
            self,
            primary=True,
            description=self.tr("Sends your copy to the chosen printer."),
        )
        self.print_now.clicked.connect(self._on_print)
        return bottom_bar(self, [self.back], [self.print_now])

    @property
    def printer(self) -> str:
        """The chosen printer's system name ("" when there is none)."""
        checked = self.printer_group.checkedButton()
        return next((n for n, b in self.printer_buttons.items() if b is checked), "")

    def _change_copies(self, step: int) -> None:
        self.copies = max(1, min(MAX_COPIES, self.copies + step))
        self._show_copies()
        self._report_choice()

    def _show_copies(self) -> None:
        self.count.setText(str(self.copies))
        self.count.setAccessibleName(self.tr("Number of copies: {n}").format(n=self.copies))
        self.fewer.setEnabled(self.copies > 1)
        self.more.setEnabled(self.copies < MAX_COPIES)

    def _report_choice(self) -> None:
        self.choice_changed.emit(self.printer, self.copies)

    def _on_print(self) -> None:
        if self.printer:
            self.print_requested.emit(self.printer, self.copies)

    # --- what happened --------------------------------------------------------------

    def no_printer(self) -> None:
        self._say(
            self.tr(
                "No printer is set up on this tablet. "
                "The front desk can print your copy for you later."
            ),
            self.notice,
        )
        self.print_now.setEnabled(False)

    def printing(self) -> None:
        self._say(self.tr("Printing…"), self.message)
        self.print_now.setEnabled(False)
        self.back.setEnabled(False)

    def sent(self, printer_label: str) -> None:
        self._say(
            self.tr("Your copy was sent to the printer “{name}”.").format(name=printer_label),
            self.message,
        )
        self._done()

    def failed(self) -> None:
        self._say(
            self.tr(
                "The copy could not be printed. Your signed form is saved; "
                "the front desk can print it for you."
            ),
            self.notice,
        )
        self._done()

    def _done(self) -> None:
        self.print_now.setEnabled(False)  # its place is kept: Back never moves
        self.back.setEnabled(True)
        self.back.setFocus()

    def _say(self, text: str, where: QLabel) -> None:
        """Replace the choices (or what was said before) with ``text``."""
        self.choices.hide()
        for said in (self.message, self.notice):
            said.setVisible(said is where)
        where.setText(text)
