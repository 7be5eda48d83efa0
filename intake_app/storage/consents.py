"""Storing the consent: acknowledgments, questions, comprehension answers, the signed record.

A signed record is never changed (the ORM and the database both refuse); a
later change of mind is a new withdrawal record that points to the first.
Questions for the nurse and wrong comprehension answers become review flags the
moment they happen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from intake_app.storage.intakes import audit
from intake_app.storage.tables import ConsentRecord, Flag, Intake

QUESTION_RULE = "consent_question"
COMPREHENSION_RULE = "consent_comprehension"


@dataclass(frozen=True)
class Signature:
    """A drawn signature: the strokes (points with time and pressure) and a PNG."""

    signed_name: str
    strokes: list[list[dict[str, Any]]]
    png: bytes
    signed_at: dt.datetime
    time_zone: str


@dataclass(frozen=True)
class Witness:
    name: str
    role: str
    signature: Signature


@dataclass
class ConsentSteps:
    """What happened before the signature, in order, with times."""

    acknowledgments: list[dict[str, Any]] = field(default_factory=list)
    comprehension: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


def record_acknowledgment(session: Session, *, intake: Intake, section_id: str) -> None:
    """The patient reached the end of a section and tapped "I understand"."""
    audit(session, intake, "consent_section_understood", detail={"section": section_id})
    session.commit()


def record_question(
    session: Session, *, intake: Intake, section_id: str, section_title: str
) -> None:
    """The patient has a question about a section: the nurse must talk with them."""
    message = (
        f"Patient has a question about the consent section \u201c{section_title}\u201d. "
        "Talk with them before the injection."
    )
    _flag(
        session,
        intake,
        QUESTION_RULE,
        message,
        [{"reference": f"consent.{section_id}", "value": None}],
    )
    audit(session, intake, "consent_question", detail={"section": section_id})
    session.commit()


def record_comprehension(
    session: Session, *, intake: Intake, question_id: str, question: str, answer: str, correct: bool
) -> None:
    """Every comprehension answer is kept; a wrong one flags the nurse (never a silent retry)."""
    audit(
        session,
        intake,
        "consent_comprehension",
        detail={"question": question_id, "answer": answer, "correct": correct},
    )
    if not correct:
        message = (
            f"Comprehension check: answered \u201c{answer}\u201d to \u201c{question}\u201d. "
            "Discuss with a clinician before the injection."
        )
        _flag(
            session,
            intake,
            COMPREHENSION_RULE,
            message,
            [{"reference": f"consent.{question_id}", "value": answer}],
        )
    session.commit()


def _flag(
    session: Session, intake: Intake, rule_id: str, message: str, triggers: list[dict[str, Any]]
) -> None:
    session.add(
        Flag(
            intake_id=intake.id,
            rule_id=rule_id,
            severity="review",
            message=message,
            sources=["consent"],
            triggers=triggers,
        )
    )


def record_consent(
    session: Session,
    *,
    intake: Intake,
    shown: Any,
    decision: str,
    meaning: str,
    signature: Signature,
    steps: ConsentSteps,
    witness: Witness | None = None,
) -> ConsentRecord:
    """Store the signed consent (or refusal) exactly as shown; it can never be edited."""
    if decision not in ("agree", "refuse"):
        raise ValueError(f"unknown decision '{decision}'")
    record = ConsentRecord(
        intake_id=intake.id,
        patient_id=intake.patient_id,
        consent_id=shown.consent_id,
        consent_version=shown.version,
        language=shown.language,
        text_sha256=shown.sha256(),
        shown_text=shown.text(),
        decision=decision,
        meaning=meaning,
        **_signature_fields(signature),
        acknowledgments=steps.acknowledgments,
        comprehension=steps.comprehension,
        questions=steps.questions,
        **_witness_fields(witness),
    )
    session.add(record)
    audit(session, intake, f"consent_signed_{decision}", detail={"consent_record": record.id})
    session.commit()
    return record


def withdraw_consent(
    session: Session, *, original: ConsentRecord, meaning: str, signature: Signature
) -> ConsentRecord:
    """A later change of mind: a new signed record pointing to the first."""
    record = ConsentRecord(
        intake_id=original.intake_id,
        patient_id=original.patient_id,
        consent_id=original.consent_id,
        consent_version=original.consent_version,
        language=original.language,
        text_sha256=original.text_sha256,
        shown_text=meaning,
        decision="withdraw",
        meaning=meaning,
        **_signature_fields(signature),
        acknowledgments=[],
        comprehension=[],
        questions=[],
        supersedes_id=original.id,
    )
    session.add(record)
    intake = session.get(Intake, original.intake_id)
    if intake is not None:
        audit(
            session,
            intake,
            "consent_withdrawn",
            detail={"consent_record": record.id, "supersedes": original.id},
        )
    session.commit()
    return record


def consent_records(session: Session, *, intake_id: str) -> list[ConsentRecord]:
    query = select(ConsentRecord).where(ConsentRecord.intake_id == intake_id)
    return list(session.exec(query.order_by(col(ConsentRecord.signed_at))))


def _signature_fields(signature: Signature) -> dict[str, Any]:
    return {
        "signed_name": signature.signed_name,
        "signed_at": signature.signed_at,
        "time_zone": signature.time_zone,
        "signature_strokes": signature.strokes,
        "signature_png": signature.png,
    }


def _witness_fields(witness: Witness | None) -> dict[str, Any]:
    if witness is None:
        return {}
    return {
        "witness_name": witness.name,
        "witness_role": witness.role,
        "witness_signature_png": witness.signature.png,
        "witness_strokes": witness.signature.strokes,
        "witness_signed_at": witness.signature.signed_at,
    }
