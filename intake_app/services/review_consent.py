"""The consent part of one intake as the review page shows it, in plain English.

What the patient decided, when they acknowledged each section, the questions they
raised and who talked them over with them, the comprehension questions they got
wrong, the witness; and the product and IND status exactly as the consent shown
to the patient stated them (read from the signed text, not from today's clinic
settings, which may have changed since).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from intake_app.consent.document import ConsentDocument
from intake_app.consent.progress import DISCUSSION_HOLD, ConsentSoFar, local_time_zone
from intake_app.form_files.placeholders import PLACEHOLDER
from intake_app.form_files.translations import localized
from intake_app.storage.consents import DEFERRED_PAGE
from intake_app.storage.tables import ConsentRecord, Intake

NOT_STATED = "not stated"
DECISION_WORDS = {"agree": "agreed", "refuse": "refused"}
WITHDRAWN = "withdrawn after agreeing"


@dataclass(frozen=True)
class Acknowledged:
    """A consent section the patient read to its end and tapped "I understand" for."""

    section: str  # its English title
    at: str  # local time with zone


@dataclass(frozen=True)
class QuestionRaised:
    """ "I have a question for the nurse" on a section, and the talk that followed."""

    section: str
    at: str
    talked_with: str | None  # who released the patient after the talk; None: not yet
    talked_at: str | None
    note: str | None  # what staff said was talked over


@dataclass(frozen=True)
class WrongAnswer:
    """A comprehension question answered wrongly, with the answer that is right."""

    question: str
    given: str
    right: str
    at: str


@dataclass(frozen=True)
class WitnessSigned:
    name: str
    role: str
    at: str


@dataclass(frozen=True)
class ConsentOnFile:
    decision: str  # agreed, refused, more time, not reached, withdrawn after agreeing
    acknowledgments: tuple[Acknowledged, ...]
    questions: tuple[QuestionRaised, ...]
    wrong_answers: tuple[WrongAnswer, ...]
    witness: WitnessSigned | None


def shown_time(moment: dt.datetime | str) -> str:
    """``2026-11-25 10:05 CST``: local time with its zone, as the signature meanings."""
    at = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    local = at.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local_time_zone(local)}"


def signed_record(records: Iterable[ConsentRecord]) -> ConsentRecord | None:
    """The signed agreement or refusal (a withdrawal is a later record beside it)."""
    return next((r for r in records if r.decision != "withdraw"), None)


def decision_words(intake: Intake, records: list[ConsentRecord]) -> str:
    """The consent decision as the queue words it, a withdrawal included."""
    if any(record.decision == "withdraw" for record in records):
        return WITHDRAWN
    signed = signed_record(records)
    if signed is not None:
        return DECISION_WORDS.get(signed.decision, signed.decision)
    return "more time" if intake.current_page == DEFERRED_PAGE else "not reached"


def consent_on_file(
    intake: Intake,
    records: list[ConsentRecord],
    document: ConsentDocument | None,
    so_far: ConsentSoFar,
) -> ConsentOnFile:
    """The consent steps: from the signed record, or (nothing signed yet) as stored so far."""
    signed = signed_record(records)
    steps = _record_steps(signed) if signed is not None else _steps_so_far(so_far)
    titles = (
        {s.id: localized(s.title, "en") for s in document.definition.sections} if document else {}
    )
    releases = [h for h in steps["holds"] if h.get("hold") == DISCUSSION_HOLD]
    return ConsentOnFile(
        decision_words(intake, records),
        tuple(
            Acknowledged(titles.get(a["section"], a["section"]), shown_time(a["at"]))
            for a in steps["acknowledgments"]
        ),
        tuple(_question(q, titles, releases) for q in steps["questions"]),
        tuple(_wrong_answers(steps["comprehension"], document)),
        _witness(signed),
    )


def _record_steps(record: ConsentRecord) -> dict[str, list[dict[str, Any]]]:
    return {
        "acknowledgments": record.acknowledgments or [],
        "questions": record.questions or [],
        "comprehension": record.comprehension or [],
        "holds": record.holds or [],
    }


def _steps_so_far(so_far: ConsentSoFar) -> dict[str, list[dict[str, Any]]]:
    """The steps of a consent not signed (more time, not reached), in the record's form."""
    return {
        "acknowledgments": [
            {"section": section, "at": ack.at.isoformat()}
            for section, ack in so_far.acknowledged.items()
        ],
        "questions": [{"section": s, "at": at.isoformat()} for s, at in so_far.questions],
        "comprehension": [
            {"question": qid, "answer": a.value, "correct": a.correct, "at": a.at.isoformat()}
            for qid, attempts in so_far.attempts.items()
            for a in attempts
        ],
        "holds": [release.record() for release in so_far.releases],
    }


def _question(
    question: dict[str, Any], titles: dict[str, str], releases: list[dict[str, Any]]
) -> QuestionRaised:
    """The question and the first talk after it (the release of the discussion hold)."""
    asked = dt.datetime.fromisoformat(question["at"])
    talk = next((r for r in releases if dt.datetime.fromisoformat(r["at"]) >= asked), None)
    section = titles.get(question["section"], question["section"])
    if talk is None:
        return QuestionRaised(section, shown_time(asked), None, None, None)
    return QuestionRaised(
        section,
        shown_time(asked),
        talk.get("by") or "staff (name not recorded)",
        shown_time(talk["at"]),
        talk.get("note") or None,
    )


def _wrong_answers(
    comprehension: list[dict[str, Any]], document: ConsentDocument | None
) -> list[WrongAnswer]:
    questions = {q.id: q for q in document.definition.comprehension} if document else {}
    wrong = []
    for entry in comprehension:
        question = questions.get(entry["question"])
        if entry["correct"] or question is None:
            continue
        options = {o.value: localized(o.text, "en") for o in question.options}
        wrong.append(
            WrongAnswer(
                localized(question.question, "en"),
                options.get(entry["answer"], str(entry["answer"])),
                options.get(question.correct, question.correct),
                shown_time(entry["at"]) if entry.get("at") else "",
            )
        )
    return wrong


def _witness(record: ConsentRecord | None) -> WitnessSigned | None:
    if record is None or not record.witness_name or record.witness_signed_at is None:
        return None
    return WitnessSigned(
        record.witness_name, record.witness_role or "", shown_time(record.witness_signed_at)
    )


# --- What the consent shown to the patient said about the product --------------------


def product_stated(record: ConsentRecord | None, document: ConsentDocument | None) -> str:
    """``ExoJoint, made by Acme Biologics Inc.``, as the patient read it."""
    if record is None or document is None:
        return NOT_STATED
    bodies = [localized(s.body, record.language) for s in document.definition.sections]
    name = _stated(record.shown_text, bodies, "product_name")
    if name is None:
        return NOT_STATED
    maker = _stated(record.shown_text, bodies, "manufacturer")
    return f"{name}, made by {maker}" if maker else name


def ind_stated(record: ConsentRecord | None, document: ConsentDocument | None) -> str:
    """``IND 012345`` or that there is none, as the consent shown to the patient said."""
    if record is None or document is None:
        return NOT_STATED
    statement = document.definition.ind_statement
    number = _stated(
        record.shown_text, [localized(statement.with_ind, record.language)], "ind_number"
    )
    if number is not None:
        return f"IND {number} (given as research under the FDA's IND)"
    without = _flat(localized(statement.without_ind, record.language))
    opening = PLACEHOLDER.split(without, maxsplit=1)[0][:80].strip()
    if opening and opening in _flat(record.shown_text):
        return "no IND (not part of a study the FDA has reviewed)"
    return NOT_STATED


def _stated(shown_text: str, templates: list[str], placeholder: str) -> str | None:
    """What stands in for ``{placeholder}`` in the shown text: the words around it in the
    first template that has it, found in the text."""
    wanted = "{" + placeholder + "}"
    template = next((_flat(t) for t in templates if wanted in t), None)
    if template is None:
        return None
    before, _, after = template.partition(wanted)
    before = PLACEHOLDER.split(before)[-1][-60:]
    after = PLACEHOLDER.split(after)[0][:30]
    if not before.strip() and not after.strip():
        return None
    pattern = _words(before) + r"(.+?)" + (_words(after) if after else "$")
    found = re.search(pattern, _flat(shown_text))
    return found.group(1).strip() if found else None


def _words(text: str) -> str:
    return r"\s+".join(re.escape(part) for part in text.split(" "))


def _flat(text: str) -> str:
    return " ".join(text.split())
