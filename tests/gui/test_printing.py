"""The patient's copy: a printer chooser with no way into the file system, pages at 300 dpi."""

from __future__ import annotations

from PySide6.QtPrintSupport import QAbstractPrintDialog
from PySide6.QtWidgets import QWidget

from intake_app.gui.printing import PRINT_DPI, PatientCopy


def test_the_print_dialog_offers_no_print_to_file(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = PatientCopy.dialog(PatientCopy.printer(), parent)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)


def test_pages_are_drawn_at_300_dpi_not_the_printers_maximum(qapp):
    assert PatientCopy.printer().resolution() == PRINT_DPI
