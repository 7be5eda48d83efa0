"""``intake-app packet`` and ``intake-app verify``: the chart document without screens.

The input is the JSON skeleton of ``intake-app forms template`` filled in: the
patient, the answers and a ``consent`` block::

    "consent": {"acknowledged": ["what_it_is", ...], "questions": ["risks"],
                "comprehension": {"fda_approved": "not_approved", ...},
                "decision": "agree", "signed_name": "Ana Ruiz",
                "signature": [[{"x": 0.1, "y": 0.2, "t": 0}, ...]], "witness": null}

Everything is checked first (see ``packet_input``); any problem is listed by
field, the exit status is 2 and nothing is stored. The intake, its flags and the
signed consent are then stored in one transaction; the sealed PDFs are made after
(the chart document, whose path is printed, and the patient's copy beside it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from intake_app.chart.ink import Strokes, render_png, sample_strokes
from intake_app.clinic_file import write_clinic_file_template
from intake_app.commands.consent_input import ConsentInput, WitnessInput
from intake_app.commands.input_fields import shown_problem
from intake_app.commands.packet_consent import replay
from intake_app.commands.packet_input import Plan, check_input
from intake_app.consent.progress import local_time_zone
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.clock import utc_now
from intake_app.services.consenting import Signature, Witness
from intake_app.services.documents import Documents
from intake_app.services.this_machine import open_database
from intake_app.services.visit_import import (
    WITNESS_MEANING,
    PatientMismatch,
    Signed,
    Visit,
    import_visit,
)
from intake_app.settings import Settings, consent_not_ready, load_settings

# The made-up patient of --sample prefers Spanish but read the English consent with an
# interpreter (staff released that hold), read every section, asked about the risks and
# answered one comprehension question wrongly, then rightly after the talk with the nurse;
# so the sample shows those records.
SAMPLE_CONSENT = {
    "questions": ["risks"],
    "comprehension": {
        "fda_approved": "registered_means_approved",
        "saline_trial": "no_difference",
        "fever_after": "call_now",
        "another_choice": "exercise",
        "who_pays": "self_pay",
        "change_mind": "yes_any_time",
    },
    "talked": {"by": "Rosa Díaz, RN"},
    "answers_after_talk": {"fda_approved": "not_approved"},
    "released": {"before_consent": {"by": "Rosa Díaz, RN (with a Spanish interpreter)"}},
    "decision": "agree",
    "signed_name": "María José Núñez García",
    "witness": None,
}
MISMATCH = "patient.mrn: belongs to another patient (name or date of birth differs)"


def run_packet(input_file: Path | None, sample: bool, out_dir: Path) -> int:
    settings = load_settings()
    _warn_if_clinic_unset(settings)
    catalog = FormCatalog.from_folders(settings.form_folders, settings.clinic.form_values())
    data = _sample_input(catalog) if sample else _read_json(input_file)
    if data is None:
        return 2
    today = dt.date.today()
    witness_required = settings.clinic.consent.witness
    not_ready = [] if sample else _not_ready(settings, catalog)
    problems, plan = check_input(
        data, catalog, today=today, witness_required=witness_required, clinic=settings.clinic
    )
    if not_ready:
        problems = [*not_ready, f"Fill them in: {settings.clinic_file}", *problems]
    if plan is None or problems:
        return _refuse(problems)
    if (folder_problem := _unwritable(out_dir)) is not None:
        return _refuse([folder_problem])
    try:
        path = _store_and_file(plan, catalog, replace(settings, documents_folder=out_dir), today)
    except PatientMismatch:
        return _refuse([MISMATCH])
    print(path)
    return 0


def _unwritable(folder: Path) -> str | None:
    """Why the documents cannot be written to ``folder``, found before anything is stored
    (a stored intake with no document, then a retry, would make a duplicate)."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return f"--out: cannot write documents to {folder}: {exc.strerror or exc}"
    return None


def _not_ready(settings: Settings, catalog: FormCatalog) -> list[str]:
    """What the clinic file must still say before a consent may be signed (the tablet shows
    no consent either). The sample uses the consent's own plain fallbacks instead."""
    try:
        languages = catalog.consent().definition.languages
    except KeyError:
        return []  # reported with the other problems of the input
    return consent_not_ready(settings.clinic, languages)


def _warn_if_clinic_unset(settings: Settings) -> None:
    """The document's header names the clinic: say so when its details are not filled in."""
    if settings.clinic.is_configured:
        return
    write_clinic_file_template(settings.clinic_file)
    print(
        f"intake-app: the clinic's name and address are not filled in ({settings.clinic_file});"
        " the document will say 'Clinic' at the top.",
        file=sys.stderr,
    )


def _refuse(problems: list[str]) -> int:
    for problem in problems:
        print(shown_problem(problem), file=sys.stderr)
    print(f"{len(problems)} problem(s); nothing was stored.", file=sys.stderr)
    return 2


def _read_json(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        print("intake-app: give --input FILE.json or --sample", file=sys.stderr)
        return None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"intake-app: cannot read {path}: {exc}", file=sys.stderr)
        return None
    except json.JSONDecodeError as exc:
        print(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}", file=sys.stderr)
        return None
    except RecursionError:
        print(f"{path}: lists or objects are nested too deeply to be an intake", file=sys.stderr)
        return None
    except ValueError as exc:  # Python refuses integers of more than 4300 digits
        print(f"{path}: not a usable JSON file: {exc}", file=sys.stderr)
        return None
    if not isinstance(loaded, dict):
        print(f"{path}: the file must hold one JSON object", file=sys.stderr)
        return None
    return loaded


def _sample_input(catalog: FormCatalog) -> dict[str, Any]:
    from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT

    questionnaire = catalog.get("exosome-joint-intake")
    patient = SAMPLE_PATIENT
    answers = dict(SAMPLE_ANSWERS)
    sections = [section.id for section in catalog.consent().definition.sections]
    return {
        "form": questionnaire.form_id,
        "version": questionnaire.version,
        "language": "en",
        "patient": {
            "given_names": patient.given_names,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "mrn": patient.mrn,
        },
        "answers": answers,
        "consent": SAMPLE_CONSENT | {"acknowledged": sections, "signature": sample_strokes()},
    }


def _store_and_file(plan: Plan, catalog: FormCatalog, settings: Settings, today: dt.date) -> Path:
    """Store the visit, then make its documents (in the --out folder); the chart's path."""
    station = settings.device_id()
    database = open_database(settings)
    console = Actor.console(station)
    documents = Documents(database, settings, catalog, console)
    try:
        documents.finish_interrupted_writes(settings.documents_dir)  # the --out folder
        intake_id = import_visit(
            database,
            Visit(plan.patient, plan.questionnaire, plan.language, plan.answers, plan.consent),
            replay=lambda progress, steps: replay(
                progress, plan.consent_input, plan.patient, recorder=steps
            ),
            signed=_signed(plan.consent_input),
            clinic=settings.clinic,
            today=today,
            by=console,
        )
        return Path(documents.for_signing(intake_id, today=today).chart.path)
    finally:
        database.dispose()


def _signed(given: ConsentInput) -> Signed:
    now = utc_now()
    signature = _signature(given.signed_name, given.strokes, now)
    return Signed(given.decision, signature, _witness(given.witness, now))


def _witness(given: WitnessInput | None, now: dt.datetime) -> Witness | None:
    if given is None:
        return None
    signature = _signature(given.name, given.strokes, now)
    return Witness(given.name, given.role, signature, WITNESS_MEANING)


def _signature(name: str, strokes: Strokes, now: dt.datetime) -> Signature:
    return Signature(name, strokes, render_png(strokes), now, local_time_zone(now.astimezone()))


def run_verify(path: Path) -> int:
    """Print signer, time, document id and VALID or INVALID; 0 only when intact and ours.

    Exit 1 for INVALID, 2 when this machine has no clinic certificate to check against.
    When the database has a row for the document, the file's SHA-256 must match it too;
    a database without one is said plainly (NOT ON FILE), the seal alone deciding.
    """
    import hashlib

    from intake_app.chart.seal import NoClinicCertificate, trusted_certificates
    from intake_app.chart.verify import verify_pdf
    from intake_app.commands.documents import filed_record

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    settings = load_settings()
    try:
        certificate = trusted_certificates(settings.keys_dir, settings.clinic.seal.pkcs12_file)
    except NoClinicCertificate as exc:
        print(f"intake-app: {exc}", file=sys.stderr)
        return 2
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: INVALID: cannot read the file ({exc.strerror})")
        return 1
    verdict = verify_pdf(data, certificate)
    recorded = filed_record(settings, verdict.document_id)
    same_as_filed = recorded.sha256 in (None, hashlib.sha256(data).hexdigest())
    print(f"File: {path}")
    print(f"Document id: {verdict.document_id or 'unknown'}")
    print(f"Signer: {verdict.signer or 'unknown'}")
    print(f"Signed at: {verdict.signed_at or 'unknown'}")
    print(f"Database record: {_record_line(recorded.found, same_as_filed)}")
    if verdict.valid and not same_as_filed:
        print("INVALID: the file differs from the document the app filed (SHA-256 does not match)")
        return 1
    print(("VALID: " if verdict.valid else "INVALID: ") + verdict.reason)
    return 0 if verdict.valid else 1


def _record_line(found: str, same: bool) -> str:
    """The database's word on the document; ``found`` as in ``documents.FiledRecord``."""
    if found == "on file":
        return "SHA-256 matches" if same else "SHA-256 DIFFERS from the filed document"
    return {
        "no id": "none looked for: the file names no document id (the seal alone was checked)",
        "no database": "none on this machine (the seal alone was checked)",
        "unreadable": "this machine's database could not be read (the seal alone was checked)",
        "not on file": "NOT ON FILE in this clinic's database (the seal alone was checked; "
        "the record may have been removed or the document made elsewhere)",
    }[found]
