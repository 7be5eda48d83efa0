"""The composition root: build settings, storage and forms, then the window.

Start-up order:
1. read the settings (environment and clinic file); write a commented clinic
   file on first run so staff know what to fill in;
2. open the database (creating the schema);
3. load and check the forms;
4. create the QApplication, apply the theme and show the main window.
Objects are passed down; there is no global registry.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from intake_app.gui.main_window import MainWindow
from intake_app.gui.start_screen import StartScreen
from intake_app.paths import resources_dir
from intake_app.questionnaire.catalog import FormCatalog
from intake_app.questionnaire.source import FormFileError
from intake_app.settings import Settings, load_settings, write_clinic_file_template
from intake_app.storage.db import Database


@dataclass
class AppServices:
    """What the screens may use; built once here."""

    settings: Settings
    database: Database
    catalog: FormCatalog | None
    problems: list[str]


def build_services(settings: Settings) -> AppServices:
    write_clinic_file_template(settings.clinic_file)
    database = Database(settings.database_url)
    try:
        catalog: FormCatalog | None = FormCatalog.from_folder(settings.forms_dir)
        problems: list[str] = []
    except FormFileError as exc:
        catalog = None
        problems = ["For staff: the forms have problems; run 'intake-app forms check'."]
        problems += [str(p) for p in exc.problems[:5]]
    return AppServices(settings, database, catalog, problems)


def build_window(services: AppServices) -> MainWindow:
    start = StartScreen(services.settings, services.problems)
    title = services.settings.clinic.clinic.name or "Patient intake"
    return MainWindow(title, start)


def apply_theme(app: QApplication) -> None:
    app.setStyleSheet((resources_dir() / "themes" / "base.qss").read_text(encoding="utf-8"))


def run() -> int:
    services = build_services(load_settings())
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("intake-app")
    apply_theme(app)
    window = build_window(services)
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        services.database.dispose()
