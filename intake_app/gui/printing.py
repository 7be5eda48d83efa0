"""Printing the patient's copy: the tablet's printers, and a PDF printed page by page.

No system print dialog and no "print to file": the kiosk opens no window onto
the system, so the print page (screens/print_page.py) lists the printers
itself. Each page of the sealed PDF is drawn as an image at 300 dpi, sharp on
paper. One page is drawn per turn of the event loop (a page takes about a
tenth of a second), so the screen keeps painting while a few pages go out.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

LOG = logging.getLogger(__name__)
PRINT_DPI = 300
MAX_COPIES = 5
IPP_STATUS_ERROR_BAD_REQUEST = 0x0400  # from here on, IPP status codes are errors


@dataclass(frozen=True)
class PrinterChoice:
    """A printer as the patient sees it: ``label`` to read, ``name`` for the system."""

    name: str
    label: str


class Printers(Protocol):
    """What the print page needs of the printers; tests pretend there are 0, 1 or 3."""

    def available(self) -> list[PrinterChoice]: ...

    def default_name(self) -> str: ...  # "" when the tablet has no default printer

    def print_pdf(
        self, printer: str, pdf: Path, copies: int, done: Callable[[bool], None]
    ) -> None: ...


class SystemPrinters:
    """The printers set up on this tablet (on Linux: CUPS's queues)."""

    def available(self) -> list[PrinterChoice]:
        return [
            PrinterChoice(info.printerName(), info.description() or info.printerName())
            for info in QPrinterInfo.availablePrinters()
        ]

    def default_name(self) -> str:
        return QPrinterInfo.defaultPrinter().printerName()

    def print_pdf(self, printer: str, pdf: Path, copies: int, done: Callable[[bool], None]) -> None:
        """Start printing; later ``done(True)`` once every page went out, else ``done(False)``."""
        info = QPrinterInfo.printerInfo(printer)
        if info.isNull():
            LOG.warning("the patient's copy could not be printed: the printer is gone")
            QTimer.singleShot(0, lambda: done(False))
            return
        job = PdfPrintJob(printer_for(info), pdf, copies)
        job.finished.connect(done)
        job.start()


def printer_for(info: QPrinterInfo) -> QPrinter:
    """A printer that takes pages at 300 dpi, not at the printer's maximum (slow, huge)."""
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PRINT_DPI)
    return printer


class PdfPrintJob(QObject):
    """Prints every page of a PDF ``copies`` times, one page per turn of the event loop.

    QPrinter is painted on the GUI thread; between two pages the screen repaints
    and answers touches. ``finished`` is emitted once, from the event loop.
    """

    finished = Signal(bool)

    def __init__(self, printer: QPrinter, pdf: Path, copies: int) -> None:
        # Owned by the application until it is done, so it outlives the page that asked.
        super().__init__(QCoreApplication.instance())
        self.printer = printer
        self.pdf = pdf
        self.copies = max(1, min(MAX_COPIES, copies))
        self.document = QPdfDocument(self)
        self.painter = QPainter()
        self._pages: list[int] = []
        self._first = True

    def start(self) -> None:
        QTimer.singleShot(0, self, self._begin)

    def _begin(self) -> None:
        loaded = self.document.load(str(self.pdf))
        if loaded != QPdfDocument.Error.None_ or self.document.pageCount() < 1:
            self._finish(False, "the PDF could not be read")
            return
        self._pages = list(range(self.document.pageCount())) * self._times_sent()
        if not self.painter.begin(self.printer):
            self._finish(False, "the printer could not be opened")
            return
        QTimer.singleShot(0, self, self._print_next)

    def _times_sent(self) -> int:
        """The printer makes the copies when it can; otherwise the pages go that many times."""
        if self.copies > 1 and self.printer.supportsMultipleCopies():
            self.printer.setCopyCount(self.copies)
            self.printer.setCollateCopies(True)
            return 1
        return self.copies

    def _print_next(self) -> None:
        page = self._pages.pop(0)
        if not self._first and not self.printer.newPage():
            self._end(False, "the printer refused a new page")
            return
        self._first = False
        self.painter.drawImage(0, 0, self._render(page))
        if self._printer_failed():
            self._end(False, "the printer reported an error")
        elif self._pages:
            QTimer.singleShot(0, self, self._print_next)
        else:
            self._end(True, "")

    def _render(self, page: int) -> QImage:
        area = self.printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        size = self.document.pagePointSize(page)
        scale = min(area.width() / size.width(), area.height() / size.height())
        return self.document.render(
            page, QSize(int(size.width() * scale), int(size.height() * scale))
        )

    def _printer_failed(self) -> bool:
        return self.printer.printerState() in (
            QPrinter.PrinterState.Error,
            QPrinter.PrinterState.Aborted,
        )

    def _end(self, ok: bool, problem: str) -> None:
        ended = self.painter.end()  # a CUPS printer gets the job here
        if ok and (not ended or self._printer_failed()):
            ok, problem = False, "the printer reported an error"
        elif ok and self._refused_by_cups():
            ok, problem = False, "the print server refused the job"
        self._finish(ok, problem)

    def _refused_by_cups(self) -> bool:
        native = self.printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
        return native and cups_refused_last_request()

    def _finish(self, ok: bool, problem: str) -> None:
        # Never the file's name in the log: it carries the patient's name.
        if not ok:
            LOG.warning("the patient's copy could not be printed: %s", problem)
        self.document.close()
        self.finished.emit(ok)
        self.deleteLater()


def cups_refused_last_request() -> bool:
    """Whether CUPS refused the last request made from this thread.

    Qt's CUPS print engine hands the job over in ``QPainter.end()`` and never
    looks at the answer: a printer that is not accepting jobs, or a print
    server that stopped, would pass for success. libcups keeps the answer of
    each thread's last request; Qt's print plugin uses that same library.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        cups = ctypes.CDLL("libcups.so.2")
    except OSError:  # no CUPS library: Qt could not have printed through CUPS either
        return False
    cups.cupsLastError.restype = ctypes.c_int
    return bool(cups.cupsLastError() >= IPP_STATUS_ERROR_BAD_REQUEST)
