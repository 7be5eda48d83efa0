"""The composition root: build settings, storage and forms, then the kiosk.

Start-up order:
1. read the settings (environment and clinic file); write a commented clinic
   file on first run so staff know what to fill in. A clinic file that cannot
   be used opens a screen for staff instead, which builds the rest (2 to 4)
   once the file is fixed and staff tap Try again;
2. open the database (creating the schema) and load and check the forms;
3. load the bundled emoji font and build the kiosk's controller in the window;
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
from typing import Any, Protocol

from PySide6.QtWidgets import QApplication

from intake_app.gui.app_services import AppServices, build_services
from intake_app.gui.fonts import register_fonts
from intake_app.gui.kiosk import KioskController
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.screens.settings_problem import SettingsProblemScreen
from intake_app.gui.theme import Look, stylesheet
from intake_app.services.connection import NOT_REACHED_AT_START, DatabaseUnavailable
from intake_app.services.schema_upgrade import SchemaVersionError
from intake_app.settings import Settings, SettingsError, load_settings
from intake_app.settings_problems import SettingsProblem, kiosk_fallback

LOG = logging.getLogger(__name__)


def build_kiosk(
    services: AppServices,
    app: QApplication,
    *,
    window: KioskWindow | None = None,
    clock: Callable[[], float] = time.monotonic,
    today: Callable[[], dt.date] = dt.date.today,
    speech_engine: str | None = None,
) -> tuple[KioskWindow, KioskController]:
    """The window (new, or one already open) and its controller (clock, today and the
    voice engine injectable for tests)."""
    register_fonts()
    title = services.settings.clinic.clinic.name or "Patient intake"
    if window is None:
        window = KioskWindow(title)
    window.setWindowTitle(title)
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


class Recovers(Protocol):
    def recover(self, *, connection_lost: bool = False) -> None: ...


def install_error_hook(controller: Recovers) -> None:
    """An unexpected error never shows a traceback and never loses the patient's place.

    The log gets the kind of error and where in the code it happened, never its
    message (which could hold an answer); the tablet goes to the paused screen
    (the answers are saved) or, with no patient, to the locked start screen. A lost
    connection to the database is said as such (``connection_lost``).
    """

    def on_error(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        where = traceback.extract_tb(trace)[-1] if trace is not None else None
        place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
        LOG.error("unexpected error (%s) at %s", kind.__name__, place)
        controller.recover(connection_lost=isinstance(error, DatabaseUnavailable))

    sys.excepthook = on_error


class AppStart:
    """Opens the kiosk; while the clinic settings file cannot be used, a screen for staff.

    That screen names the file and each problem. Try again reads the file again
    and, once it is good, builds the kiosk in the same window: no restart. A database
    at another version than the app's gets the same screen, with what to run.
    """

    def __init__(
        self,
        app: QApplication,
        window: KioskWindow,
        *,
        load: Callable[[], Settings] = load_settings,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
        speech_engine: str | None = None,
    ) -> None:
        self.app, self.window, self.load = app, window, load
        self.clock, self.today, self.speech_engine = clock, today, speech_engine
        self.services: AppServices | None = None
        self.controller: KioskController | None = None

    def open(
        self, *, checked_again: bool = False
    ) -> SettingsError | SchemaVersionError | DatabaseUnavailable | None:
        """The kiosk, or the problem screen; returns the problem, if any."""
        try:
            settings = self.load()
        except SettingsError as error:
            self._show_problem(error, checked_again=checked_again)
            return error
        try:
            self._open_kiosk(settings)
        except SchemaVersionError as error:  # raised before any screen is built
            self._show_database_problem(
                str(error), settings, checked_again=checked_again, kind="version"
            )
            return error
        except DatabaseUnavailable as error:  # the server is down: Try again when it is up
            self._show_database_problem(
                NOT_REACHED_AT_START, settings, checked_again=checked_again, kind="unreached"
            )
            return error
        return None

    def recover(self, *, connection_lost: bool = False) -> None:
        """After an unexpected error: the kiosk recovers; the problem screen stays as it is."""
        if self.controller is not None:
            self.controller.recover(connection_lost=connection_lost)

    def _open_kiosk(self, settings: Settings) -> None:
        self.services = build_services(settings)
        _window, self.controller = build_kiosk(
            self.services,
            self.app,
            window=self.window,
            clock=self.clock,
            today=self.today,
            speech_engine=self.speech_engine,
        )
        self.controller.start()
        show_window(self.window, full_screen=settings.clinic.kiosk.full_screen)

    def _show_problem(self, error: SettingsError, *, checked_again: bool) -> None:
        """The problem screen, opened full screen only if the file still says so.

        Close the app closes it at once, with no PIN: staff accounts are in the
        database, and the settings that say how to check a PIN (the lock-out) are
        in the very file that cannot be read, so nobody could be checked here.
        The screen shows nothing about patients and the database is not even
        opened; staff may need the tablet's desktop to fix the file; and a
        tablet stuck on this screen could only be switched off. Whoever can
        touch the tablet could do as much by switching it off and on.
        """
        fallback = kiosk_fallback(error.path)
        screen = SettingsProblemScreen(error.path, error.problems, checked_again=checked_again)
        self._show_screen(screen, full_screen=bool(fallback.full_screen))

    def _show_database_problem(
        self, words: str, settings: Settings, *, checked_again: bool, kind: str
    ) -> None:
        """The same screen for a database at another version or out of reach: its words
        say what to do (``intake-app db upgrade``, start the server), then Try again
        opens the kiosk. The database is not used, so nobody signs in here either."""
        problems = [SettingsProblem(words)]
        screen = SettingsProblemScreen(None, problems, checked_again=checked_again, database=kind)
        self._show_screen(screen, full_screen=settings.clinic.kiosk.full_screen)

    def _show_screen(self, screen: SettingsProblemScreen, *, full_screen: bool) -> None:
        self.app.setStyleSheet(stylesheet(Look()))
        screen.retry_requested.connect(lambda: self.open(checked_again=True))
        screen.close_requested.connect(self.quit)
        self.window.show_screen(screen, patient_mode=False)
        if not self.window.isVisible():
            show_window(self.window, full_screen=full_screen)

    def quit(self) -> None:
        self.window.may_close = True
        self.window.close()
        self.app.quit()


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app")
    start = AppStart(app, KioskWindow("Patient intake"))
    install_error_hook(start)
    problem = start.open()
    if problem is not None:
        print(f"intake-app: {problem}", file=sys.stderr)
    try:
        return app.exec()
    finally:
        if start.services is not None:
            start.services.database.dispose()
