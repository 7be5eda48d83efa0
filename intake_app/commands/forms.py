"""``intake-app forms check | list | publish | template | export-fhir | import-fhir``.

``publish FILE.yaml`` checks the file as ``check`` does and publishes it as a new
version (``services.form_versions``): copied read-only into the clinic forms
folder, written to the audit trail as the command line. ``list`` shows how many
intakes used each version when this machine has a database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app.commands.input_template import intake_template
from intake_app.consent.document import ConsentDocument
from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import FormCatalog, check_forms, load_questionnaire
from intake_app.questionnaire.form import Questionnaire
from intake_app.settings import Settings, load_settings

if TYPE_CHECKING:  # the database's modules load only for the commands that use it
    from intake_app.services.actor import Actor


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.forms_command == "check":
        return check(args.paths or [f for f in settings.form_folders if f.is_dir()])
    if args.forms_command == "list":
        return list_forms(settings)
    if args.forms_command == "publish":
        return publish(settings, args.file)
    if args.forms_command == "export-fhir":
        return export_fhir(settings, args.form_id, args.version, args.out)
    if args.forms_command == "import-fhir":
        return import_fhir(args.file, args.out)
    return template(settings, args.form_id, args.version, args.language)


def check(paths: list[Path]) -> int:
    """Print every problem as ``file:line: message``; 0 when there are none."""
    report = check_forms(paths)
    for problem in report.problems:
        print(problem)
    if report.files == 0:
        print("No form files found in: " + ", ".join(str(p) for p in paths), file=sys.stderr)
        return 1
    if report.problems:
        count = len(report.problems)
        print(
            f"{count} problem{'s' if count != 1 else ''} in {report.files} form file(s).",
            file=sys.stderr,
        )
        return 1
    loaded = [(q.form_id, q.version) for q in report.questionnaires]
    loaded += [(c.consent_id, c.version) for c in report.consents]
    names = ", ".join(f"{name} {version}" for name, version in loaded)
    print(f"{report.files} form file(s) checked, no problems: {names}")
    return 0


def list_forms(settings: Settings) -> int:
    catalog = _catalog(settings)
    if catalog is None:
        return 1
    counts = _counts(settings)
    begun, signed = counts if counts is not None else (None, None)
    for q in catalog.all():
        title = q.definition.title.get("en", "")
        languages = ",".join(q.languages)
        used = _used(begun, q.form_id, q.version)
        print(
            f"{q.form_id}\t{q.version}\t{q.definition.status}\t{languages}\t{title}\t{q.path}"
            f"\t{used}"
        )
    for c in catalog.consents():
        definition = c.definition
        title = definition.title.get("en", "")
        languages = ",".join(definition.languages)
        used = _used(signed, c.consent_id, c.version)
        print(
            f"{c.consent_id}\t{c.version}\t{definition.status}\t{languages}\t{title}\t{c.path}"
            f"\t{used}"
        )
    return 0


Counts = Counter[tuple[str, str]]


def _counts(settings: Settings) -> tuple[Counts, Counts] | None:
    """Intakes per form version and consents per consent version; None without a
    database on this machine, or when it does not answer (the list is shown anyway)."""
    from intake_app.services.form_versions import FormVersions
    from intake_app.services.this_machine import UnreadableDatabase, existing_database

    try:
        database = existing_database(settings)
        if database is None:
            return None
        try:
            return FormVersions(database, settings.form_folders, _console(settings)).counts()
        finally:
            database.dispose()
    except UnreadableDatabase:
        print("intake-app: the database did not answer; intake counts not shown", file=sys.stderr)
        return None


def _used(counts: Counts | None, form_id: str, version: str) -> str:
    if counts is None:
        return "-"
    return f"{counts[(form_id, version)]} intakes"


def publish(settings: Settings, source: Path) -> int:
    """Publish ``source`` as a new form version; 1 (nothing written) when it is refused."""
    from intake_app.services.form_versions import FormVersions, PublishRefused
    from intake_app.services.this_machine import existing_database

    database = existing_database(settings)
    if database is None:
        print(
            "intake-app: this machine has no intake database yet, and publishing is recorded "
            "there: add the first administrator first (intake-app users add).",
            file=sys.stderr,
        )
        return 1
    try:
        published = FormVersions(database, settings.form_folders, _console(settings)).publish(
            source
        )
    except PublishRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(f"Nothing was published from {source}.", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    new = published.new
    print(f"Published {new.kind} {new.form_id} version {new.version} as {published.path}.")
    print(new.what_changes())
    print("Stations read it when they next start.")
    return 0


def _console(settings: Settings) -> Actor:
    """Whoever runs this command, at this machine."""
    from intake_app.services.actor import Actor

    return Actor.console(settings.device_id())


def template(settings: Settings, form_id: str, version: str | None, language: str) -> int:
    catalog = _catalog(settings)
    if catalog is None:
        return 1
    questionnaire = _form(catalog, form_id, version)
    if questionnaire is None:
        return 1
    if language not in questionnaire.languages:
        print(f"intake-app: form '{form_id}' has no '{language}' text", file=sys.stderr)
        return 1
    skeleton = intake_template(
        questionnaire,
        language,
        _active_consent(catalog),
        study_pays=settings.clinic.product.study_pays_now,
    )
    print(json.dumps(skeleton, indent=2, ensure_ascii=False))
    return 0


def _form(catalog: FormCatalog, form_id: str, version: str | None) -> Questionnaire | None:
    """The form, or None after saying which forms there are."""
    try:
        return catalog.get(form_id, version)
    except KeyError:
        known = ", ".join(sorted({q.form_id for q in catalog.all()})) or "none"
        print(
            f"intake-app: no form '{form_id}'{_version(version)}; forms: {known}", file=sys.stderr
        )
        return None


def export_fhir(settings: Settings, form_id: str, version: str | None, out: Path | None) -> int:
    """Print the form as a FHIR R4 Questionnaire, or write it to a new file ``out``."""
    from intake_app.fhir.questionnaire_out import questionnaire_to_fhir

    catalog = _catalog(settings)
    if catalog is None:
        return 1
    questionnaire = _form(catalog, form_id, version)
    if questionnaire is None:
        return 1
    if questionnaire.path is not None:
        # The form as written, every question included, not as this clinic's values trim it.
        questionnaire = load_questionnaire(questionnaire.path)
    resource = questionnaire_to_fhir(questionnaire, _canonical_base(settings))
    text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        with out.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"intake-app: {out} already exists; it is never overwritten", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"intake-app: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out}: {form_id} {questionnaire.version} as a FHIR R4 Questionnaire.")
    return 0


def _canonical_base(settings: Settings) -> str:
    """Where the clinic publishes its forms: the clinic file's ``[fhir] canonical_base``."""
    return settings.clinic.fhir.canonical_base


def import_fhir(source: Path, out: Path) -> int:
    """Turn a FHIR R4 Questionnaire into a new form file; exit 1 and write nothing if it cannot."""
    from intake_app.fhir.form_yaml import form_yaml, write_new_form
    from intake_app.fhir.questionnaire_in import questionnaire_to_form

    try:
        resource = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"intake-app: cannot read {source} as JSON: {exc}", file=sys.stderr)
        return 1
    if not isinstance(resource, dict):
        print(f"intake-app: {source} holds no FHIR resource (a JSON object)", file=sys.stderr)
        return 1
    imported = questionnaire_to_form(resource, out.stem)
    for note in imported.notes:
        print(f"{source}: note: {note}", file=sys.stderr)
    problems = imported.problems or write_new_form(form_yaml(imported.form, source.name), out)
    if problems:
        for problem in problems:
            print(f"{source}: {problem}", file=sys.stderr)
        print(f"Nothing was written: {len(problems)} problem(s) in {source}.", file=sys.stderr)
        return 1
    form = imported.form
    print(f"Wrote {out}: form {form['form']} version {form['version']}. It passes forms check.")
    return 0


def _active_consent(catalog: FormCatalog) -> ConsentDocument | None:
    try:
        return catalog.consent()
    except KeyError:
        return None


def _catalog(settings: Settings) -> FormCatalog | None:
    try:
        return FormCatalog.from_folders(settings.form_folders, settings.clinic.form_values())
    except FormFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        folders = " and ".join(str(folder) for folder in settings.form_folders)
        print(f"The forms in {folders} have problems; fix them first.", file=sys.stderr)
        return None


def _version(version: str | None) -> str:
    return f" version {version}" if version else " (active)"
