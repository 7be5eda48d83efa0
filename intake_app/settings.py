"""Where the app keeps its data, and the clinic's own details.

Environment variables (all optional):

- ``INTAKE_DATA_DIR``: documents, keys and the default database live here.
  Default: the platform's user data folder (``~/.local/share/intake-app`` on Linux).
- ``INTAKE_DATABASE_URL``: a SQLAlchemy URL. Default: ``sqlite:///<data dir>/intake.sqlite3``.
  For several tablets and a nurse station sharing one database:
  ``postgresql+psycopg://user:password@host:5432/intake``.
- ``INTAKE_CLINIC_FILE``: the clinic settings file. Default: ``<data dir>/clinic.toml``.
- ``INTAKE_FORMS_DIR``: the folder of questionnaires and consents. Default: the
  forms that ship with the app. The versions a clinic publishes itself are read as
  well, from the clinic file's ``[forms] folder`` (default ``<data dir>/forms``).
- ``INTAKE_DOCUMENTS_DIR``: where the sealed PDFs are written. Default:
  ``<data dir>/documents``. With several stations on one database, a folder every
  station reaches at the same path (a network share), so the desk opens what a
  tablet sealed: the database records each document by that path.

The data folder and every folder the app makes in it are readable by their owner
only (0700), every file it writes there too (0600; see ``private_files``). A data
folder found open to others (an older install) is made owner-only at start.
"""

from __future__ import annotations

import os
import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
)

from intake_app.file_pattern import DEFAULT_PATTERN, pattern_problem
from intake_app.paths import clinic_file_path, data_folder, shipped_forms_dir
from intake_app.private_files import (
    keep_data_folder_private,
    private_folder,
    replace_private_file,
    write_private_file,
)
from intake_app.settings_problems import SettingsProblem, syntax_problem, validation_problems


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClinicDetails(_Section):
    """Shown at the top of every chart document and on the start screen."""

    name: str = ""
    address: str = ""
    phone: str = ""


# A value the consent shows: one text for every language, or one per language,
# e.g. source = { en = "donated placental tissue", es = "tejido de placenta donado" }.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def _clinic_text(value: object) -> str | dict[str, str]:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(
        isinstance(k, str) and _LANGUAGE_CODE.match(k) and isinstance(v, str)
        for k, v in value.items()
    ):
        return dict(value)
    raise ValueError('must be text, or text per language such as { en = "...", es = "..." }')


ClinicText = Annotated[str | dict[str, str], PlainValidator(_clinic_text)]


def in_language(text: ClinicText, language: str) -> str:
    """A clinic value in ``language``, else in English, else in any language it has."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get("en") or next(iter(text.values()), "")


class ProductDetails(_Section):
    """What the consent must state about the product (FDA status, source, cost)."""

    name: ClinicText = ""
    source: ClinicText = ""
    manufacturer: ClinicText = ""
    # What the product or its preparation may contain (e.g. DMSO, an antibiotic): the
    # patient is asked about allergies to them. The usual dose, shown only when set.
    components: ClinicText = ""
    dose: ClinicText = ""
    price_usd: Decimal | None = Field(default=None, ge=0)
    ind_number: str = ""
    # Only with an IND: whether the study pays for the shot, whom to call about the study,
    # your rights in it or an injury, what care or payment the clinic offers if the study
    # harms a patient, the review board (IRB) and what the study involves and for how long.
    study_pays: bool = False
    research_contact: ClinicText = ""
    injury_care: ClinicText = ""
    irb_name: ClinicText = ""
    irb_contact: ClinicText = ""
    study_description: ClinicText = ""
    study_duration: ClinicText = ""
    # The study's ClinicalTrials.gov number (e.g. NCT01234567), when it is registered
    # there: the consent then gives the statement 21 CFR 50.25(c) requires.
    nct_number: str = ""

    @property
    def has_ind(self) -> bool:
        return bool(self.ind_number.strip())

    @property
    def study_pays_now(self) -> bool:
        """The shot is free to the patient: only in a study under an IND that pays for it."""
        return self.study_pays and self.has_ind


def _chart_file_pattern(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError('must be text in "quotes"')
    problem = pattern_problem(value)
    if problem:
        raise ValueError(f"must be {problem}")
    return value


class DocumentSettings(_Section):
    """The paper documents are printed on, and where records staff file them.

    ``chart_folder``: the clinic's chart folder (local, or a network share); empty
    until the clinic sets it up, and filing says so. ``chart_file_pattern``: the name
    a document gets there (``file_pattern`` lists its placeholders).
    """

    paper_size: Literal["letter", "a4"] = "letter"
    chart_folder: str = ""
    chart_file_pattern: Annotated[str, PlainValidator(_chart_file_pattern)] = DEFAULT_PATTERN


class KioskSettings(_Section):
    """How the tablet behaves in patient mode. (Staff unlock it with their own user name
    and PIN: the shared ``staff_pin_hash`` of earlier versions is refused, see
    ``settings_problems.RETIRED``.)"""

    idle_seconds: int = Field(default=180, ge=30, le=3600)
    warning_seconds: int = Field(default=30, ge=5, le=300)
    full_screen: bool = True


class StaffSettings(_Section):
    """Staff accounts: the lock-out after wrong passwords or PINs, and the idle log-out."""

    failed_tries_to_lock: int = Field(default=5, ge=3, le=20)
    lock_minutes: int = Field(default=15, ge=1, le=1440)
    idle_logout_minutes: int = Field(default=10, ge=1, le=60)


class ConsentSettings(_Section):
    """Whether a staff witness signs after the patient (ICH E6 4.8.9 when a patient cannot read)."""

    witness: bool = False


class SealSettings(_Section):
    """How chart PDFs are sealed: the clinic's own certificate and a timestamp authority."""

    pkcs12_file: str = ""  # the clinic's own certificate; password in INTAKE_SEAL_PASSWORD
    timestamp_url: str = ""  # an RFC 3161 timestamp authority, for PAdES B-T


class FormsSettings(_Section):
    """[forms] folder: where the clinic's own published form versions live (next to the
    forms the app ships). Empty: ``<data dir>/forms``. Stations sharing one database
    name one shared folder here, so that every station has every version."""

    folder: str = ""


# Names other systems must not take for real ones (".invalid" never resolves, RFC 2606):
# the FHIR export uses them until the clinic sets its own, and says so.
PLACEHOLDER_MRN_SYSTEM = "http://clinic.invalid/fhir/mrn"
PLACEHOLDER_CANONICAL_BASE = "http://clinic.invalid/fhir"
_ABSOLUTE_URI = re.compile(r"(https?://[^\s/]+\S*|urn:[a-z0-9][a-z0-9-]*:\S+)")


def _absolute_uri(value: str) -> str:
    if not _ABSOLUTE_URI.fullmatch(value):
        raise ValueError(
            "an address other systems know, such as urn:oid:1.2.840.114350.1 "
            "or https://records.example.org/fhir (no spaces)"
        )
    return value


AbsoluteUri = Annotated[str, AfterValidator(_absolute_uri)]


class FhirSettings(_Section):
    """[fhir]: how the clinic's records name its MRNs and forms to other systems.

    ``mrn_system``: the URI of the clinic's medical record numbers (the EHR's, often a
    ``urn:oid:...``); ``canonical_base``: where the clinic's forms are published, the start
    of each FHIR Questionnaire's canonical URL (``<base>/Questionnaire/<form id>``).
    """

    mrn_system: AbsoluteUri = PLACEHOLDER_MRN_SYSTEM
    canonical_base: AbsoluteUri = PLACEHOLDER_CANONICAL_BASE

    @property
    def placeholders(self) -> list[str]:
        """The settings still at their placeholder, as ``[fhir] name``."""
        unset = [
            ("mrn_system", PLACEHOLDER_MRN_SYSTEM),
            ("canonical_base", PLACEHOLDER_CANONICAL_BASE),
        ]
        return [f"[fhir] {name}" for name, value in unset if getattr(self, name) == value]


class ClinicSettings(_Section):
    """The contents of the clinic settings file."""

    clinic: ClinicDetails = ClinicDetails()
    product: ProductDetails = ProductDetails()
    documents: DocumentSettings = DocumentSettings()
    kiosk: KioskSettings = KioskSettings()
    staff: StaffSettings = StaffSettings()
    consent: ConsentSettings = ConsentSettings()
    seal: SealSettings = SealSettings()
    fhir: FhirSettings = FhirSettings()
    forms: FormsSettings = FormsSettings()

    @property
    def is_configured(self) -> bool:
        return bool(self.clinic.name.strip())

    def form_values(self) -> dict[str, dict[str, str]]:
        """The clinic values a questionnaire may show, per language (see clinic_values)."""
        return {"product_components": _texts(self.product.components)}


_SHOWN = (
    *("name", "source", "manufacturer", "components", "dose", "research_contact"),
    *("injury_care", "irb_name", "irb_contact", "study_description", "study_duration"),
)
# Names (product, maker, contact, board) may stay as typed in every language; a
# description must be translated.
_DESCRIPTIONS = (
    *("source", "components", "dose", "injury_care", "study_description", "study_duration"),
)
_PRODUCT = (
    ("name", "the product's name as the supplier sells it"),
    ("source", "what it is made from, e.g. donated placental tissue"),
    ("manufacturer", "the company that makes it"),
)
_RESEARCH = (
    ("research_contact", "whom to call about the study, their rights or an injury"),
    ("injury_care", "what care or payment the clinic offers if the study harms them"),
    ("irb_name", "the name of the review board (IRB) that oversees the study"),
    ("irb_contact", "how to reach that review board (phone or address)"),
    ("study_description", "what the study involves for the patient"),
    ("study_duration", "how long a patient takes part in the study"),
)


def consent_setup_notices(clinic: ClinicSettings, languages: Iterable[str]) -> list[str]:
    """For staff: what the clinic settings leave for the consent to say untranslated.

    A value the consent cannot open without (see ``consent_not_ready``) is said there
    once, not here again: that consent is not shown at all.
    """
    required = set(_required(clinic.product))
    shown = [field for field in _SHOWN if field not in required]
    return untranslated_clinic_values(clinic, languages, fields=shown)


def consent_not_ready(clinic: ClinicSettings, languages: Iterable[str]) -> list[str]:
    """What the clinic file must still say before any patient may read the consent.

    The product's name, source and maker in every consent language; the price, unless
    the shot is free in an FDA study; with an IND, everything the research section
    tells a study patient (21 CFR 50.25). Each line says what to fill in.
    """
    product = clinic.product
    wanted = list(languages)
    missing = [
        f"Clinic settings: product {field} is not filled in{_for(value, wanted)}: {what}."
        for field, what in _PRODUCT
        if _missing_in(value := getattr(product, field), wanted, describes=field in _DESCRIPTIONS)
    ]
    if not product.study_pays_now and not (product.price_usd and product.price_usd > 0):
        missing.append(
            "Clinic settings: product price_usd is not filled in: the full price the patient "
            "pays (or, in an FDA study that pays for the shot, set study_pays = true)."
        )
    if product.has_ind:
        missing += [
            f"Clinic settings: an IND number is set but product {field} is not filled in"
            f"{_for(value, wanted)}: {what}."
            for field, what in _RESEARCH
            if _missing_in(
                value := getattr(product, field), wanted, describes=field in _DESCRIPTIONS
            )
        ]
    return missing


def _required(product: ProductDetails) -> list[str]:
    """The product values the consent cannot open without."""
    return [field for field, _ in _PRODUCT + (_RESEARCH if product.has_ind else ())]


def _texts(value: ClinicText) -> dict[str, str]:
    """A clinic value per language, blanks left out (a plain text counts as English)."""
    texts = {"en": value} if isinstance(value, str) else value
    return {language: text for language, text in texts.items() if text.strip()}


def _missing_in(value: ClinicText, languages: list[str], *, describes: bool) -> bool:
    if not _texts(value):
        return True
    return any(_shown_untranslated(value, language, describes=describes) for language in languages)


def _for(value: ClinicText, languages: list[str]) -> str:
    if not _texts(value):
        return ""
    names = [LANGUAGE_NAMES.get(code, code) for code in languages]
    return f" in every consent language ({', '.join(names)})"


def untranslated_clinic_values(
    clinic: ClinicSettings, languages: Iterable[str], fields: Iterable[str] = _SHOWN
) -> list[str]:
    """For staff: each product value a consent in ``languages`` would show in another language."""
    notices = []
    for field in fields:
        value: ClinicText = getattr(clinic.product, field)
        for language in languages:
            if _shown_untranslated(value, language, describes=field in _DESCRIPTIONS):
                name = LANGUAGE_NAMES.get(language, language)
                notices.append(
                    f"Clinic settings: product {field} has no {name} text, so the {name} "
                    f'consent shows it untranslated. Write it as {field} = {{ en = "...", '
                    f'{language} = "..." }}.'
                )
    return notices


def _shown_untranslated(value: ClinicText, language: str, *, describes: bool) -> bool:
    if not in_language(value, language).strip():
        return False  # not set: the consent's own wording, in the patient's language, is shown
    if isinstance(value, str):
        return describes and language != "en"  # a plain description is taken as English
    return not value.get(language, "").strip()


class SettingsError(Exception):
    """The clinic settings file is broken; the message names the file and each problem."""

    def __init__(self, path: Path, problems: Sequence[SettingsProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(f"{path}: " + "; ".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs to build the app."""

    data_dir: Path
    database_url: str
    clinic_file: Path
    forms_dir: Path
    clinic: ClinicSettings
    documents_folder: Path | None = None  # where chart PDFs go; default <data dir>/documents

    @property
    def documents_dir(self) -> Path:
        return self.documents_folder or self.data_dir / "documents"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def clinic_forms_dir(self) -> Path:
        """The clinic's published form versions: ``[forms] folder``, else ``<data dir>/forms``."""
        chosen = self.clinic.forms.folder.strip()
        return Path(chosen).expanduser() if chosen else self.data_dir / "forms"

    @property
    def form_folders(self) -> tuple[Path, Path]:
        """Where the forms come from: the shipped ones (or ``INTAKE_FORMS_DIR``), then the
        clinic's own."""
        return self.forms_dir, self.clinic_forms_dir

    def device_id(self) -> str:
        """This tablet's id (made on first use), so a restart resumes only its own intake."""
        path = self.data_dir / "device-id"
        if not path.exists():
            private_folder(self.data_dir)
            write_private_file(path, (uuid.uuid4().hex + "\n").encode())
        found = path.read_text(encoding="utf-8").strip()
        if not found:  # left empty by a crash of an earlier version: a new id, in one step
            found = uuid.uuid4().hex
            replace_private_file(path, (found + "\n").encode())
        return found


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the environment and the clinic file (which may not exist yet)."""
    env = os.environ if environ is None else environ
    data_dir = data_folder(env)
    keep_data_folder_private(data_dir)
    database_url = env.get("INTAKE_DATABASE_URL") or f"sqlite:///{data_dir / 'intake.sqlite3'}"
    clinic_file = clinic_file_path(env)
    forms_dir = Path(env.get("INTAKE_FORMS_DIR") or shipped_forms_dir())
    clinic = read_clinic_file(clinic_file) if clinic_file.exists() else ClinicSettings()
    documents = env.get("INTAKE_DOCUMENTS_DIR")
    return Settings(
        data_dir,
        database_url,
        clinic_file,
        forms_dir,
        clinic,
        Path(documents) if documents else None,
    )


def read_clinic_file(path: Path) -> ClinicSettings:
    """Parse and check the clinic settings file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        problem = SettingsProblem(f"the file cannot be opened ({reason})")
        raise SettingsError(path, [problem]) from exc
    except UnicodeDecodeError as exc:
        problem = SettingsProblem("the file is not plain text (UTF-8); save it as UTF-8 text")
        raise SettingsError(path, [problem]) from exc
    return read_clinic_settings_text(text, path)


def read_clinic_settings_text(text: str, path: Path) -> ClinicSettings:
    """Parse and check clinic settings that came from ``path``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(path, [syntax_problem(exc, text)]) from exc
    try:
        return ClinicSettings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(path, validation_problems(exc, text)) from exc
