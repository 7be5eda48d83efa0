"""``intake-app forms check | list | template``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from intake_app.commands.input_template import intake_template
from intake_app.consent.document import ConsentDocument
from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import FormCatalog, check_forms
from intake_app.settings import Settings, load_settings


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.forms_command == "check":
        return check(args.paths or [settings.forms_dir])
    if args.forms_command == "list":
        return list_forms(settings)
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
    for q in catalog.all():
        title = q.definition.title.get("en", "")
        languages = ",".join(q.languages)
        print(f"{q.form_id}\t{q.version}\t{q.definition.status}\t{languages}\t{title}\t{q.path}")
    for c in catalog.consents():
        definition = c.definition
        title = definition.title.get("en", "")
        languages = ",".join(definition.languages)
        print(f"{c.consent_id}\t{c.version}\t{definition.status}\t{languages}\t{title}\t{c.path}")
    return 0


def template(settings: Settings, form_id: str, version: str | None, language: str) -> int:
    catalog = _catalog(settings)
    if catalog is None:
        return 1
    try:
        questionnaire = catalog.get(form_id, version)
    except KeyError:
        known = ", ".join(sorted({q.form_id for q in catalog.all()})) or "none"
        print(
            f"intake-app: no form '{form_id}'{_version(version)}; forms: {known}", file=sys.stderr
        )
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


def _active_consent(catalog: FormCatalog) -> ConsentDocument | None:
    try:
        return catalog.consent()
    except KeyError:
        return None


def _catalog(settings: Settings) -> FormCatalog | None:
    try:
        return FormCatalog.from_folder(settings.forms_dir, settings.clinic.form_values())
    except FormFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"The forms in {settings.forms_dir} have problems; fix them first.", file=sys.stderr)
        return None


def _version(version: str | None) -> str:
    return f" version {version}" if version else " (active)"
