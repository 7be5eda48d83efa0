"""``intake-app export fhir | csv``: the clinic's records for other systems and for audits.

``fhir INTAKE_ID [--out FILE]`` writes one completed intake as a FHIR R4 transaction
Bundle (JSON; ``services.fhir_export``), to standard output when no file is named.
``csv --from DATE --to DATE --out FILE`` writes the answers of the intakes completed
in that range (``services.answers_csv``) as UTF-8 with a byte-order mark, so that
Excel reads accents and other scripts right (it takes a file without one for the
computer's old code page). Files are new and readable by their owner only: an export
holds patient data, and an existing file is never replaced. Errors name the intake
or the setting, never a patient.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app.private_files import write_private_file

if TYPE_CHECKING:  # the parser is built on every command: the rest loads when exporting
    from intake_app.forms.catalog import FormCatalog
    from intake_app.services.actor import Actor
    from intake_app.settings import Settings


def add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export fhir`` and ``export csv``, for the command line's parser."""
    export = commands.add_parser("export", help="an intake as FHIR R4, or answers as CSV")
    kinds = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    fhir = kinds.add_parser("fhir", help="one completed intake as a FHIR R4 transaction Bundle")
    fhir.add_argument("intake_id", metavar="INTAKE_ID")
    fhir.add_argument("--out", type=Path, metavar="FILE", help="a new JSON file (default: stdout)")
    answers = kinds.add_parser("csv", help="the answers of the intakes completed in a date range")
    answers.add_argument("--from", dest="since", type=_date, required=True, metavar="DATE")
    answers.add_argument("--to", dest="until", type=_date, required=True, metavar="DATE")
    answers.add_argument("--out", type=Path, required=True, metavar="FILE", help="a new CSV file")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as year-month-day, e.g. 2026-11-01"
        ) from None


def run(args: argparse.Namespace) -> int:
    from intake_app.settings import load_settings

    settings = load_settings()
    if args.export_command == "fhir":
        return export_fhir(settings, args.intake_id, args.out)
    return export_csv(settings, args.since, args.until, args.out)


def export_fhir(settings: Settings, intake_id: str, out: Path | None) -> int:
    """Write the intake's Bundle; 1 (with the reason) when it cannot be exported."""
    from intake_app.services.fhir_export import (
        ExportRefused,
        InvalidExport,
        bundle_file_bytes,
        fhir_bundle,
    )
    from intake_app.services.this_machine import existing_database

    if out is not None and _refuse_existing(out):
        return 1
    database = existing_database(settings)
    if database is None:
        return _fail(f"no intake {intake_id}: this machine has no intake database yet")
    try:
        bundle = fhir_bundle(database, intake_id, catalog=_catalog(settings),
                             settings=settings, by=_console(settings))  # fmt: skip
    except (ExportRefused, InvalidExport) as problem:
        return _fail(str(problem))
    finally:
        database.dispose()
    _warn_placeholders(settings)
    data = bundle_file_bytes(bundle)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    return _write(out, data, f"intake {intake_id}")


def export_csv(settings: Settings, since: dt.date, until: dt.date, out: Path) -> int:
    """Write the answers of the range; 1 (with the reason) when nothing was written."""
    from intake_app.services.answers_csv import answers_csv, csv_file_bytes
    from intake_app.services.this_machine import existing_database

    if until < since:
        return _fail(f"--to {until} is before --from {since}; give the first day, then the last")
    if _refuse_existing(out):
        return 1
    database = existing_database(settings)
    if database is None:
        return _fail("no intakes: this machine has no intake database yet")
    try:
        rows = list(answers_csv(database, since, until, catalog=_catalog(settings),
                                by=_console(settings)))  # fmt: skip
    finally:
        database.dispose()
    return _write(out, csv_file_bytes(rows), f"{len(rows) - 2} intake(s)")


def _write(out: Path, data: bytes, what: str) -> int:
    try:
        written = write_private_file(out, data)
    except OSError as error:
        return _fail(f"{out}: cannot be written ({error.strerror or 'error'}); check the folder")
    if not written:  # made by someone else since we looked
        return _fail(f"{out} exists already; name a new file (an export never replaces one)")
    print(f"Exported {what} to {out}.", file=sys.stderr)
    return 0


def _refuse_existing(out: Path) -> bool:
    if out.exists():
        _fail(f"{out} exists already; name a new file (an export never replaces one)")
        return True
    if not out.parent.is_dir():
        _fail(f"{out.parent} is not a folder; create it or name a file in an existing folder")
        return True
    return False


def _warn_placeholders(settings: Settings) -> None:
    unset = settings.clinic.fhir.placeholders
    if unset:
        print(
            f"Note: {' and '.join(unset)} not set in {settings.clinic_file}: the export uses "
            "placeholder addresses (under clinic.invalid) that other systems will not know.",
            file=sys.stderr,
        )


def _catalog(settings: Settings) -> FormCatalog:
    from intake_app.forms.catalog import FormCatalog

    return FormCatalog.from_folders(settings.form_folders)


def _console(settings: Settings) -> Actor:
    """Whoever runs this command, at this machine."""
    from intake_app.services.actor import Actor

    return Actor.console(settings.device_id())


def _fail(message: str) -> int:
    print(f"intake-app export: {message}", file=sys.stderr)
    return 1
