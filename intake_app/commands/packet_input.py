"""Checking an input file of ``intake-app packet``: every field, before anything is stored.

The input is the skeleton of ``intake-app forms template`` filled in. Every
field is checked for its type, its length and its meaning, and each problem is
one plain line that starts with the field's path (``patient.mrn``,
``answers.pain_now``, ``consent.comprehension.fda_approved``). Nothing is
guessed: a comprehension answer or an acknowledgment the file does not give is
a problem, never filled in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from intake_app.commands.consent_input import ConsentInput, read_consent
from intake_app.commands.input_fields import FROM_TEMPLATE, JsonObject, Problems, kind
from intake_app.commands.packet_consent import replay
from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.progress import (
    ConsentProgress,
    held_points,
)
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.limits import (
    MRN_MAX,
    PERSON_NAME_MAX,
)
from intake_app.questionnaire.answers import check_answer, is_blank
from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.flags import raise_flags
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import DateItem
from intake_app.questionnaire.visibility import resolve
from intake_app.services.visit_import import PatientDetails, plain_name
from intake_app.settings import ClinicSettings

FIELDS = ("form", "version", "language", "patient", "answers", "consent", "guide")
PATIENT_FIELDS = ("given_names", "family_name", "date_of_birth", "mrn")
# Answers that say who the patient is: they must agree with the patient block.
IDENTITY_ANSWERS = ("given_names", "family_name", "date_of_birth")
BIRTH_DATE = DateItem(id="date_of_birth", type="date", text={"en": "Date of birth"})


@dataclass(frozen=True)
class Plan:
    """A checked input, ready to store."""

    questionnaire: Questionnaire
    consent: ConsentDocument
    language: str
    patient: PatientDetails
    answers: dict[str, Any]
    consent_input: ConsentInput


def check_input(
    data: dict[str, Any],
    catalog: FormCatalog,
    *,
    today: dt.date,
    witness_required: bool,
    clinic: ClinicSettings | None = None,
) -> tuple[Problems, Plan | None]:
    """Every problem with an input file, by field; a plan when there are none."""
    problems: Problems = []
    clinic = clinic or ClinicSettings()
    JsonObject(data, "", problems).only(FIELDS)
    questionnaire = _questionnaire(data, catalog, problems)
    consent = _consent_document(catalog, problems)
    if questionnaire is None or consent is None:
        return problems, None
    language = _language(data.get("language"), questionnaire, consent, problems)
    patient = _patient(data.get("patient"), today, problems)
    answers = _answers(
        data.get("answers"), questionnaire, today, problems, patient=patient, language=language
    )
    if patient is not None and answers is not None:
        problems += _identity_problems(patient, answers)
    progress = ConsentProgress(consent, show_consent(consent, language, clinic))
    consent_input = read_consent(data.get("consent"), progress, witness_required, problems)
    if problems or patient is None or answers is None or consent_input is None:
        return problems, None
    plan = Plan(questionnaire, consent, language, patient, answers, consent_input)
    problems += sequence_problems(plan, progress, today)
    return problems, None if problems else plan


def sequence_problems(plan: Plan, progress: ConsentProgress, today: dt.date) -> Problems:
    """What the tablet would not have let happen: a hold nobody released, a question or a
    wrong answer nobody talked over, a wrong answer not asked again, a typed name that
    differs from the registered one with nobody accepting it."""
    facts = IntakeFacts(plan.patient.date_of_birth, plan.language)
    view = resolve(plan.questionnaire, plan.answers, today, facts)
    flags = raise_flags(plan.questionnaire, view)
    progress.held = held_points((f.rule_id, f.hold) for f in flags)
    return replay(progress, plan.consent_input, plan.patient)


# --- form, language, patient, answers ----------------------------------------------------


def _questionnaire(
    data: dict[str, Any], catalog: FormCatalog, problems: Problems
) -> Questionnaire | None:
    form, version = data.get("form"), data.get("version")
    if not isinstance(form, str) or not form.strip():
        problems.append(f"form: the form id is missing or not text; {FROM_TEMPLATE}")
        return None
    if version is not None and not isinstance(version, str):
        problems.append('version: must be text such as "1.0", or null for the active version')
        return None
    try:
        return catalog.get(form, version)
    except KeyError:
        which = f"version {version}" if version else "that is active"
        problems.append(f"form: no form '{form}' {which}; `intake-app forms list` lists them")
        return None


def _consent_document(catalog: FormCatalog, problems: Problems) -> ConsentDocument | None:
    try:
        return catalog.consent()
    except KeyError:
        problems.append("consent: no active consent document in the forms folder")
        return None


def _language(
    value: Any, questionnaire: Questionnaire, consent: ConsentDocument, problems: Problems
) -> str:
    if value is None:
        return "en"
    if not isinstance(value, str):
        problems.append(f'language: must be text such as "en", not {kind(value)}')
    elif value not in questionnaire.languages:
        known = ", ".join(questionnaire.languages)
        problems.append(f"language: the form has no '{value}' text; it has {known}")
    elif value not in consent.definition.languages:
        problems.append(f"language: the consent has no '{value}' text")
    else:
        return value
    return "en"


def _patient(value: Any, today: dt.date, problems: Problems) -> PatientDetails | None:
    patient = JsonObject.read(value, "patient", problems, FROM_TEMPLATE)
    if patient is None:
        return None
    patient.only(PATIENT_FIELDS)
    given = patient.text("given_names", limit=PERSON_NAME_MAX, missing="enter the first name")
    family = patient.text("family_name", limit=PERSON_NAME_MAX, missing="enter the last name")
    mrn = patient.text("mrn", limit=MRN_MAX)
    born = _birth_date(patient.get("date_of_birth"), today, problems)
    if given is None or family is None or born is None:
        return None
    return PatientDetails(given, family, born, mrn)


def _birth_date(value: Any, today: dt.date, problems: Problems) -> dt.date | None:
    problem = check_answer(BIRTH_DATE, value, today=today)
    if problem:
        problems.append(f"patient.date_of_birth: {problem}")
        return None
    return dt.date.fromisoformat(value)


def _answers(
    value: Any,
    questionnaire: Questionnaire,
    today: dt.date,
    problems: Problems,
    *,
    patient: PatientDetails | None,
    language: str,
) -> dict[str, Any] | None:
    raw = JsonObject.read(value, "answers", problems, FROM_TEMPLATE)
    if raw is None:
        return None
    answers = {k: v for k, v in raw.raw.items() if not is_blank(v)}
    wrong = [_answer_problem(questionnaire, item_id, v, today) for item_id, v in answers.items()]
    if any(wrong):
        problems += [problem for problem in wrong if problem]
        return None
    born = patient.date_of_birth if patient is not None else None
    view = resolve(questionnaire, answers, today, IntakeFacts(born, language))
    for missing in missing_answers(questionnaire, view):
        row = f"[{missing.row}].{missing.child_id}" if missing.row else ""
        problems.append(f"answers.{missing.item_id}{row}: {missing.problem}")
    return answers


def _answer_problem(questionnaire: Questionnaire, item_id: str, value: Any, today: dt.date) -> str:
    ref = questionnaire.items.get(item_id)
    if ref is None or ref.group is not None:
        return f"answers.{item_id}: not a question of this form"
    problem = check_answer(ref.item, value, today=today, language="en")
    return f"answers.{item_id}: {problem}" if problem else ""


def _identity_problems(patient: PatientDetails, answers: dict[str, Any]) -> Problems:
    """The answers about who the patient is must name the patient of the patient block."""
    expected = {
        "given_names": patient.given_names,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
    }
    return [
        f"answers.{item_id}: differs from patient.{item_id}; both must name the same patient"
        for item_id in IDENTITY_ANSWERS
        if isinstance(answers.get(item_id), str)
        and plain_name(answers[item_id]) != plain_name(expected[item_id])
    ]
