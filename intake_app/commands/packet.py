"""``intake-app packet`` and ``intake-app verify``: the chart document without screens.

The input is the JSON skeleton of ``intake-app forms template`` filled in, plus a
``consent`` block::

    "consent": {"decision": "agree", "questions": ["risks"],
                "comprehension": {"fda_approved": "not_approved", ...},
                "signed_name": "Ana Ruiz", "signature": [[{"x": 0.1, "y": 0.2, "t": 0}, ...]]}

Everything is checked first; any problem is listed by item id, the exit status
is 2 and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from intake_app.chart.ink import render_png, sample_strokes, strokes_problem
from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.progress import ConsentProgress, local_time_zone
from intake_app.questionnaire.answers import check_answer, is_blank
from intake_app.questionnaire.catalog import FormCatalog
from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.visibility import resolve
from intake_app.settings import Settings, load_settings
from intake_app.storage.intakes import PatientDetails

SAMPLE_CONSENT = {
    "decision": "agree",
    "questions": ["risks"],
    "comprehension": {"fda_approved": "yes_approved"},
    "signed_name": "María José Núñez García",
}


def run_packet(input_file: Path | None, sample: bool, out_dir: Path) -> int:
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    data = _sample_input(catalog) if sample else _read_json(input_file)
    if data is None:
        return 2
    problems, plan = check_input(data, catalog)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing was stored.", file=sys.stderr)
        return 2
    assert plan is not None
    path = _store_and_file(plan, catalog, replace(settings, documents_folder=out_dir))
    print(path)
    return 0


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
    if not isinstance(loaded, dict):
        print(f"{path}: the file must hold one JSON object", file=sys.stderr)
        return None
    return loaded


def _sample_input(catalog: FormCatalog) -> dict[str, Any]:
    from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT

    questionnaire = catalog.get("exosome-joint-intake")
    patient = SAMPLE_PATIENT
    answers = dict(SAMPLE_ANSWERS) | {
        "given_names": patient.given_names,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
    }
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
        "consent": SAMPLE_CONSENT | {"signature": sample_strokes()},
    }


@dataclass(frozen=True)
class Plan:
    """A checked input, ready to store."""

    questionnaire: Questionnaire
    consent: ConsentDocument
    language: str
    patient: PatientDetails
    answers: dict[str, Any]
    consent_input: dict[str, Any]


def check_input(data: dict[str, Any], catalog: FormCatalog) -> tuple[list[str], Plan | None]:
    """Every problem with an input file, by item id; a plan when there are none."""
    problems: list[str] = []
    try:
        questionnaire = catalog.get(str(data.get("form")), data.get("version"))
    except KeyError:
        return [f"form: no form '{data.get('form')}' version {data.get('version')}"], None
    language = data.get("language") or "en"
    if language not in questionnaire.languages:
        problems.append(f"language: the form has no '{language}' text")
        language = "en"
    patient = _patient(data.get("patient"), problems)
    answers = {k: v for k, v in (data.get("answers") or {}).items() if not is_blank(v)}
    today = dt.date.today()
    for item_id, value in answers.items():
        ref = questionnaire.items.get(item_id)
        if ref is None or ref.group is not None:
            problems.append(f"answers.{item_id}: not a question of this form")
            continue
        problem = check_answer(ref.item, value, today=today, language="en")
        if problem:
            problems.append(f"answers.{item_id}: {problem}")
    if not problems:
        view = resolve(questionnaire, answers, today)
        for missing in missing_answers(questionnaire, view):
            where = f"answers.{missing.item_id}" + (
                f"[{missing.row}].{missing.child_id}" if missing.row else ""
            )
            problems.append(f"{where}: {missing.problem}")
    consent_input = data.get("consent") or {}
    try:
        consent = catalog.consent()
    except KeyError:
        return [*problems, "consent: no active consent document"], None
    problems += _consent_problems(consent_input, consent)
    if problems or patient is None:
        return problems, None
    return [], Plan(questionnaire, consent, language, patient, answers, consent_input)


def _patient(raw: Any, problems: list[str]) -> PatientDetails | None:
    if not isinstance(raw, dict):
        problems.append("patient: missing")
        return None
    given, family = (
        str(raw.get("given_names") or "").strip(),
        str(raw.get("family_name") or "").strip(),
    )
    if not given:
        problems.append("patient.given_names: please enter the first name")
    if not family:
        problems.append("patient.family_name: please enter the last name")
    try:
        born = dt.date.fromisoformat(str(raw.get("date_of_birth")))
    except ValueError:
        problems.append("patient.date_of_birth: use year-month-day, for example 1961-07-14")
        return None
    if not given or not family:
        return None
    return PatientDetails(given, family, born, str(raw["mrn"]) if raw.get("mrn") else None)


def _consent_problems(raw: dict[str, Any], consent: ConsentDocument) -> list[str]:
    problems = []
    if raw.get("decision") not in ("agree", "refuse"):
        problems.append("consent.decision: must be 'agree' or 'refuse'")
    if not str(raw.get("signed_name") or "").strip():
        problems.append("consent.signed_name: the patient's typed full name is missing")
    problem = strokes_problem(raw.get("signature"))
    if problem:
        problems.append(f"consent.signature: {problem}")
    sections = {s.id for s in consent.definition.sections}
    for section in raw.get("questions") or []:
        if section not in sections:
            problems.append(f"consent.questions: '{section}' is not a consent section")
    options = {q.id: {o.value for o in q.options} for q in consent.definition.comprehension}
    for question, answer in (raw.get("comprehension") or {}).items():
        if question not in options or answer not in options[question]:
            problems.append(
                f"consent.comprehension.{question}: not a question with answer '{answer}'"
            )
    return problems


def _store_and_file(plan: Plan, catalog: FormCatalog, settings: Settings) -> Path:
    from intake_app.chart.filing import make_chart_document
    from intake_app.kiosk.session import IntakeSession
    from intake_app.storage.consents import (
        ConsentSteps,
        Signature,
        record_comprehension,
        record_consent,
        record_question,
    )
    from intake_app.storage.db import Database, utc_now

    database = Database(settings.database_url)
    try:
        session = IntakeSession.start(
            database, plan.questionnaire, plan.patient, language=plan.language
        )
        for item_id, value in plan.answers.items():
            session.answer(item_id, value, actor="import")
        session.complete()
        shown = show_consent(plan.consent, plan.language, settings.clinic)
        progress = ConsentProgress(plan.consent, shown)
        now = utc_now()
        raw = plan.consent_input
        with database.session() as db:
            for section in shown.sections:
                progress.acknowledge(section.id, now)
            for section_id in raw.get("questions") or []:
                progress.ask(section_id, now)
                record_question(
                    db,
                    intake=session.intake,
                    section_id=section_id,
                    section_title=shown.section(section_id).title,
                    at=now,
                )
            for question in plan.consent.definition.comprehension:
                value = (raw.get("comprehension") or {}).get(question.id, question.correct)
                progress.answer(question, value, now)
                text = progress.option_text(question, value, "en")
                record_comprehension(
                    db,
                    intake=session.intake,
                    question_id=question.id,
                    question=question.question["en"],
                    answer=text,
                    given=progress.so_far.answers[question.id],
                )
            strokes = raw["signature"]
            signature = Signature(
                raw["signed_name"].strip(),
                strokes,
                render_png(strokes),
                now,
                local_time_zone(now.astimezone()),
            )
            steps = progress.steps()
            record_consent(
                db,
                intake=session.intake,
                shown=shown,
                decision=raw["decision"],
                meaning=progress.meaning(raw["decision"]),
                signature=signature,
                steps=ConsentSteps(
                    steps["acknowledgments"], steps["comprehension"], steps["questions"]
                ),
            )
            document = make_chart_document(
                db, intake=session.intake, catalog=catalog, settings=settings, today=dt.date.today()
            )
        return Path(document.path)
    finally:
        database.dispose()


def run_verify(path: Path) -> int:
    """Print signer, time, document id and VALID or INVALID; 0 only when intact and ours."""
    from intake_app.chart.seal import clinic_seal_keys, verify_pdf

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    settings = load_settings()
    clinic = settings.clinic
    keys = clinic_seal_keys(settings.keys_dir, clinic.clinic.name, clinic.seal.pkcs12_file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: INVALID: cannot read the file ({exc.strerror})")
        return 1
    verdict = verify_pdf(data, keys.cert_file)
    print(f"File: {path}")
    print(f"Document id: {verdict.document_id or 'unknown'}")
    print(f"Signer: {verdict.signer or 'unknown'}")
    print(f"Signed at: {verdict.signed_at or 'unknown'}")
    print(("VALID: " if verdict.valid else "INVALID: ") + verdict.reason)
    return 0 if verdict.valid else 1
