"""The composition root: build settings, storage and forms, then the kiosk.

Start-up order:
1. read the settings (environment and clinic file); write a commented clinic
   file on first run so staff know what to fill in;
2. open the database (creating the schema) and load and check the forms;
3. create the QApplication, load the bundled emoji font, build the kiosk window
   and its controller;
4. open on the locked screen, or on the paused screen of an intake that a
   crash or power cut interrupted on this tablet.
Objects are passed down; there is no global registry.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from intake_app.gui.app_services import AppServices, build_services
from intake_app.gui.fonts import register_fonts
from intake_app.gui.kiosk import KioskController
from intake_app.gui.main_window import KioskWindow
from intake_app.settings import load_settings

LOG = logging.getLogger(__name__)


def build_kiosk(
    services: AppServices,
    app: QApplication,
    *,
    clock: Callable[[], float] = time.monotonic,
    today: Callable[[], dt.date] = dt.date.today,
    speech_engine: str | None = None,
) -> tuple[KioskWindow, KioskController]:
    """The window and its controller (clock, today and the voice engine injectable for tests)."""
    register_fonts()
    title = services.settings.clinic.clinic.name or "Patient intake"
    window = KioskWindow(title)
    controller = KioskController(services, window, app, clock=clock, today=today)
    controller.reader.engine_name = speech_engine
    return window, controller


def show_window(window: KioskWindow, *, full_screen: bool) -> None:
    """Full screen on the tablet (the clinic setting), else a tablet-sized window."""
    if full_screen:
        window.setGeometry(window.screen().geometry())  # whole screen even with no window manager
        window.showFullScreen()
    else:
        window.showNormal()
        window.resize(1280, 800)


def install_error_hook(controller: KioskController) -> None:
    """An unexpected error never shows a traceback and never loses the patient's place.

    The log gets the kind of error and where in the code it happened, never its
    message (which could hold an answer); the tablet goes to the paused screen
    (the answers are saved) or, with no patient, to the locked start screen.
    """

    def on_error(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        where = traceback.extract_tb(trace)[-1] if trace is not None else None
        place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
        LOG.error("unexpected error (%s) at %s", kind.__name__, place)
        controller.recover()

    sys.excepthook = on_error


def run() -> int:
    services = build_services(load_settings())
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app")
    window, controller = build_kiosk(services, app)
    install_error_hook(controller)
    controller.start()
    show_window(window, full_screen=services.settings.clinic.kiosk.full_screen)
    try:
        return app.exec()
    finally:
        services.database.dispose()
