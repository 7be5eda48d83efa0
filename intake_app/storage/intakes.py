"""Storing an intake as it is filled in, and resuming it.

The functions here flush and never commit: the caller's transaction (one
``Database.session()`` block) stores what one act of the app changes, whole or
not at all. The tablet commits every answer the moment it is given. Answers to
items that the new answer hides are deleted in the same transaction, and every
change leaves an audit event with the old and the new value (the audit trail,
not the log: no patient data is ever logged).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Executable
from sqlmodel import Session, SQLModel, col, select

from intake_app.consent.progress import held_points
from intake_app.questionnaire.answers import check_answer, is_blank
from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.completeness import MissingAnswer, missing_answers
from intake_app.questionnaire.flags import RaisedFlag, raise_flags
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import SEVERITY_ORDER, DisplayItem
from intake_app.questionnaire.visibility import IntakeView, resolve
from intake_app.storage.audit import append_event
from intake_app.storage.db import refusals_as_such, utc_now
from intake_app.storage.patients import PatientDetails, unfinished
from intake_app.storage.tables import (
    NO_FLAG,
    Answer,
    AuditEvent,
    ConsentRecord,
    Flag,
    Intake,
    Patient,
    new_id,
)


class InvalidAnswer(ValueError):
    """An answer that does not fit its item; the message is for the patient."""


class IncompleteIntake(ValueError):
    """Required answers are missing; ``missing`` lists them."""

    def __init__(self, missing: list[MissingAnswer]) -> None:
        super().__init__(f"{len(missing)} required answer(s) missing")
        self.missing = missing


def start_intake(
    session: Session,
    *,
    patient: Patient,
    questionnaire: Questionnaire,
    language: str,
    started_by: str | None = None,
    device: str | None = None,
    actor_role: str | None = None,
) -> Intake:
    """A new intake for ``patient``; ``started_by`` is the staff member's id (None when an
    input file was imported), ``actor_role`` their roles for the audit trail."""
    if language not in questionnaire.languages:
        raise ValueError(f"form {questionnaire.form_id} has no '{language}' text")
    intake = Intake(
        patient_id=patient.id,
        form_id=questionnaire.form_id,
        form_version=questionnaire.version,
        language=language,
        started_by=started_by,
        device=device,
    )
    session.add(intake)
    session.flush()
    audit(
        session,
        intake,
        "intake_started",
        actor=_staff(started_by),
        actor_role=actor_role,
        detail={"language": language},
    )
    session.flush()
    return intake


def load_answers(session: Session, *, intake_id: str) -> dict[str, Any]:
    rows = session.exec(select(Answer).where(Answer.intake_id == intake_id))
    return {row.item_id: row.value for row in rows}


def record_answer(
    session: Session,
    *,
    intake: Intake,
    questionnaire: Questionnaire,
    item_id: str,
    value: Any,
    today: dt.date,
    actor: str = "patient",
    facts: IntakeFacts | None = None,
) -> IntakeView:
    """Check and store one answer; a blank value removes the answer.

    Returns what the patient now sees; answers hidden by this one are deleted.
    Raises InvalidAnswer (nothing stored) when the value does not fit the item.
    ``facts``: the intake's registered birth date and language, when the caller holds
    them already (read from the database otherwise).

    The answers stored are read as they are in the database now (not as the caller
    last saw them), so storing an answer again, after a commit whose reply was lost,
    changes nothing.
    """
    if intake.status != "in_progress":
        raise InvalidAnswer("This form is already finished; its answers can no longer change.")
    item = _answerable_item(questionnaire, item_id)
    if not is_blank(value):
        problem = check_answer(item, value, today=today, language=intake.language)
        if problem:
            raise InvalidAnswer(problem)
    stored = _stored_answers(session, intake.id)
    answers = dict(stored)
    if is_blank(value):
        answers.pop(item_id, None)
    else:
        answers[item_id] = value
    view = resolve(questionnaire, answers, today, facts or intake_facts(session, intake=intake))
    _write_changes(session, intake, stored, view.answers, actor)
    intake.updated_at = utc_now()
    session.add(intake)
    session.flush()
    return view


def _answerable_item(questionnaire: Questionnaire, item_id: str) -> Any:
    ref = questionnaire.items.get(item_id)
    if ref is None or ref.group is not None or isinstance(ref.item, DisplayItem):
        raise KeyError(f"'{item_id}' is not a question of form {questionnaire.form_id}")
    return ref.item


def _stored_answers(session: Session, intake_id: str) -> dict[str, Any]:
    """The intake's answers as stored: item id -> value (plain rows, no records)."""
    found = session.connection().execute(_STORED, {"of_intake": intake_id})
    return {item_id: value for item_id, value in found}


def _write_changes(
    session: Session, intake: Intake, stored: dict[str, Any], wanted: dict[str, Any], actor: str
) -> None:
    """Store what differs between the ``stored`` answers and the ``wanted`` ones, each
    change with its audit event. Each is one plain statement: the answers are never
    records of the session (what the patient sees is ``wanted``)."""
    connection, now = session.connection(), utc_now()
    for item_id in [i for i in stored if i not in wanted]:
        _send(connection, _REMOVE, {"of_intake": intake.id, "of_item": item_id})
        detail = {"old": stored[item_id]}
        audit(session, intake, "answer_removed", actor=actor, item_id=item_id, detail=detail)
    for item_id, value in wanted.items():
        if item_id not in stored:
            row = {"id": new_id(), "intake_id": intake.id, "item_id": item_id, "value": value}
            _send(connection, _GIVE, row | {"answered_at": now, "updated_at": now})
            detail = {"new": value}
            audit(session, intake, "answer_given", actor=actor, item_id=item_id, detail=detail)
        elif stored[item_id] != value:
            key = {"of_intake": intake.id, "of_item": item_id}
            _send(connection, _CHANGE, key | {"new_value": value, "changed_at": now})
            detail = {"old": stored[item_id], "new": value}
            audit(session, intake, "answer_changed", actor=actor, item_id=item_id, detail=detail)


def _send(connection: Connection, statement: Executable, values: dict[str, Any]) -> None:
    with refusals_as_such():  # a completed intake's answers never change
        connection.execute(statement, values)


# The statements of an answer, made once (each tap only sends its values).
_ANSWER = SQLModel.metadata.tables["answer"]
_OF_INTAKE = _ANSWER.c.intake_id == bindparam("of_intake")
_STORED = select(_ANSWER.c.item_id, _ANSWER.c.value).where(_OF_INTAKE)
_THIS_ANSWER = and_(_OF_INTAKE, _ANSWER.c.item_id == bindparam("of_item"))
_GIVE = insert(_ANSWER)
_CHANGE = (
    update(_ANSWER)
    .where(_THIS_ANSWER)
    .values(value=bindparam("new_value"), updated_at=bindparam("changed_at"))
)
_REMOVE = delete(_ANSWER).where(_THIS_ANSWER)


def set_current_page(session: Session, *, intake: Intake, page: str) -> None:
    """Remember where the patient is, so a restart opens the same page."""
    intake.current_page = page
    intake.updated_at = utc_now()
    session.add(intake)
    session.flush()


def intakes_in_progress(session: Session, *, device: str | None = None) -> list[Intake]:
    """Unfinished intakes (of one tablet), most recently touched first.

    Unfinished: questions not all answered, or answered but the consent not yet
    signed or refused.
    """
    query = select(Intake).where(unfinished())
    if device is not None:
        query = query.where(Intake.device == device)
    return list(session.exec(query.order_by(col(Intake.updated_at).desc())))


def set_language(session: Session, *, intake: Intake, language: str) -> None:
    """The patient switched language; answers are kept.

    Once the consent is signed or refused (the thank-you screen) only the screens
    switch: the intake keeps the language its chart document is made in, and the
    database refuses to change it.
    """
    if language != intake.language and not consent_decided(session, intake=intake):
        audit(session, intake, "language_changed", detail={"old": intake.language, "new": language})
        intake.language = language
        intake.updated_at = utc_now()
        session.add(intake)
        session.flush()


def consent_decided(session: Session, *, intake: Intake) -> bool:
    """Whether the intake's consent is signed or refused (a withdrawal follows an agreement)."""
    query = select(ConsentRecord.id).where(
        ConsentRecord.intake_id == intake.id, col(ConsentRecord.decision).in_(("agree", "refuse"))
    )
    return session.exec(query).first() is not None


def end_intake(
    session: Session, *, intake: Intake, actor: str, actor_role: str | None = None
) -> None:
    """Staff ended an unfinished intake; its answers stay stored."""
    intake.status = "abandoned"
    intake.updated_at = utc_now()
    session.add(intake)
    audit(session, intake, "intake_ended", actor=actor, actor_role=actor_role)
    session.flush()


def record_identity_check(session: Session, *, intake: Intake, confirmed: bool) -> None:
    """The patient saw the registered name and date of birth: "this is me", or "it is wrong"."""
    audit(session, intake, "identity_confirmed" if confirmed else "identity_disputed")
    session.flush()


# What the patient and staff said of the registered name and birth date, in the audit trail.
IDENTITY_EVENTS = ("identity_confirmed", "identity_disputed", "patient_identity_corrected")


def identity_confirmed(session: Session, *, intake: Intake) -> bool:
    """Whether the patient's last word on the registered name and birth date was "this is me"
    (a later correction by staff needs the patient to confirm again)."""
    query = (
        select(AuditEvent.action)
        .where(AuditEvent.intake_id == intake.id, col(AuditEvent.action).in_(IDENTITY_EVENTS))
        .order_by(col(AuditEvent.sequence).desc())
    )
    return session.exec(query).first() == "identity_confirmed"


def correct_identity(
    session: Session,
    *,
    intake: Intake,
    details: PatientDetails,
    by: str,
    actor: str = "staff",
    actor_role: str | None = None,
) -> Patient:
    """Staff corrected the registered name or date of birth (the MRN stays as it was).

    The earlier values stay in the audit trail with the staff member's name.
    """
    patient = patient_of(session, intake=intake)
    old = _identity(patient.given_names, patient.family_name, patient.date_of_birth)
    new = _identity(details.given_names, details.family_name, details.date_of_birth)
    patient.given_names, patient.family_name = details.given_names, details.family_name
    patient.date_of_birth = details.date_of_birth
    session.add(patient)
    detail = {"by": by, "old": old, "new": new}
    audit(
        session,
        intake,
        "patient_identity_corrected",
        actor=actor,
        actor_role=actor_role,
        detail=detail,
    )
    session.flush()
    return patient


def _identity(given: str, family: str, born: dt.date) -> dict[str, str]:
    return {"given_names": given, "family_name": family, "date_of_birth": born.isoformat()}


def patient_of(session: Session, *, intake: Intake) -> Patient:
    patient = session.get(Patient, intake.patient_id)
    if patient is None:
        raise LookupError("the intake's patient is missing")
    return patient


def current_view(
    session: Session, *, intake: Intake, questionnaire: Questionnaire, today: dt.date
) -> IntakeView:
    answers = load_answers(session, intake_id=intake.id)
    return resolve(questionnaire, answers, today, intake_facts(session, intake=intake))


def intake_facts(session: Session, *, intake: Intake) -> IntakeFacts:
    """What the intake knows without asking: the registered birth date, the form's language."""
    return IntakeFacts(patient_of(session, intake=intake).date_of_birth, intake.language)


def complete_intake(
    session: Session, *, intake: Intake, questionnaire: Questionnaire, today: dt.date
) -> list[RaisedFlag]:
    """Mark the intake completed and store its flags; refuse while answers are missing."""
    view = current_view(session, intake=intake, questionnaire=questionnaire, today=today)
    missing = missing_answers(questionnaire, view, language=intake.language)
    if missing:
        raise IncompleteIntake(missing)
    raised = raise_flags(questionnaire, view)
    for flag in raised:
        session.add(_flag_row(intake, flag))
        count_flag(intake, flag.severity)
    intake.status, intake.completed_at = "completed", utc_now()
    intake.updated_at = intake.completed_at
    session.add(intake)
    audit(session, intake, "intake_completed", detail={"flags": [f.rule_id for f in raised]})
    session.flush()
    return raised


def count_flag(intake: Intake, severity: str) -> None:
    """Keep the intake's worst flag and its number of flags for the nurse's queue."""
    intake.worst_flag = min(intake.worst_flag, SEVERITY_ORDER.get(severity, NO_FLAG))
    intake.flag_count += 1


def stored_flags(session: Session, *, intake_id: str) -> list[Flag]:
    return list(session.exec(select(Flag).where(Flag.intake_id == intake_id)))


def stored_holds(
    session: Session, *, intake: Intake, questionnaire: Questionnaire
) -> dict[str, list[str]]:
    """The intake's flags that hold the patient for staff, by hold point (the form's rules
    say which: a STOP flag before the decision, an interpreter need before the consent)."""
    rules = {rule.id: rule for rule in questionnaire.definition.flags}
    return held_points(
        (flag.rule_id, rules[flag.rule_id].hold_point if flag.rule_id in rules else None)
        for flag in stored_flags(session, intake_id=intake.id)
    )


def _flag_row(intake: Intake, flag: RaisedFlag) -> Flag:
    triggers = [{"reference": t.reference, "value": t.value} for t in flag.triggers]
    return Flag(
        intake_id=intake.id,
        rule_id=flag.rule_id,
        severity=flag.severity,
        message=flag.message,
        sources=list(flag.sources),
        triggers=triggers,
    )


def _staff(staff_id: str | None) -> str:
    return f"staff:{staff_id}" if staff_id else "system"


def audit(
    session: Session,
    intake: Intake,
    action: str,
    *,
    actor: str = "patient",
    item_id: str | None = None,
    detail: dict[str, Any] | None = None,
    workstation: str | None = None,
    actor_role: str | None = None,
) -> None:
    """Add one event to the intake's audit trail, chained in the caller's transaction
    (``storage.audit``); ``workstation`` is the device's id, when the caller knows it."""
    append_event(
        session,
        actor=actor,
        action=action,
        intake_id=intake.id,
        patient_id=intake.patient_id,
        item_id=item_id,
        detail=detail,
        workstation=workstation,
        actor_role=actor_role,
    )
