"""What the screens may use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.clinic_file import write_clinic_file_template
from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.idle import IdlePolicy
from intake_app.services.settings_record import record_settings_at_start_up
from intake_app.services.this_machine import Database, open_database
from intake_app.settings import Settings


@dataclass
class AppServices:
    settings: Settings
    database: Database
    catalog: FormCatalog | None
    problems: list[str]
    device_id: str
    idle_policy: IdlePolicy


def build_services(settings: Settings) -> AppServices:
    """Open storage, record a change of the clinic settings in the audit trail, and load
    the forms; broken forms become a notice for staff, not a crash."""
    write_clinic_file_template(settings.clinic_file)
    database = open_database(settings)
    record_settings_at_start_up(database, settings)
    problems: list[str] = []
    catalog: FormCatalog | None = None
    try:
        catalog = FormCatalog.from_folders(settings.form_folders)
    except FormFileError as exc:
        problems = ["For staff: the forms have problems; run 'intake-app forms check'."]
        problems += [str(p) for p in exc.problems[:5]]
    kiosk = settings.clinic.kiosk
    policy = IdlePolicy(float(kiosk.idle_seconds), float(kiosk.warning_seconds))
    return AppServices(settings, database, catalog, problems, settings.device_id(), policy)
