"""Finding, loading and checking form files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError

from intake_app.form_files.schema_errors import keys_of, schema_problems
from intake_app.form_files.source import (
    FormFileError,
    LineDict,
    SourceProblem,
    load_yaml,
    problems_reported_for,
)
from intake_app.questionnaire import model as questionnaire_model
from intake_app.questionnaire.check import FormChecker
from intake_app.questionnaire.clinic_values import ClinicValues, with_clinic_values
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import FormDefinition

if TYPE_CHECKING:
    from intake_app.consent.document import ConsentDocument

QUESTIONNAIRE_FOLDER = "questionnaires"
CONSENT_FOLDER = "consents"
FORM_SUFFIXES = (".yaml", ".yml")
# A misspelled key gets a "did you mean" from the keys of its own kind of form.
_SUGGESTED_KEYS = keys_of(questionnaire_model)


def load_form_file(path: Path) -> Questionnaire | ConsentDocument:
    """Read and fully check one questionnaire or consent file; raise FormFileError."""
    with problems_reported_for(path):
        return _load_form_file(path)


def _load_form_file(path: Path) -> Questionnaire | ConsentDocument:
    raw = load_yaml(path)
    if not isinstance(raw, LineDict):
        raise FormFileError(
            [SourceProblem(path, 1, "a form file must be a YAML mapping (key: value)")]
        )
    if "consent" in raw:
        return _load_consent(path, raw)
    try:
        definition = FormDefinition.model_validate(raw)
    except ValidationError as exc:
        raise FormFileError(schema_problems(path, raw, exc, _SUGGESTED_KEYS)) from exc
    questionnaire = Questionnaire(definition, path)
    problems = FormChecker(questionnaire, raw, path).run()
    if problems:
        raise FormFileError(problems)
    return questionnaire


def _load_consent(path: Path, raw: LineDict) -> ConsentDocument:
    from intake_app.consent import model as consent_model
    from intake_app.consent.check import ConsentChecker
    from intake_app.consent.document import ConsentDocument
    from intake_app.consent.model import ConsentDefinition

    try:
        definition = ConsentDefinition.model_validate(raw)
    except ValidationError as exc:
        raise FormFileError(schema_problems(path, raw, exc, keys_of(consent_model))) from exc
    problems = ConsentChecker(definition, raw, path).run()
    if problems:
        raise FormFileError(problems)
    return ConsentDocument(definition, path)


def load_questionnaire(path: Path) -> Questionnaire:
    loaded = load_form_file(path)
    if not isinstance(loaded, Questionnaire):
        raise FormFileError(
            [SourceProblem(path, 1, "this is a consent document, not a questionnaire")]
        )
    return loaded


def form_files(paths: Iterable[Path]) -> list[Path]:
    """The form files named, or found in the folders named (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.suffix in FORM_SUFFIXES and p.is_file())
        else:
            found.append(path)
    return sorted(set(found))


def form_folders(forms_dirs: Iterable[Path]) -> list[Path]:
    """The questionnaire and consent folders of each forms folder that has them (a folder
    named twice is read once)."""
    found: list[Path] = []
    for forms_dir in forms_dirs:
        for name in (QUESTIONNAIRE_FOLDER, CONSENT_FOLDER):
            folder = forms_dir / name
            if folder.is_dir() and folder.resolve() not in {f.resolve() for f in found}:
                found.append(folder)
    return found


@dataclass
class CheckReport:
    """What ``forms check`` found: the forms that loaded and every problem."""

    questionnaires: list[Questionnaire]
    consents: list[ConsentDocument]
    problems: list[SourceProblem]
    files: int


def check_forms(paths: Iterable[Path]) -> CheckReport:
    """Load every form file; collect problems, including the same id and version twice.

    The same id and version in two files is a problem unless the files are byte for
    byte the same (the clinic's copy of a form the app ships too): then it is one form.
    """
    files = form_files(paths)
    report = CheckReport([], [], [], len(files))
    seen: dict[tuple[str, str], Path] = {}
    for path in files:
        if not path.exists():
            report.problems.append(SourceProblem(path, 1, "no such file or folder"))
            continue
        try:
            loaded = load_form_file(path)
        except FormFileError as exc:
            report.problems.extend(exc.problems)
            continue
        key = form_key(loaded)
        first = seen.setdefault(key, path)
        if first != path:
            if first.read_bytes() != path.read_bytes():
                message = f"form '{key[0]}' version {key[1]} is also defined in {first}"
                report.problems.append(SourceProblem(path, 1, message))
            continue
        if isinstance(loaded, Questionnaire):
            report.questionnaires.append(loaded)
        else:
            report.consents.append(loaded)
    return report


def form_key(form: Questionnaire | ConsentDocument) -> tuple[str, str]:
    """A form's id and version: together they name one text, never changed once used."""
    if isinstance(form, Questionnaire):
        return form.form_id, form.version
    return form.consent_id, form.version


class FormCatalog:
    """The questionnaires and consent documents the app can offer, from one forms folder.

    Questionnaires come as this clinic asks them: texts that show a clinic value
    (``{product_components}``) filled in, questions about a value the clinic has not
    set left out (see ``clinic_values``).
    """

    def __init__(
        self,
        questionnaires: list[Questionnaire],
        consents: list[ConsentDocument] | None = None,
        clinic_values: ClinicValues | None = None,
    ) -> None:
        asked = [with_clinic_values(q, clinic_values or {}) for q in questionnaires]
        self._all = sorted(asked, key=lambda q: (q.form_id, version_key(q.version)))
        self._consents = sorted(
            consents or [], key=lambda c: (c.consent_id, version_key(c.version))
        )

    @classmethod
    def from_folder(cls, forms_dir: Path, clinic_values: ClinicValues | None = None) -> FormCatalog:
        """Load every form in ``forms_dir``; raise FormFileError if any is broken."""
        return cls.from_folders([forms_dir], clinic_values)

    @classmethod
    def from_folders(
        cls, forms_dirs: Iterable[Path], clinic_values: ClinicValues | None = None
    ) -> FormCatalog:
        """Load every form in each forms folder (the shipped forms, then the clinic's own
        published ones); raise FormFileError if any is broken or one id and version has
        two different texts."""
        report = check_forms(form_folders(forms_dirs))
        if report.problems:
            raise FormFileError(report.problems)
        return cls(report.questionnaires, report.consents, clinic_values)

    def all(self) -> list[Questionnaire]:
        return list(self._all)

    def consents(self) -> list[ConsentDocument]:
        return list(self._consents)

    def newest_active(self) -> list[Questionnaire]:
        """Each form's version for a new intake: its newest active one."""
        newest = {q.form_id: q for q in self._all if q.definition.status == "active"}
        return list(newest.values())

    def get(self, form_id: str, version: str | None = None) -> Questionnaire:
        """One version of a form; without a version, the newest active one."""
        return _pick(
            self._all,
            lambda q: q.form_id == form_id,
            lambda q: q.definition.status,
            version,
            form_id,
        )

    def consent(self, consent_id: str | None = None, version: str | None = None) -> ConsentDocument:
        """One version of a consent (the newest active one by default; any id if None)."""
        return _pick(
            self._consents,
            lambda c: consent_id is None or c.consent_id == consent_id,
            lambda c: c.definition.status,
            version,
            consent_id or "consent",
        )


T = TypeVar("T", Questionnaire, "ConsentDocument")


def _pick(
    items: list[T],
    matches: Callable[[T], bool],
    status: Callable[[T], str],
    version: str | None,
    name: str,
) -> T:
    chosen = [item for item in items if matches(item)]
    if version is not None:
        chosen = [item for item in chosen if item.version == version]
    else:
        chosen = [item for item in chosen if status(item) == "active"]
    if not chosen:
        wanted = f"'{name}'" + (f" version {version}" if version else " (active)")
        raise KeyError(f"no form {wanted}")
    return chosen[-1]


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """How versions sort: 1.10 after 1.9, 1.1-clinic after 1.1."""
    parts = version.replace("-", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)
