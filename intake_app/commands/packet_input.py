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
import json
from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.ink import Strokes
from intake_app.commands.input_fields import JsonObject, Problems, kind
from intake_app.commands.packet_consent import RELEASE_EXAMPLE, TALK_EXAMPLE, replay
from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    SIGNED_NAME_HOLD,
    ConsentProgress,
    held_points,
)
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.limits import (
    MRN_MAX,
    PERSON_NAME_MAX,
    SIGNED_NAME_MAX,
    STAFF_NAME_MAX,
    TALK_NOTE_MAX,
    WITNESS_NAME_MAX,
    WITNESS_ROLE_MAX,
)
from intake_app.questionnaire.answers import check_answer, is_blank
from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.flags import raise_flags
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import DateItem
from intake_app.questionnaire.visibility import resolve
from intake_app.settings import ClinicSettings
from intake_app.storage.patients import PatientDetails, plain_name

FIELDS = ("form", "version", "language", "patient", "answers", "consent", "guide")
PATIENT_FIELDS = ("given_names", "family_name", "date_of_birth", "mrn")
CONSENT_FIELDS = (
    *("acknowledged", "questions", "comprehension", "talked", "answers_after_talk"),
    *("released", "decision", "signed_name", "signature", "witness"),
)
RELEASE_POINTS = (BEFORE_CONSENT, BEFORE_DECISION, SIGNED_NAME_HOLD)
WITNESS_FIELDS = ("name", "role", "signature")
# Answers that say who the patient is: they must agree with the patient block.
IDENTITY_ANSWERS = ("given_names", "family_name", "date_of_birth")
BIRTH_DATE = DateItem(id="date_of_birth", type="date", text={"en": "Date of birth"})
FROM_TEMPLATE = "see `intake-app forms template FORM_ID`"


@dataclass(frozen=True)
class WitnessInput:
    name: str
    role: str
    strokes: Strokes


@dataclass(frozen=True)
class ConsentInput:
    """What the patient and staff did on the consent screens, as the file says.

    ``talked``: who talked questions and wrong answers over with the patient;
    ``answers_after_talk``: the patient's second answer to each question first
    answered wrongly; ``released``: who let the patient go on at each hold (see
    ``RELEASE_POINTS``). Staff are named; the times are those of the import.
    """

    acknowledged: list[str]
    questions: list[str]
    comprehension: dict[str, str]
    decision: str
    signed_name: str
    strokes: Strokes
    witness: WitnessInput | None
    talked: str | None = None
    talk_note: str = ""
    answers_after_talk: dict[str, str] = field(default_factory=dict)
    released: dict[str, str] = field(default_factory=dict)  # hold -> staff name


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
    consent_input = _consent(data.get("consent"), progress, witness_required, problems)
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


# --- consent ------------------------------------------------------------------------------


def _consent(
    value: Any, progress: ConsentProgress, witness_required: bool, problems: Problems
) -> ConsentInput | None:
    consent = JsonObject.read(value, "consent", problems, FROM_TEMPLATE)
    if consent is None:
        return None
    before = len(problems)
    consent.only(CONSENT_FIELDS)
    sections = [s.id for s in progress.document.definition.sections]
    acknowledged = _acknowledged(consent.get("acknowledged"), sections, problems)
    questions = _sections(consent.get("questions"), "consent.questions", sections, problems)
    asked = {q.id: [o.value for o in q.options] for q in progress.questions_to_check()}
    comprehension = _chosen_answers(
        consent.get("comprehension"), "consent.comprehension", asked, problems, every=True
    )
    again = _chosen_answers(
        consent.get("answers_after_talk"),
        "consent.answers_after_talk",
        asked,
        problems,
        every=False,
    )
    talked, talk_note = _talk(consent)
    released = _released(consent.get("released"), problems)
    decision = consent.get("decision")
    if decision not in ("agree", "refuse"):
        problems.append('consent.decision: must be "agree" or "refuse"')
    signed_name = consent.text(
        "signed_name", limit=SIGNED_NAME_MAX, missing="the patient's typed full name is missing"
    )
    strokes = consent.strokes("signature")
    witness = _witness(consent.get("witness"), witness_required, problems)
    if len(problems) > before:
        return None
    assert acknowledged is not None and questions is not None and comprehension is not None
    assert signed_name is not None and strokes is not None and again is not None
    assert released is not None
    return ConsentInput(
        acknowledged,
        questions,
        comprehension,
        str(decision),
        signed_name,
        strokes,
        witness,
        talked,
        talk_note,
        again,
        released,
    )


def _talk(consent: JsonObject) -> tuple[str | None, str]:
    """Who talked questions and wrong answers over with the patient, and a short note of
    what was discussed (``{"by": "...", "note": "..."}``, the note optional)."""
    if consent.get("talked") is None:
        return None, ""
    talk = JsonObject.read(consent.get("talked"), "consent.talked", consent.problems, TALK_EXAMPLE)
    if talk is None:
        return None, ""
    talk.only(("by", "note"))
    by = talk.text("by", limit=STAFF_NAME_MAX, missing="name the staff member")
    return by, talk.note("note", limit=TALK_NOTE_MAX)


def _staff_name(parent: JsonObject, key: str) -> str | None:
    """A staff member named in ``{"by": "..."}``, or None when the field is absent."""
    if parent.get(key) is None:
        return None
    release = JsonObject.read(parent.get(key), parent.where(key), parent.problems, RELEASE_EXAMPLE)
    if release is None:
        return None
    release.only(("by",))
    return release.text("by", limit=STAFF_NAME_MAX, missing="name the staff member")


def _released(value: Any, problems: Problems) -> dict[str, str] | None:
    if value is None:
        return {}
    released = JsonObject.read(value, "consent.released", problems, RELEASE_EXAMPLE)
    if released is None:
        return None
    before = len(problems)
    released.only(RELEASE_POINTS)
    names = {point: _staff_name(released, point) for point in RELEASE_POINTS}
    if len(problems) > before:
        return None
    return {point: name for point, name in names.items() if name}


def _acknowledged(value: Any, sections: list[str], problems: Problems) -> list[str] | None:
    """Every section: the patient signs only after tapping "I understand" on each."""
    if value is None:
        problems.append(f"consent.acknowledged: missing; list every section: {', '.join(sections)}")
        return None
    acknowledged = _sections(value, "consent.acknowledged", sections, problems)
    if acknowledged is None:
        return None
    for section in sections:
        if section not in acknowledged:
            problems.append(
                f"consent.acknowledged: '{section}' is missing; the patient signs only after "
                "tapping \u201cI understand\u201d on every section"
            )
    return acknowledged


def _sections(value: Any, path: str, sections: list[str], problems: Problems) -> list[str] | None:
    """A list of consent section ids, each once."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{path}: must be a list of section ids, not {kind(value)}")
        return None
    before = len(problems)
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            problems.append(f"{path}[{index}]: must be a section id in quotes, not {kind(entry)}")
        elif entry not in sections:
            problems.append(f"{path}: '{entry}' is not a consent section; {FROM_TEMPLATE}")
        elif entry in value[:index]:
            problems.append(f"{path}: '{entry}' is listed twice")
    return list(value) if len(problems) == before else None


def _chosen_answers(
    value: Any, field: str, asked: dict[str, list[str]], problems: Problems, *, every: bool
) -> dict[str, str] | None:
    """The patient's answers to comprehension questions, each one of its options.

    ``every``: each question asked needs its answer (the first round: none is ever filled
    in for the patient); otherwise only the answers given are checked (the second answers
    after a talk, whose need is checked with the sequence).
    """
    answers = JsonObject.read({} if value is None else value, field, problems, FROM_TEMPLATE)
    if answers is None:
        return None
    before = len(problems)
    answers.only(tuple(asked))
    for question, allowed in asked.items():
        if every or question in answers.raw:
            _check_choice(answers, question, allowed, problems)
    return dict(answers.raw) if len(problems) == before else None


def _check_choice(
    answers: JsonObject, question: str, allowed: list[str], problems: Problems
) -> None:
    answer = answers.get(question)
    if not isinstance(answer, str) or answer not in allowed:
        given = "missing" if answer is None else f"{json.dumps(answer)}, not an option"
        problems.append(
            f"{answers.where(question)}: the patient's answer is {given}; "
            f"use one of: {', '.join(allowed)}"
        )


def _witness(value: Any, required: bool, problems: Problems) -> WitnessInput | None:
    if value is None:
        if required:
            problems.append("consent.witness: this clinic's settings ask for a witness signature")
        return None
    witness = JsonObject.read(value, "consent.witness", problems, FROM_TEMPLATE)
    if witness is None:
        return None
    witness.only(WITNESS_FIELDS)
    name = witness.text("name", limit=WITNESS_NAME_MAX, missing="the witness's name is missing")
    role = witness.text("role", limit=WITNESS_ROLE_MAX, missing="give the role, e.g. nurse")
    strokes = witness.strokes("signature")
    if name is None or role is None or strokes is None:
        return None
    return WitnessInput(name, role, strokes)
