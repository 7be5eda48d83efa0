"""The patient's copy goes to the printer page by page at 300 dpi, with the copies asked for."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from intake_app.gui.printing import (
    PRINT_DPI,
    PdfPrintJob,
    cups_refused_last_request,
    printer_for,
)


def make_pdf(path: Path, pages: int) -> Path:
    """A small letter-size PDF with a line of text on each page."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(200, 200, f"Page {page + 1}")
    painter.end()
    return path


def pdf_printer(output: Path) -> QPrinter:
    """A printer that writes a PDF file: for the tests only, never offered on the tablet."""
    printer = printer_for(QPrinterInfo())
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    return printer


def page_count(path: Path) -> int:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document.pageCount()


def print_and_wait(qtbot, job: PdfPrintJob) -> bool:
    with qtbot.waitSignal(job.finished, timeout=30_000) as done:
        job.start()
    return done.args[0]


def test_pages_are_drawn_at_300_dpi_not_the_printers_maximum(qapp):
    assert printer_for(QPrinterInfo()).resolution() == PRINT_DPI


def test_every_page_is_printed(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "copy.pdf", 3)
    out = tmp_path / "printed.pdf"
    assert print_and_wait(qtbot, PdfPrintJob(pdf_printer(out), pdf, 1))
    assert page_count(out) == 3


def test_copies_are_printed_even_when_the_printer_cannot_make_them_itself(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "copy.pdf", 3)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    assert not printer.supportsMultipleCopies()  # so the pages are sent twice
    assert print_and_wait(qtbot, PdfPrintJob(printer, pdf, 2))
    assert page_count(out) == 6


def test_the_screen_keeps_painting_between_pages(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "copy.pdf", 4)
    job = PdfPrintJob(pdf_printer(tmp_path / "printed.pdf"), pdf, 1)
    turns = []
    ticker = QTimer(interval=0)
    ticker.timeout.connect(lambda: turns.append(1))
    ticker.start()
    assert print_and_wait(qtbot, job)
    ticker.stop()
    assert len(turns) >= 4, "the event loop ran between the pages"


def test_a_pdf_that_cannot_be_read_is_not_printed(qtbot, tmp_path):
    broken = tmp_path / "copy.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    out = tmp_path / "printed.pdf"
    assert not print_and_wait(qtbot, PdfPrintJob(pdf_printer(out), broken, 1))
    assert not out.exists()


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_be_opened_is_a_failure(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "copy.pdf", 1)
    printer = pdf_printer(tmp_path / "no such folder" / "printed.pdf")
    assert not print_and_wait(qtbot, PdfPrintJob(printer, pdf, 1))


def test_a_job_the_print_server_refuses_is_noticed():
    # Qt hands a job to CUPS without looking at the answer; libcups remembers it.
    cups = ctypes.CDLL("libcups.so.2")
    cups.cupsPrintFile.restype = ctypes.c_int
    job = cups.cupsPrintFile(b"no-such-printer-for-tests", b"/dev/null", b"copy", 0, None)
    assert job == 0
    assert cups_refused_last_request()


def test_a_pdf_file_printer_does_not_take_an_earlier_cups_refusal_for_its_own(qtbot, tmp_path):
    ctypes.CDLL("libcups.so.2").cupsPrintFile(
        b"no-such-printer-for-tests", b"/dev/null", b"t", 0, None
    )
    pdf = make_pdf(tmp_path / "copy.pdf", 1)
    assert print_and_wait(qtbot, PdfPrintJob(pdf_printer(tmp_path / "printed.pdf"), pdf, 1))
