"""The composition root: build settings, storage and forms, then the kiosk.

Start-up order:
1. open the window at once on the starting screen: the clinic's name read from the
   clinic file as it is (``first_look``), nothing to tap. Only Qt and that screen's
   own code are loaded before it is drawn;
2. once it is drawn, off the GUI thread: read and check the settings (environment
   and clinic file; a commented clinic file is written on first run so staff know
   what to fill in), open the database (checking its version) and load and check
   the forms, and load the kiosk's code. A clinic file that cannot be used opens a
   screen for staff instead, which builds the rest once the file is fixed and staff
   tap Try again;
3. back on the GUI thread: load the bundled emoji font and build the kiosk's
   controller in the window;
4. open on the locked screen, or on the set-up screen of a first run, or on the
   paused screen of an intake that a crash or power cut interrupted on this tablet.
Objects are passed down; there is no global registry. The heavy libraries (pydantic,
SQLAlchemy, the YAML loader; the PDF and FHIR ones only when a document or an export
is made) are imported where they are first needed, never before the first screen.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QApplication

from intake_app.first_look import first_look
from intake_app.gui.first_paint import after_first_paint, mark_first_paint
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.screens.starting import StartingScreen
from intake_app.gui.theme import Look, stylesheet

if TYPE_CHECKING:
    from intake_app.gui.app_services import AppServices
    from intake_app.gui.background import Background
    from intake_app.gui.kiosk import KioskController
    from intake_app.gui.screens.settings_problem import SettingsProblemScreen
    from intake_app.services.connection import DatabaseUnavailable
    from intake_app.services.schema_upgrade import SchemaVersionError
    from intake_app.settings import Settings, SettingsError

LOG = logging.getLogger(__name__)
# Should the window never be painted (a platform that does not expose it), the app
# gets ready all the same after this long.
READY_AT_LATEST_MS = 500


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
    from intake_app.gui.fonts import register_fonts
    from intake_app.gui.kiosk import KioskController

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
        import traceback

        from intake_app.services.connection import DatabaseUnavailable

        where = traceback.extract_tb(trace)[-1] if trace is not None else None
        place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
        LOG.error("unexpected error (%s) at %s", kind.__name__, place)
        controller.recover(connection_lost=isinstance(error, DatabaseUnavailable))

    sys.excepthook = on_error


@dataclass
class Prepared:
    """What the kiosk is built from, made off the GUI thread: the checked settings and the
    services, or the problem that stops the kiosk from opening."""

    settings: Settings | None = None
    services: AppServices | None = None
    problem: SettingsError | SchemaVersionError | DatabaseUnavailable | None = None


def prepare(load: Callable[[], Settings]) -> Prepared:
    """Read the settings, open storage and load the forms and the kiosk's code; touches no
    widget, so it may run on a worker thread. A clinic file that cannot be used, a
    database at another version or out of reach is returned, not raised."""
    from intake_app.gui.app_services import build_services
    from intake_app.services.connection import DatabaseUnavailable
    from intake_app.services.schema_upgrade import SchemaVersionError
    from intake_app.settings import SettingsError

    try:
        settings = load()
    except SettingsError as error:
        return Prepared(problem=error)
    try:
        services = build_services(settings)
    except (SchemaVersionError, DatabaseUnavailable) as error:  # before any screen is built
        return Prepared(settings, problem=error)
    importlib.import_module("intake_app.gui.kiosk")  # its code, while the window waits
    return Prepared(settings, services)


def _load_settings() -> Settings:
    from intake_app.settings import load_settings

    return load_settings()


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
        load: Callable[[], Settings] = _load_settings,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
        speech_engine: str | None = None,
    ) -> None:
        self.app, self.window, self.load = app, window, load
        self.clock, self.today, self.speech_engine = clock, today, speech_engine
        self.services: AppServices | None = None
        self.controller: KioskController | None = None
        self.failure: Exception | None = None  # what stopped a start in the background
        self._background: Background | None = None

    def open(
        self, *, checked_again: bool = False
    ) -> SettingsError | SchemaVersionError | DatabaseUnavailable | None:
        """The kiosk, or the problem screen; returns the problem, if any."""
        return self._open_prepared(prepare(self.load), checked_again=checked_again)

    def open_once_drawn(self, environ: Mapping[str, str] | None = None) -> None:
        """Show the starting screen at once; get ready off the GUI thread once it is drawn,
        then open the kiosk or the problem screen (a problem is also said on stderr)."""
        look = first_look(environ)
        self.window.setWindowTitle(look.clinic_name or "Patient intake")
        self.app.setStyleSheet(stylesheet(Look()))
        self.window.show_screen(StartingScreen(look.clinic_name), patient_mode=False)
        show_window(self.window, full_screen=look.full_screen)
        after_first_paint(self.window, self._prepare_in_background, at_latest_ms=READY_AT_LATEST_MS)

    def _prepare_in_background(self) -> None:
        from intake_app.gui.background import Background

        self._background = Background(self.window)
        self._background.run(lambda: prepare(self.load), self._prepared, self._failed)

    def _prepared(self, prepared: Prepared) -> None:
        problem = self._open_prepared(prepared, checked_again=False)
        if problem is not None:
            print(f"intake-app: {problem}", file=sys.stderr)

    def _failed(self, error: Exception) -> None:
        """Nothing foreseen stopped the start: the app ends, and says so as it would have."""
        self.failure = error
        self.app.exit(70)

    def _open_prepared(
        self, prepared: Prepared, *, checked_again: bool
    ) -> SettingsError | SchemaVersionError | DatabaseUnavailable | None:
        from intake_app.services.connection import NOT_REACHED_AT_START, DatabaseUnavailable
        from intake_app.services.schema_upgrade import SchemaVersionError
        from intake_app.settings import SettingsError

        problem = prepared.problem
        if problem is None and prepared.settings is not None and prepared.services is not None:
            try:
                self._open_kiosk(prepared.settings, prepared.services)
            except DatabaseUnavailable as error:  # the server is down: Try again when it is up
                problem = error
        if isinstance(problem, SettingsError):
            self._show_problem(problem, checked_again=checked_again)
        elif prepared.settings is not None and isinstance(problem, SchemaVersionError):
            self._show_database_problem(
                str(problem), prepared.settings, checked_again=checked_again, kind="version"
            )
        elif prepared.settings is not None and isinstance(problem, DatabaseUnavailable):
            self._show_database_problem(
                NOT_REACHED_AT_START,
                prepared.settings,
                checked_again=checked_again,
                kind="unreached",
            )
        return problem

    def recover(self, *, connection_lost: bool = False) -> None:
        """After an unexpected error: the kiosk recovers; the problem screen stays as it is."""
        if self.controller is not None:
            self.controller.recover(connection_lost=connection_lost)

    def _open_kiosk(self, settings: Settings, services: AppServices) -> None:
        self.services = services
        _window, self.controller = build_kiosk(
            self.services,
            self.app,
            window=self.window,
            clock=self.clock,
            today=self.today,
            speech_engine=self.speech_engine,
        )
        self.controller.start()
        self._show_window(full_screen=settings.clinic.kiosk.full_screen)

    def _show_window(self, *, full_screen: bool) -> None:
        """Shown as the settings say: the starting screen may have guessed otherwise."""
        if not self.window.isVisible() or self.window.isFullScreen() != full_screen:
            show_window(self.window, full_screen=full_screen)

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
        from intake_app.gui.screens.settings_problem import SettingsProblemScreen
        from intake_app.settings_problems import kiosk_fallback

        fallback = kiosk_fallback(error.path)
        screen = SettingsProblemScreen(error.path, error.problems, checked_again=checked_again)
        self._show_screen(screen, full_screen=bool(fallback.full_screen))

    def _show_database_problem(
        self, words: str, settings: Settings, *, checked_again: bool, kind: str
    ) -> None:
        """The same screen for a database at another version or out of reach: its words
        say what to do (``intake-app db upgrade``, start the server), then Try again
        opens the kiosk. The database is not used, so nobody signs in here either."""
        from intake_app.gui.screens.settings_problem import SettingsProblemScreen
        from intake_app.settings_problems import SettingsProblem

        problems = [SettingsProblem(words)]
        screen = SettingsProblemScreen(None, problems, checked_again=checked_again, database=kind)
        self._show_screen(screen, full_screen=settings.clinic.kiosk.full_screen)

    def _show_screen(self, screen: SettingsProblemScreen, *, full_screen: bool) -> None:
        self.app.setStyleSheet(stylesheet(Look()))
        screen.retry_requested.connect(lambda: self.open(checked_again=True))
        screen.close_requested.connect(self.quit)
        self.window.show_screen(screen, patient_mode=False)
        self._show_window(full_screen=full_screen)

    def quit(self) -> None:
        self.window.may_close = True
        self.window.close()
        self.app.quit()


def run() -> int:
    from intake_app.gui.launch import one_line_if_qt_aborts

    with one_line_if_qt_aborts():
        app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app")
    window = KioskWindow("Patient intake")
    mark_first_paint(window)
    start = AppStart(app, window)
    install_error_hook(start)
    start.open_once_drawn()
    try:
        code = app.exec()
        if start.failure is not None:
            raise start.failure
        return code
    finally:
        if start.services is not None:
            start.services.database.dispose()
