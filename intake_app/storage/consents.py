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

from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    DISCUSSION_HOLD,
    END_VISIT,
    IDENTITY_HOLD,
    SIGNED_NAME_HOLD,
    Acknowledgment,
    ComprehensionAnswer,
    ConsentSoFar,
    HoldRelease,
)
from intake_app.storage.intakes import audit, count_flag
from intake_app.storage.tables import AuditEvent, ConsentRecord, Flag, Intake

QUESTION_RULE = "consent_question"
COMPREHENSION_RULE = "consent_comprehension"
DEFERRAL_RULE = "consent_deferred"
VISIT_ENDED_RULE = "visit_ended"
WITNESS_MEANING = "As witness, I saw the patient sign this consent."
DEFERRED_PAGE = "consent_deferred"  # the intake's page while the patient takes more time
VISIT_ENDED_PAGE = "visit_ended"  # staff ended the visit at a hold: nothing was signed
_STEP_ACTIONS = (
    "consent_section_understood",
    "consent_question",
    "consent_comprehension",
    "consent_comprehension_order",
    "consent_discussed",
    "hold_released",
)
HOLD_NAMES = {
    BEFORE_CONSENT: "before the consent (an interpreter or the language)",
    BEFORE_DECISION: "before the decision (STOP flags)",
    DISCUSSION_HOLD: "to talk over questions and wrong answers",
    IDENTITY_HOLD: "because the patient said the name or date of birth is wrong",
    SIGNED_NAME_HOLD: "because the typed name differs from the registered name",
}


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
    meaning: str  # what the witness's signature means, as printed next to it


class WithdrawalRefused(ValueError):
    """Only an agreement that is not already withdrawn can be withdrawn."""


@dataclass
class ConsentSteps:
    """What happened before the signature, in order, with times."""

    acknowledgments: list[dict[str, Any]] = field(default_factory=list)
    comprehension: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    holds: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, steps: dict[str, list[dict[str, Any]]]) -> ConsentSteps:
        """From ``ConsentProgress.steps()``."""
        return cls(
            steps["acknowledgments"], steps["comprehension"], steps["questions"], steps["holds"]
        )


def record_acknowledgment(
    session: Session,
    *,
    intake: Intake,
    section_id: str,
    ack: Acknowledgment,
    consent: tuple[str, str] | None = None,
) -> None:
    """The patient reached the end of a section and tapped "I understand". ``consent``:
    the id and version read, so that the intake keeps that version when a newer one is
    published before it is signed."""
    detail = {
        "section": section_id,
        "at": ack.at.isoformat(),
        "language": ack.language,
        "text_sha256": ack.text_sha256,
        **_consent_named(consent),
    }
    audit(session, intake, "consent_section_understood", detail=detail)
    session.flush()


def _consent_named(consent: tuple[str, str] | None) -> dict[str, str]:
    return {} if consent is None else {"consent": consent[0], "consent_version": consent[1]}


def record_question(
    session: Session,
    *,
    intake: Intake,
    section_id: str,
    section_title: str,
    at: dt.datetime,
    consent: tuple[str, str] | None = None,
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
    detail = {"section": section_id, "at": at.isoformat(), **_consent_named(consent)}
    audit(session, intake, "consent_question", detail=detail)
    session.flush()


def record_comprehension(
    session: Session,
    *,
    intake: Intake,
    question_id: str,
    question: str,
    answer: str,
    given: ComprehensionAnswer,
) -> None:
    """Every comprehension answer is kept, a second one after a talk too; a wrong one flags
    the nurse (never a silent retry).

    ``question`` and ``answer`` are the English wording, for the nurse.
    """
    detail = {
        "question": question_id,
        "answer": answer,
        "value": given.value,
        "correct": given.correct,
        "at": given.at.isoformat(),
    }
    audit(session, intake, "consent_comprehension", detail=detail)
    correct = given.correct
    if not correct:
        again = _flagged_before(session, intake, question_id)
        check = "Comprehension check, asked again after a talk" if again else "Comprehension check"
        message = (
            f"{check}: answered \u201c{answer}\u201d to \u201c{question}\u201d. "
            "Discuss with a clinician before the injection."
        )
        _flag(
            session,
            intake,
            COMPREHENSION_RULE,
            message,
            [{"reference": f"consent.{question_id}", "value": answer}],
        )
    session.flush()


def _flagged_before(session: Session, intake: Intake, question_id: str) -> bool:
    """Whether a wrong answer to this comprehension question was flagged already."""
    reference = f"consent.{question_id}"
    flags = session.exec(
        select(Flag).where(Flag.intake_id == intake.id, Flag.rule_id == COMPREHENSION_RULE)
    )
    return any(t.get("reference") == reference for f in flags for t in f.triggers or [])


def record_release(
    session: Session,
    *,
    intake: Intake,
    release: HoldRelease,
    actor: str = "staff",
    actor_role: str | None = None,
) -> None:
    """Staff (signed in with their own PIN) talked with a held patient and chose how to
    go on.

    Ending the visit signs nothing: the intake keeps its flags and a review flag says
    where it stopped, for the nurse.
    """
    detail = release.record()
    audit(session, intake, "hold_released", actor=actor, actor_role=actor_role, detail=detail)
    if release.choice == END_VISIT:
        where = HOLD_NAMES.get(release.hold, release.hold)
        message = (
            f"Staff ({release.by}) ended the visit at the hold {where}. Nothing was signed; "
            "follow up with the patient."
        )
        _flag(session, intake, VISIT_ENDED_RULE, message, [])
        intake.current_page = VISIT_ENDED_PAGE
        session.add(intake)
    session.flush()


def record_option_order(
    session: Session, *, intake: Intake, question_id: str, order: list[str]
) -> None:
    """The order a comprehension question's options were shown in (shuffled per patient)."""
    detail = {"question": question_id, "order": order}
    audit(session, intake, "consent_comprehension_order", detail=detail)
    session.flush()


def record_deferral(session: Session, *, intake: Intake) -> None:
    """The patient wants more time before deciding: no signature, the nurse follows up."""
    message = "Patient wants more time before deciding about the injection. Follow up with them."
    _flag(session, intake, DEFERRAL_RULE, message, [])
    audit(session, intake, "consent_deferred")
    intake.current_page = DEFERRED_PAGE
    session.add(intake)
    session.flush()


def consent_so_far(session: Session, *, intake_id: str) -> ConsentSoFar:
    """The consent steps stored for an intake, to continue after a pause or a restart."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.intake_id == intake_id)
        .where(col(AuditEvent.action).in_(_STEP_ACTIONS))
        .order_by(col(AuditEvent.sequence))
    )
    so_far = ConsentSoFar()
    for event in session.exec(query):
        _replay(so_far, event.action, event.detail or {}, event.at)
    return so_far


def _replay(so_far: ConsentSoFar, action: str, detail: dict[str, Any], stored: dt.datetime) -> None:
    at = dt.datetime.fromisoformat(detail["at"]) if "at" in detail else stored
    if so_far.consent is None and "consent_version" in detail:
        so_far.consent = (detail["consent"], detail["consent_version"])
    if action == "consent_section_understood":
        ack = Acknowledgment(at, detail.get("language", ""), detail.get("text_sha256", ""))
        so_far.acknowledged.setdefault(detail["section"], ack)
    elif action == "consent_question":
        so_far.questions.append((detail["section"], at))
    elif action == "consent_comprehension" and "value" in detail:
        answer = ComprehensionAnswer(detail["value"], bool(detail["correct"]), at)
        so_far.attempts.setdefault(detail["question"], []).append(answer)
    elif action == "consent_comprehension_order":
        so_far.option_order.setdefault(detail["question"], list(detail["order"]))
    elif action == "consent_discussed":  # recorded before holds had names
        so_far.releases.append(HoldRelease(DISCUSSION_HOLD, "", at))
    elif action == "hold_released":
        release = HoldRelease(detail["hold"], detail.get("by", ""), at, detail["choice"])
        so_far.releases.append(release)


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
    count_flag(intake, "review")
    session.add(intake)


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
    electronic_agreement: str | None = None,
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
        holds=steps.holds,
        electronic_agreement=electronic_agreement,
        **_witness_fields(witness),
    )
    session.add(record)
    audit(session, intake, f"consent_signed_{decision}", detail={"consent_record": record.id})
    session.flush()
    return record


def withdraw_consent(
    session: Session, *, original: ConsentRecord, shown: Any, meaning: str, signature: Signature
) -> ConsentRecord:
    """A later change of mind: a new signed record, with its own text, pointing to the first.

    ``shown`` is the withdrawal text exactly as the patient read it (``text()``,
    ``sha256()``, ``language``).
    """
    if original.decision != "agree":
        raise WithdrawalRefused("only a signed agreement can be withdrawn")
    if withdrawal_of(session, original=original) is not None:
        raise WithdrawalRefused("this agreement is already withdrawn")
    record = ConsentRecord(
        intake_id=original.intake_id,
        patient_id=original.patient_id,
        consent_id=original.consent_id,
        consent_version=original.consent_version,
        language=shown.language,
        text_sha256=shown.sha256(),
        shown_text=shown.text(),
        decision="withdraw",
        meaning=meaning,
        **_signature_fields(signature),
        acknowledgments=[],
        comprehension=[],
        questions=[],
        supersedes_id=original.id,
        electronic_agreement=getattr(shown, "electronic", "") or None,
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
    session.flush()
    return record


def withdrawal_of(session: Session, *, original: ConsentRecord) -> ConsentRecord | None:
    query = select(ConsentRecord).where(ConsentRecord.supersedes_id == original.id)
    return session.exec(query).first()


def active_agreements(session: Session, *, patient_ids: list[str]) -> dict[str, ConsentRecord]:
    """Each patient's latest signed agreement that has not been withdrawn (one query)."""
    withdrawn = select(ConsentRecord.supersedes_id).where(
        col(ConsentRecord.supersedes_id).is_not(None)
    )
    query = (
        select(ConsentRecord)
        .where(col(ConsentRecord.patient_id).in_(patient_ids), ConsentRecord.decision == "agree")
        .where(col(ConsentRecord.id).not_in(withdrawn))
        .order_by(col(ConsentRecord.signed_at))
    )
    return {record.patient_id: record for record in session.exec(query)}  # the latest wins


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
        "witness_meaning": witness.meaning,
    }
