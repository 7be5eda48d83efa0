"""Writing an imported form as a YAML form file: checked first, never over another file.

The file is written beside its final name, checked exactly as ``intake-app forms
check`` checks it, and only then linked to its name, which fails if a file of that
name appeared meanwhile. A form that does not pass leaves nothing behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import load_form_file

HEADER = (
    "# Imported from the FHIR Questionnaire {source} by `intake-app forms import-fhir`.\n"
    "# The clinic's clinician reviews every question, condition and flag rule before use.\n\n"
)


class _Dumper(yaml.SafeDumper):
    """Writes a condition shared by several questions out in full at each (no YAML anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def form_yaml(form: dict[str, Any], source: str) -> str:
    """The form as YAML text, keys in the order the form model documents them."""
    body = yaml.dump(form, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(source=source) + body


def write_new_form(text: str, out: Path) -> list[str]:
    """Write ``text`` to ``out`` if it passes the form checks and ``out`` does not exist.

    Returns the problems (nothing is written when there are any).
    """
    if out.exists():
        return [f"{out} already exists; choose another file name (it is never overwritten)"]
    if not out.parent.is_dir():
        return [f"the folder {out.parent} does not exist"]
    draft = out.with_name(f".{out.name}.{os.getpid()}.draft")
    try:
        with draft.open("x", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        problems = _check(draft, out)
        if not problems:
            os.link(draft, out)
        return problems
    except FileExistsError:
        return [f"{out} already exists; choose another file name (it is never overwritten)"]
    except OSError as exc:
        return [f"cannot write {out}: {exc.strerror or exc}"]
    finally:
        draft.unlink(missing_ok=True)


def _check(draft: Path, out: Path) -> list[str]:
    try:
        load_form_file(draft)
    except FormFileError as exc:
        return [
            f"{out.name}, line {p.line} as it would be written: {p.message}" for p in exc.problems
        ]
    return []
