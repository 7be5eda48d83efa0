"""The staff desk's composition root: settings, database, forms, then the window.

``intake-app desk`` opens it on a nurse's or records clerk's computer: a normal
window, a login, then the pages the person's roles open. Several desks and
tablets may share one database (PostgreSQL); on one computer SQLite works too.
Objects are passed down; there is no global registry.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import FormCatalog
from intake_app.gui.app import install_error_hook
from intake_app.gui.background import Background
from intake_app.gui.desk.controller import DeskController
from intake_app.gui.desk.desk_services import DeskServices
from intake_app.gui.desk.login_page import LoginPage
from intake_app.gui.desk.people_page import PeoplePage
from intake_app.gui.desk.records_page import RecordsPage
from intake_app.gui.desk.window import DeskWindow
from intake_app.gui.fonts import register_fonts
from intake_app.services.actor import Actor
from intake_app.services.clock import utc_now
from intake_app.services.document_list import DocumentList
from intake_app.services.people import People
from intake_app.services.this_machine import open_database
from intake_app.settings import Settings, SettingsError, load_settings


class DeskPages:
    """Makes each page for the person logged in: every service call is made for them."""

    def __init__(self, services: DeskServices) -> None:
        self.services = services

    def make(self, name: str, actor: Actor) -> QWidget:
        s = self.services
        if name == "records":
            return RecordsPage(DocumentList(s.database, actor), s.background)
        if name == "queue":  # the review queue and the review page come with the nurse station
            return QLabel("Review queue")
        if name == "people":
            return PeoplePage(People(s.database, actor), s.background)
        raise LookupError(f"no desk page called {name!r}")


def build_desk(
    settings: Settings,
    app: QApplication,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] = utc_now,
    today: Callable[[], dt.date] = dt.date.today,
) -> tuple[DeskWindow, DeskController, DeskServices]:
    """The desk window on ``settings``' database (clock, now and today injectable)."""
    register_fonts()
    database = open_database(settings)
    try:
        catalog: FormCatalog | None = FormCatalog.from_folder(settings.forms_dir)
    except FormFileError:
        catalog = None  # the review page says so; the queue and records still work
    background = Background()
    services = DeskServices(settings, database, catalog, background, now, today)
    title = f"{settings.clinic.clinic.name or 'Clinic'} — staff desk"
    window = DeskWindow(title, LoginPage(settings.clinic.clinic.name))
    background.setParent(window)
    controller = DeskController(services, window, app, DeskPages(services), clock=clock)
    return window, controller, services


def run_desk() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app desk")
    try:
        settings = load_settings()
    except SettingsError as problem:
        QMessageBox.critical(None, "The clinic settings cannot be used", str(problem))
        print(f"intake-app: {problem}", file=sys.stderr)
        return 1
    window, controller, services = build_desk(settings, app)
    install_error_hook(controller)
    window.show()
    try:
        return app.exec()
    finally:
        services.background.wait()
        services.database.dispose()
