"""The tablet's documents: made off the GUI thread, offered to print, owed ones made later.

A signed consent or withdrawal makes its sealed documents through
``services.documents`` as the app itself (``Actor.system``), whoever is at the
screen. The patient's copy is offered on the thank-you screen to the patient
it belongs to (``owner``), and only to them: the next patient never gets it,
even when it arrives late. At start-up, documents a crash or an outage left
unmade are made, and staff are told on the locked screen about any that fail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.gui.print_flow import PrintFlow
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.services.actor import Actor
from intake_app.services.documents import DocumentAttempt, Documents

if TYPE_CHECKING:
    from intake_app.gui.kiosk import KioskController

LOG = logging.getLogger(__name__)


class DocumentFlow(QObject):
    """The documents of the patient at the tablet now, and those owed from before."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.last_document: Path | None = None  # the patient's copy, once made
        self.owner: Actor | None = None  # the patient it belongs to
        self.notices: list[str] = []  # for staff, on the locked screen
        self._request = object()  # the patient whose copy is being made

    def documents(self) -> Documents:
        """Document making on this tablet: the app itself acts, whoever is signed in."""
        services = self.controller.services
        actor = Actor.system(services.device_id)
        return Documents(services.database, services.settings, services.catalog, actor)

    # --- the patient's copy --------------------------------------------------------------

    def make_for_signing(self, intake_id: str, owner: Actor) -> None:
        """Build, seal and file the chart PDF, then the patient's copy (to print)."""
        documents, today = self.documents(), self.controller.today()
        self._make(lambda: Path(documents.for_signing(intake_id, today=today).copy.path), owner)

    def make_for_withdrawal(self, record_id: str, owner: Actor) -> None:
        """The sealed withdrawal document, which is also the patient's copy."""
        documents, today = self.documents(), self.controller.today()
        self._make(lambda: Path(documents.for_withdrawal(record_id, today=today).path), owner)

    def forget(self) -> None:
        """The previous patient's copy is never offered, even if it arrives late."""
        self.last_document, self.owner = None, None
        self._request = object()

    def _make(self, make: Callable[[], Path], owner: Actor) -> None:
        self.forget()
        self.owner = owner
        request = self._request
        self.controller.background.run(
            make,
            lambda path: self._made(path, request),
            lambda error: self._failed(error, request),
        )

    def _made(self, path: Path, request: object) -> None:
        if request is not self._request:
            return
        self.last_document = path
        screen = self.controller.window.current
        if isinstance(screen, ThankYouScreen):
            screen.copy_ready()

    def _failed(self, error: Exception, request: object) -> None:
        # No patient data in the log: only what kind of failure it was.
        LOG.error("chart document could not be made: %s", type(error).__name__)
        screen = self.controller.window.current
        if request is self._request and isinstance(screen, ThankYouScreen):
            screen.copy_failed()

    def print_copy(self, back: Callable[[], object]) -> None:
        """The print page, in place of the thank-you screen; ``back`` rebuilds that."""
        if self.last_document is not None and self.owner is not None:
            PrintFlow.open(self.controller, self.last_document, back=back, by=self.owner)

    # --- documents owed ------------------------------------------------------------------

    def make_missing(self) -> None:
        """Documents a failed seal left unmade (a network outage, a crash) are made now;
        without forms, only interrupted writes are dealt with."""
        documents, today = self.documents(), self.controller.today()
        self.controller.background.run(
            lambda: documents.missing(today=today), self._missing_made, self._missing_failed
        )

    def _missing_made(self, attempts: list[DocumentAttempt]) -> None:
        failed = sum(1 for attempt in attempts if not attempt.made)
        self.notices = (
            [
                self.tr(
                    "For staff: {n} chart documents could not be made. "
                    "Run: intake-app documents make-missing"
                ).format(n=failed)
            ]
            if failed
            else []
        )
        if isinstance(self.controller.window.current, LockedScreen) and failed:
            self.controller.show_locked()

    def _missing_failed(self, error: Exception) -> None:
        LOG.error("missing documents could not be looked for: %s", type(error).__name__)
