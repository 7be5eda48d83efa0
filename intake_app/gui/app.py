"""The composition root: build settings, storage and forms, then the kiosk.

Start-up order:
1. read the settings (environment and clinic file); write a commented clinic
   file on first run so staff know what to fill in;
2. open the database (creating the schema) and load and check the forms;
3. create the QApplication, the kiosk window and its controller;
4. open on the locked screen, or on the paused screen of an intake that a
   crash or power cut interrupted on this tablet.
Objects are passed down; there is no global registry.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from intake_app.gui.app_services import AppServices, build_services
from intake_app.gui.kiosk import KioskController
from intake_app.gui.main_window import KioskWindow
from intake_app.settings import load_settings


def build_kiosk(
    services: AppServices,
    app: QApplication,
    *,
    clock: Callable[[], float] = time.monotonic,
    today: Callable[[], dt.date] = dt.date.today,
    speech_engine: str | None = None,
) -> tuple[KioskWindow, KioskController]:
    """The window and its controller (clock, today and the voice engine injectable for tests)."""
    title = services.settings.clinic.clinic.name or "Patient intake"
    window = KioskWindow(title)
    controller = KioskController(services, window, app, clock=clock, today=today)
    controller.reader.engine_name = speech_engine
    return window, controller


def run() -> int:
    services = build_services(load_settings())
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app")
    window, controller = build_kiosk(services, app)
    controller.start()
    if services.settings.clinic.kiosk.full_screen:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    try:
        return app.exec()
    finally:
        services.database.dispose()
