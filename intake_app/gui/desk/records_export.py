"""What leaves the desk from the records page: one intake as a FHIR R4 Bundle, the answers
of a date range as CSV, or a document on paper. Each file is new and readable by its
owner only (it holds patient data), written off the GUI thread; an existing file is
never replaced. A print goes to the printer the clerk chooses in the system's print
dialog (the desk is a normal computer) and is recorded in the audit trail, whether
the printer took it or not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from intake_app.gui.printing import PdfPrintJob
from intake_app.private_files import write_private_file
from intake_app.services.unfiled_documents import UnfiledDocument

if TYPE_CHECKING:
    from intake_app.gui.desk.records_page import RecordsPage

TAKEN = "{name} exists already: choose a new name (an export never replaces a file)."


def ask_fhir(page: RecordsPage) -> None:
    """Ask where to write the selected document's intake as FHIR, then write it."""
    chosen = page.selected()
    if len(chosen) != 1:
        page.say("Choose one document: its intake is exported.")
        return
    # Named like the document (patient, birth date, MRN, document id), made safe when
    # the document was: the clerk sees whose data the file holds.
    suggested = Path.home() / f"{chosen[0].path.stem}.fhir.json"
    path, _kind = QFileDialog.getSaveFileName(page, "Export as FHIR", str(suggested),
                                              "FHIR JSON (*.json)")  # fmt: skip
    if path:
        export_fhir_to(page, chosen[0].intake_id, Path(path))


def ask_csv(page: RecordsPage) -> None:
    """Ask where to write the answers of the From-To range, then write them."""
    try:
        search = page.filters.shown()
    except ValueError as problem:
        page.say(str(problem))
        return
    if search.made_from is None or search.made_to is None:
        page.say("Type the first day in “From” and the last in “To”: the answers of the "
                 "intakes completed in that range are exported.")  # fmt: skip
        return
    since, until = search.made_from, search.made_to
    suggested = Path.home() / f"answers-{since}-to-{until}.csv"
    path, _kind = QFileDialog.getSaveFileName(page, "Export answers as CSV", str(suggested),
                                              "CSV (*.csv)")  # fmt: skip
    if path:
        export_csv_to(page, since, until, Path(path))


def export_fhir_to(page: RecordsPage, intake_id: str, path: Path) -> None:
    _write(page, path, lambda: page.calls.export_fhir(intake_id), "The intake")


def export_csv_to(page: RecordsPage, since: dt.date, until: dt.date, path: Path) -> None:
    _write(page, path, lambda: page.calls.export_csv(since, until), "The answers")


def _write(page: RecordsPage, path: Path, make: Callable[[], bytes], what: str) -> None:
    def work() -> bool:
        return write_private_file(path, make())

    def done(written: bool) -> None:
        if written:
            page.say(f"{what} exported to {path}.", problem=False)
        else:
            page.say(TAKEN.format(name=path.name))

    def failed(error: Exception) -> None:
        if isinstance(error, OSError):
            page.say(f"{path.name} could not be written ({error.strerror or 'error'}).")
        elif isinstance(error, (ValueError, PermissionError, LookupError)):
            page.say(f"Not exported: {error}")
        else:
            page.say("Not exported: the database did not answer. Try again.")

    page.say(f"Exporting to {path.name}…", problem=False)
    page.background.run(work, done, failed, owner=page)


def ask_print(page: RecordsPage) -> None:
    """Ask for a printer in the system's dialog, then print the selected document."""
    chosen = page.selected()
    if len(chosen) != 1:
        page.say("Choose one document to print.")
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, page)
    dialog.setWindowTitle(f"Print {chosen[0].kind_words}: {chosen[0].patient_name}")
    if dialog.exec() == QDialog.DialogCode.Accepted:
        print_on(page, chosen[0], printer)


def print_on(page: RecordsPage, document: UnfiledDocument, printer: QPrinter) -> PdfPrintJob:
    """Print the document's sealed PDF on ``printer``, then record the print (or that the
    printer refused it) off the GUI thread."""
    job = PdfPrintJob(printer, document.path, copies=1)
    where = printer.printerName() or printer.outputFileName() or "a printer"

    def printed(sent: bool) -> None:
        page.say(
            f"Sent to {where}." if sent else f"Not printed: {where} refused the job.",
            problem=not sent,
        )
        page.background.run(
            lambda: page.calls.record_print(document.path, where, sent),
            lambda _none: None,
            lambda _error: page.say("Printed, but the print could not be recorded: try again."),
            owner=page,
        )

    job.finished.connect(printed)
    page.say(f"Printing {document.kind_words}…", problem=False)
    job.start()
    return job
