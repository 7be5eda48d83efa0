"""Finding, loading and checking form files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from intake_app.questionnaire.check import FormChecker
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import FormDefinition
from intake_app.questionnaire.schema_errors import schema_problems
from intake_app.questionnaire.source import FormFileError, LineDict, SourceProblem, load_yaml

QUESTIONNAIRE_FOLDER = "questionnaires"
FORM_SUFFIXES = (".yaml", ".yml")


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and fully check one questionnaire file; raise FormFileError on any problem."""
    raw = load_yaml(path)
    if not isinstance(raw, LineDict):
        raise FormFileError(
            [SourceProblem(path, 1, "a form file must be a YAML mapping (key: value)")]
        )
    try:
        definition = FormDefinition.model_validate(raw)
    except ValidationError as exc:
        raise FormFileError(schema_problems(path, raw, exc)) from exc
    questionnaire = Questionnaire(definition, path)
    problems = FormChecker(questionnaire, raw, path).run()
    if problems:
        raise FormFileError(problems)
    return questionnaire


def form_files(paths: Iterable[Path]) -> list[Path]:
    """The form files named, or found in the folders named (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.suffix in FORM_SUFFIXES and p.is_file())
        else:
            found.append(path)
    return sorted(set(found))


@dataclass
class CheckReport:
    """What ``forms check`` found: the forms that loaded and every problem."""

    questionnaires: list[Questionnaire]
    problems: list[SourceProblem]
    files: int


def check_forms(paths: Iterable[Path]) -> CheckReport:
    """Load every form file; collect problems, including the same id and version twice."""
    files = form_files(paths)
    report = CheckReport([], [], len(files))
    for path in files:
        if not path.exists():
            report.problems.append(SourceProblem(path, 1, "no such file or folder"))
            continue
        try:
            report.questionnaires.append(load_questionnaire(path))
        except FormFileError as exc:
            report.problems.extend(exc.problems)
    report.problems.extend(_duplicate_versions(report.questionnaires))
    return report


def _duplicate_versions(questionnaires: list[Questionnaire]) -> list[SourceProblem]:
    problems = []
    seen: dict[tuple[str, str], Path | None] = {}
    for q in questionnaires:
        key = (q.form_id, q.version)
        if key in seen:
            message = f"form '{q.form_id}' version {q.version} is also defined in {seen[key]}"
            problems.append(SourceProblem(q.path or Path("?"), 1, message))
        seen.setdefault(key, q.path)
    return problems


class FormCatalog:
    """The questionnaires the app can offer, from one forms folder."""

    def __init__(self, questionnaires: list[Questionnaire]) -> None:
        self._all = sorted(questionnaires, key=lambda q: (q.form_id, _version_key(q.version)))

    @classmethod
    def from_folder(cls, forms_dir: Path) -> FormCatalog:
        """Load every questionnaire in ``forms_dir``; raise FormFileError if any is broken."""
        report = check_forms([forms_dir / QUESTIONNAIRE_FOLDER])
        if report.problems:
            raise FormFileError(report.problems)
        return cls(report.questionnaires)

    def all(self) -> list[Questionnaire]:
        return list(self._all)

    def get(self, form_id: str, version: str | None = None) -> Questionnaire:
        """One version of a form; without a version, the newest active one."""
        matches = [q for q in self._all if q.form_id == form_id]
        if version is not None:
            matches = [q for q in matches if q.version == version]
        else:
            matches = [q for q in matches if q.definition.status == "active"]
        if not matches:
            wanted = f"'{form_id}'" + (f" version {version}" if version else " (active)")
            raise KeyError(f"no form {wanted}")
        return matches[-1]


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    parts = version.replace("-", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)
