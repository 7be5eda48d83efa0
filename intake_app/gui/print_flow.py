"""The patient prints their copy from the thank-you screen, and comes back to it.

The print page takes the thank-you screen's place; Back shows the thank-you
screen again, as it was. The kiosk's idle watcher is already stopped by then
(the thank-you screen locks itself after two minutes), so the print page locks
the tablet itself after two minutes without a touch, printing or not: a
patient who walks away never leaves the tablet open. Each print, sent or refused
by the printer, is recorded in the audit trail for the patient whose copy it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from intake_app.gui.idle import INPUT_EVENTS
from intake_app.gui.printing import Printers, SystemPrinters
from intake_app.gui.screens.print_page import PrintPage
from intake_app.services.printing import record_print

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController
    from intake_app.services.actor import Actor

LOG = logging.getLogger(__name__)

QUIET_LOCK_MS = 120_000  # as the thank-you screen


class QuietLock(QObject):
    """Calls ``lock`` once nothing was touched for ``milliseconds``; dies with its parent."""

    def __init__(self, parent: QObject, milliseconds: int, lock: Callable[[], None]) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=milliseconds)
        self._timer.timeout.connect(lock)
        self._timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # removed by Qt when this object is destroyed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


@dataclass
class _Progress:
    """What the patient chose and how far printing got; survives a language switch."""

    printer: str
    copies: int = 1
    stage: str = "choosing"  # choosing | printing | sent | failed
    sent_to: str = ""


class PrintFlow:
    """One visit to the print page, for one document."""

    printers: ClassVar[Callable[[], Printers]] = SystemPrinters  # tests pretend other printers
    quiet_lock_ms: ClassVar[int] = QUIET_LOCK_MS

    def __init__(
        self, controller: KioskController, pdf: Path, back: Callable[[], object], by: Actor
    ) -> None:
        self.controller = controller
        self.pdf = pdf
        self.back = back
        self.by = by  # the patient whose copy it is
        self.backend = type(self).printers()  # a class attribute: not a method
        self.choices = self.backend.available()
        names = [c.name for c in self.choices]
        default = self.backend.default_name()
        self.progress = _Progress(default if default in names else (names or [""])[0])
        self.page: PrintPage | None = None

    @classmethod
    def open(
        cls, controller: KioskController, pdf: Path, back: Callable[[], object], by: Actor
    ) -> None:
        """Show the print page in place of the current screen; ``back`` shows that again."""
        cls(controller, pdf, back, by).show()

    def show(self) -> None:
        """Build the page (again, after a language switch) as far as printing got."""
        page = PrintPage(self.choices, self.progress.printer, self.progress.copies)
        # Lambdas, not bound methods: PySide holds a bound method's object only weakly,
        # and nothing but these connections keeps this flow alive.
        page.choice_changed.connect(lambda name, copies: self._chose(name, copies))  # noqa: PLW0108
        page.print_requested.connect(lambda name, copies: self._print(name, copies))  # noqa: PLW0108
        page.back_requested.connect(lambda: self.back())  # noqa: PLW0108
        QuietLock(page, self.quiet_lock_ms, lambda: self._lock(page))
        self.page = page
        self.controller.show_patient_screen(page, self.show)
        self._show_stage(page)

    def _show_stage(self, page: PrintPage) -> None:
        stage = self.progress.stage
        if stage == "printing":
            page.printing()
        elif stage == "sent":
            page.sent(self.progress.sent_to)
        elif stage == "failed":
            page.failed()

    def _chose(self, printer: str, copies: int) -> None:
        self.progress.printer, self.progress.copies = printer, copies

    def _print(self, printer: str, copies: int) -> None:
        self._chose(printer, copies)
        self.progress.stage = "printing"
        self._update_page()
        self.backend.print_pdf(printer, self.pdf, copies, lambda ok: self._printed(ok))  # noqa: PLW0108

    def _printed(self, ok: bool) -> None:
        label = next((c.label for c in self.choices if c.name == self.progress.printer), "")
        self.progress.stage, self.progress.sent_to = ("sent", label) if ok else ("failed", "")
        self._record(ok)
        self._update_page()

    def _record(self, sent: bool) -> None:
        """The print goes in the audit trail; a failure to record it is logged (its kind
        only) and does not take the page from the patient."""
        printer, copies = self.progress.printer, self.progress.copies
        database = self.controller.services.database
        try:
            record_print(database, self.pdf, printer=printer, copies=copies, sent=sent, by=self.by)
        except Exception as error:
            LOG.error("the print could not be recorded: %s", type(error).__name__)

    def _update_page(self) -> None:
        """Only the page on screen is told: the patient may have paused, or the tablet locked."""
        if self.page is not None and self.controller.window.current is self.page:
            self._show_stage(self.page)

    def _lock(self, page: PrintPage) -> None:
        if self.controller.window.current is page:
            self.controller.show_locked()
