"""The ``consent`` block of a ``packet`` input file: what the patient and staff did on the
consent screens, checked field by field (see ``packet_input`` for the whole file).

Nothing is guessed: a comprehension answer or an acknowledgment the file does not
give is a problem, never filled in. Staff are named; the times are those of the
import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.ink import Strokes
from intake_app.commands.input_fields import FROM_TEMPLATE, JsonObject, Problems, kind
from intake_app.commands.packet_consent import RELEASE_EXAMPLE, TALK_EXAMPLE
from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    SIGNED_NAME_HOLD,
    ConsentProgress,
)
from intake_app.kiosk.limits import (
    SIGNED_NAME_MAX,
    STAFF_NAME_MAX,
    TALK_NOTE_MAX,
    WITNESS_NAME_MAX,
    WITNESS_ROLE_MAX,
)

CONSENT_FIELDS = (
    *("acknowledged", "questions", "comprehension", "talked", "answers_after_talk"),
    *("released", "decision", "signed_name", "signature", "witness"),
)
RELEASE_POINTS = (BEFORE_CONSENT, BEFORE_DECISION, SIGNED_NAME_HOLD)
WITNESS_FIELDS = ("name", "role", "signature")


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


def read_consent(
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
