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

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import FormCatalog
from intake_app.gui.app import install_error_hook
from intake_app.gui.background import Background
from intake_app.gui.desk.controller import DeskController
from intake_app.gui.desk.desk_services import DeskServices
from intake_app.gui.desk.form_versions_page import FormVersionsPage
from intake_app.gui.desk.login_page import LoginPage
from intake_app.gui.desk.people_page import PeoplePage
from intake_app.gui.desk.queue_page import QueuePage
from intake_app.gui.desk.records_page import RecordsCalls, RecordsPage
from intake_app.gui.desk.review_desk import ReviewDesk
from intake_app.gui.desk.review_page import FormsUnreadable, ReviewCalls, ReviewPage
from intake_app.gui.desk.settings_page import SettingsPage
from intake_app.gui.desk.window import DeskWindow
from intake_app.gui.fonts import register_fonts
from intake_app.services.actor import Actor
from intake_app.services.answers_csv import answers_csv, csv_file_bytes
from intake_app.services.attestation import Attestations
from intake_app.services.chart_filing import ChartFiling
from intake_app.services.clinic_settings import ClinicSettingsFile, offered_languages
from intake_app.services.clock import utc_now
from intake_app.services.connection import NOT_REACHED_AT_START, DatabaseUnavailable
from intake_app.services.fhir_export import bundle_file_bytes, fhir_bundle
from intake_app.services.form_versions import FormVersions
from intake_app.services.people import People
from intake_app.services.permissions import Permission, allowed
from intake_app.services.printing import record_print
from intake_app.services.review import Reviews
from intake_app.services.review_addendum import make_review_addendum
from intake_app.services.review_queue import ReviewQueue
from intake_app.services.review_record import ReviewRecord, open_review
from intake_app.services.schema_upgrade import SchemaVersionError
from intake_app.services.seal_status import seal_status
from intake_app.services.this_machine import open_database
from intake_app.settings import Settings, SettingsError, load_settings


class DeskPages:
    """Makes each page for the person logged in: every service call is made for them."""

    def __init__(self, services: DeskServices) -> None:
        self.services = services

    def make(self, name: str, actor: Actor) -> QWidget:
        s = self.services
        if name == "records":
            return RecordsPage(self.records_calls(actor), s.background)
        if name == "queue":
            queue = QueuePage(ReviewQueue(s.database, actor), s.background, s.now)
            return ReviewDesk(queue, ReviewPage(self.review_calls(actor), s.background))
        if name == "people":
            return PeoplePage(People(s.database, actor), s.background)
        if name == "forms":
            versions = FormVersions(s.database, s.settings.form_folders, actor)
            return FormVersionsPage(versions, s.background, self.reload_forms)
        if name == "settings":
            languages = offered_languages(s.catalog)
            clinic_file = ClinicSettingsFile(s.database, actor, s.settings.clinic_file, languages)
            return SettingsPage(clinic_file, s.background, languages)
        raise LookupError(f"no desk page called {name!r}")

    def reload_forms(self) -> None:
        """Read the forms again (a version was just published here)."""
        self.services.catalog = _catalog(self.services.settings)

    def catalog(self) -> FormCatalog:
        """The forms, for a call that needs them; ``FormsUnreadable`` when they cannot be
        read here (the page says so; the queue and the list of documents still work)."""
        if self.services.catalog is None:
            raise FormsUnreadable("the form files on this computer cannot be read")
        return self.services.catalog

    def records_calls(self, actor: Actor) -> RecordsCalls:
        """The records page's calls, each made for ``actor``."""
        s = self.services
        settings, database = s.settings, s.database

        catalog = self.catalog

        def export_fhir(intake_id: str) -> bytes:
            bundle = fhir_bundle(database, intake_id, catalog=catalog(), settings=settings,
                                 by=actor)  # fmt: skip
            return bundle_file_bytes(bundle)

        def export_csv(since: dt.date, until: dt.date) -> bytes:
            return csv_file_bytes(answers_csv(database, since, until, catalog=catalog(), by=actor))

        return RecordsCalls(
            filing=ChartFiling(database, actor, settings, clock=s.now),
            export_fhir=export_fhir,
            export_csv=export_csv,
            record_print=lambda pdf, printer, sent: record_print(
                database, pdf, printer=printer, copies=1, sent=sent, by=actor
            ),
            may_file=allowed(actor, Permission.FILE_DOCUMENT),
            may_export=allowed(actor, Permission.EXPORT),
        )

    def review_calls(self, actor: Actor) -> ReviewCalls:
        """The review page's calls, each made for ``actor``."""
        s = self.services
        settings, database = s.settings, s.database

        def open_intake(intake_id: str) -> ReviewRecord:
            return open_review(
                database, intake_id, catalog=self.catalog(), today=s.today(), by=actor
            )

        def make_addendum(review_id: str) -> object:
            return make_review_addendum(
                database, review_id, settings=settings, catalog=self.catalog(), by=actor
            )

        return ReviewCalls(
            open=open_intake,
            reviews=Reviews(database, actor, settings.clinic.staff, clock=s.now),
            seal_status=lambda document_id: seal_status(
                database, document_id, settings=settings, by=actor
            ),
            make_addendum=make_addendum,
            attestations=(
                Attestations(database, actor, settings.clinic.staff, clock=s.now)
                if allowed(actor, Permission.ATTEST_CONSENT)
                else None
            ),
            may_acknowledge=allowed(actor, Permission.ACKNOWLEDGE_FLAG),
            may_clear_stop=allowed(actor, Permission.DECIDE_STOP),
            now=s.now,
        )


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
    background = Background()
    services = DeskServices(settings, database, _catalog(settings), background, now, today)
    title = f"{settings.clinic.clinic.name or 'Clinic'} — staff desk"
    window = DeskWindow(title, LoginPage(settings.clinic.clinic.name))
    background.setParent(window)
    controller = DeskController(services, window, app, DeskPages(services), clock=clock)
    return window, controller, services


def _catalog(settings: Settings) -> FormCatalog | None:
    try:
        return FormCatalog.from_folders(settings.form_folders)
    except FormFileError:
        return None  # the review page says so; the queue and records still work


def run_desk() -> int:
    from intake_app.gui.launch import one_line_if_qt_aborts

    with one_line_if_qt_aborts():
        app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app desk")
    try:
        settings = load_settings()
        window, controller, services = build_desk(settings, app)
    except SettingsError as problem:
        return _cannot_open("The clinic settings cannot be used", problem)
    except SchemaVersionError as problem:
        return _cannot_open("The database is not at this app's version", problem)
    except DatabaseUnavailable:
        return _cannot_open("The database could not be reached", NOT_REACHED_AT_START)
    install_error_hook(controller)
    window.show()
    try:
        return app.exec()
    finally:
        services.background.wait()
        services.database.dispose()


def _cannot_open(title: str, problem: Exception | str) -> int:
    """Why the desk cannot open, in a window and on standard error (exit 1)."""
    QMessageBox.critical(None, title, str(problem))
    print(f"intake-app: {problem}", file=sys.stderr)
    return 1
