"""Printing the patient's copy through the system print dialog.

The dialog is the kiosk's only window onto the system, so it offers printers
only: "print to file" would open a file browser a patient could wander in.
Pages are drawn at 300 dpi, sharp on paper without freezing the tablet for
long.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

PRINT_DPI = 300


class PatientCopy:
    """Asks which printer (the system dialog), then prints every page of the PDF."""

    @classmethod
    def ask(cls, parent: QWidget, pdf: Path) -> bool:
        printer = cls.printer()
        dialog = cls.dialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        return print_pdf(printer, pdf)

    @staticmethod
    def printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        return printer

    @staticmethod
    def dialog(printer: QPrinter, parent: QWidget) -> QPrintDialog:
        dialog = QPrintDialog(printer, parent)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        return dialog


def print_pdf(printer: QPrinter, pdf: Path) -> bool:
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            image = document.render(
                page, QSize(int(size.width() * scale), int(size.height() * scale))
            )
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True
