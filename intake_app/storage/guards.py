"""What nobody may change once an intake is completed, enforced by the database itself.

A chart document is made from the stored answers, flags and patient; changing them
afterwards would make the record say something the patient never said. So:

- ``answer``: no answer of a completed intake is added, changed or deleted.
- ``flag``: no flag of a completed intake is deleted or changed, except the nurse's
  sign-off (reviewed_by, reviewed_at, review_note); none is added once the intake is
  finished (the consent steps add flags after completion: questions, wrong answers).
- ``intake``: a completed intake is never deleted; only its page, device and
  updated_at change. Until it is finished its language may change (the patient
  switches language while reading the consent) and it may be ended (abandoned: staff
  end the visit at the "Is this you?" hold); it is never reopened.
- ``patient``: once any of the patient's intakes is finished, the name and date of
  birth never change, the MRN may be added when empty but never changed, and the
  patient is never deleted. Before that, staff may still correct the name and date
  of birth at the "Is this you?" hold, which can come after the questions.
- ``document``: never deleted; only filed_at and filed_by are set (when filed).
- ``flag`` sign-off: once a review of the intake is signed, the acknowledgments it
  signed never change (a correction is a new review).
- ``review``: a signed review is never changed or deleted.
- ``attestation``: a clinician's signed attestation is never changed or deleted.
- ``audit_event``: never changed or deleted, whatever the intake's state: the trail
  only grows (``storage.audit`` chains it). ``audit_chain_head`` is never deleted and
  moves on one event at a time, never back.

A *finished* intake is completed and its consent signed or refused (the app's
"unfinished" list shows the others). Each rule is written once and enforced by the
database (SQLite and PostgreSQL triggers), whatever program sends the change; the
app's own sessions (``RecordSession``) turn the refusal into CompletedRecordError
(AuditTrailError for the audit trail) with the rule's words.
PostgreSQL's TRUNCATE skips row triggers, so there each table also refuses TRUNCATE
while it holds a row that a DELETE could not remove.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DDL, JSON, event
from sqlmodel import SQLModel

from intake_app.storage.db import REFUSALS

SIGN_OFF = ("reviewed_by", "reviewed_at", "review_note")
FILING = ("filed_at", "filed_by")
# May change after completion: the tablet's page and device, and what the nurse's queue
# keeps with the intake (flags raised by the consent steps, the review's decision).
INTAKE_UPKEEP = (
    "current_page", "updated_at", "device", "worst_flag", "flag_count", "review_state"
)  # fmt: skip
UNTIL_FINISHED = ("language", "status")  # may change after completion, until finished
IDENTITY = ("given_names", "family_name", "date_of_birth")
MRN = ("mrn", "mrn_key")

ANSWERS_KEPT = "answers of a completed intake cannot be added, changed or deleted"
FLAG_NOT_ADDED = "flags cannot be added to a finished intake (consent signed or refused)"
FLAG_KEPT = (
    "flags of a completed intake cannot be changed; only the nurse's sign-off "
    "(reviewed_by, reviewed_at, review_note) can be recorded"
)
FLAG_NOT_DELETED = "flags of a completed intake cannot be deleted"
INTAKE_NOT_DELETED = "a completed intake cannot be deleted"
INTAKE_KEPT = (
    "a completed intake keeps its patient, form and times; "
    "only current_page, updated_at and device can change"
)
INTAKE_NOT_REOPENED = "a completed intake cannot be reopened; it can only be ended (abandoned)"
FINISHED_INTAKE_KEPT = (
    "the language and status of a finished intake (consent signed or refused) cannot change"
)
IDENTITY_KEPT = (
    "the name and date of birth of a patient with a finished intake "
    "(consent signed or refused) cannot be changed"
)
MRN_KEPT = (
    "the MRN of a patient with a finished intake (consent signed or refused) "
    "can be added when empty, but not changed"
)
PATIENT_NOT_DELETED = (
    "a patient with a finished intake (consent signed or refused) cannot be deleted"
)
DOCUMENT_KEPT = (
    "a sealed document's record cannot be changed; only filed_at and filed_by can be set"
)
DOCUMENT_NOT_DELETED = "a sealed document's record cannot be deleted"
FLAG_SIGNED_OFF = (
    "a flag's acknowledgment cannot change once a review of the intake is signed; "
    "a correction is a new review"
)
REVIEW_KEPT = "a signed review cannot be changed or deleted; a correction is a new review"
ATTESTATION_KEPT = "a signed attestation cannot be changed or deleted"
AUDIT_EVENT_KEPT = "audit events cannot be changed or deleted: the audit trail only grows"
AUDIT_HEAD_KEPT = (
    "the audit trail's chain head moves on one event at a time; it cannot go back or be deleted"
)


class CompletedRecordError(RuntimeError):
    """A record of a completed intake, or a sealed document's record, was about to change."""


class AuditTrailError(RuntimeError):
    """An audit event was about to be changed or deleted."""


# --- the states, in SQL both databases read ---------------------------------------------


def completed(intake_id: str) -> str:
    """SQL: the intake ``intake_id`` (an SQL expression) is completed."""
    return (
        f"EXISTS (SELECT 1 FROM intake WHERE intake.id = {intake_id} "
        "AND intake.status = 'completed')"
    )


def decided(intake_id: str) -> str:
    """SQL: the intake's consent is signed or refused (a withdrawal follows an agreement)."""
    return (
        "EXISTS (SELECT 1 FROM consent_record "
        f"WHERE consent_record.intake_id = {intake_id} "
        "AND consent_record.decision IN ('agree', 'refuse'))"
    )


def finished(intake_id: str) -> str:
    """SQL: the intake is completed and its consent signed or refused."""
    return f"({completed(intake_id)} AND {decided(intake_id)})"


def reviewed(intake_id: str) -> str:
    """SQL: a review of the intake is signed."""
    return f"EXISTS (SELECT 1 FROM review WHERE review.intake_id = {intake_id})"


def has_finished_intake(patient_id: str) -> str:
    """SQL: one of the patient's intakes is finished."""
    return (
        "EXISTS (SELECT 1 FROM intake AS done "
        f"WHERE done.patient_id = {patient_id} AND done.status = 'completed' "
        f"AND {decided('done.id')})"
    )


# --- the database's triggers ------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """How a rule's condition names the row before (``old``) and after (``new``) a change."""

    dialect: str
    old: str = "OLD"
    new: str = "NEW"

    def changed(self, table: str, columns: Iterable[str]) -> str:
        """SQL: any of ``columns`` differs between the old and the new row (NULLs compared)."""
        return "(" + " OR ".join(self._differs(table, c) for c in columns) + ")"

    def _differs(self, table: str, column: str) -> str:
        old, new = f'{self.old}."{column}"', f'{self.new}."{column}"'
        if self.dialect == "sqlite":
            return f"{new} IS NOT {old}"
        if isinstance(_columns(table)[column].type, JSON):  # PostgreSQL's json has no "="
            old, new = f"{old}::text", f"{new}::text"
        return f"{new} IS DISTINCT FROM {old}"


@dataclass(frozen=True)
class Rule:
    """One change a table refuses: ``refused_when`` its SQL condition holds (None: always)."""

    name: str
    table: str
    operation: str  # INSERT | UPDATE | DELETE
    refused_when: Callable[[Rows], str] | None
    message: str


def _columns(table: str) -> Any:
    return SQLModel.metadata.tables[table].columns


def _all_but(table: str, allowed: Iterable[str]) -> list[str]:
    """The table's columns other than ``allowed`` (new columns are protected too)."""
    return [c.name for c in _columns(table) if c.name not in set(allowed)]


RULES = [
    Rule("answer_kept_insert", "answer", "INSERT",
         lambda r: completed(f"{r.new}.intake_id"), ANSWERS_KEPT),
    Rule("answer_kept_update", "answer", "UPDATE",
         lambda r: f"({completed(f'{r.old}.intake_id')} OR {completed(f'{r.new}.intake_id')})",
         ANSWERS_KEPT),
    Rule("answer_kept_delete", "answer", "DELETE",
         lambda r: completed(f"{r.old}.intake_id"), ANSWERS_KEPT),
    Rule("flag_not_added", "flag", "INSERT",
         lambda r: finished(f"{r.new}.intake_id"), FLAG_NOT_ADDED),
    Rule("flag_kept", "flag", "UPDATE",
         lambda r: f"{r.changed('flag', _all_but('flag', SIGN_OFF))} AND "
                   f"({completed(f'{r.old}.intake_id')} OR {completed(f'{r.new}.intake_id')})",
         FLAG_KEPT),
    Rule("flag_not_deleted", "flag", "DELETE",
         lambda r: completed(f"{r.old}.intake_id"), FLAG_NOT_DELETED),
    Rule("intake_not_deleted", "intake", "DELETE",
         lambda r: f"{r.old}.status = 'completed'", INTAKE_NOT_DELETED),
    Rule("intake_kept", "intake", "UPDATE",
         lambda r: f"{r.old}.status = 'completed' AND "
                   f"{r.changed('intake', _all_but('intake', INTAKE_UPKEEP + UNTIL_FINISHED))}",
         INTAKE_KEPT),
    Rule("intake_not_reopened", "intake", "UPDATE",
         lambda r: f"{r.old}.status = 'completed' "
                   f"AND {r.new}.status NOT IN ('completed', 'abandoned')",
         INTAKE_NOT_REOPENED),
    Rule("intake_finished_kept", "intake", "UPDATE",
         lambda r: f"{r.old}.status = 'completed' AND {r.changed('intake', UNTIL_FINISHED)} "
                   f"AND {decided(f'{r.old}.id')}",
         FINISHED_INTAKE_KEPT),
    Rule("patient_identity_kept", "patient", "UPDATE",
         lambda r: f"{r.changed('patient', IDENTITY)} AND {has_finished_intake(f'{r.old}.id')}",
         IDENTITY_KEPT),
    Rule("patient_mrn_kept", "patient", "UPDATE",
         lambda r: f"{r.old}.mrn IS NOT NULL AND trim({r.old}.mrn) <> '' "
                   f"AND {r.changed('patient', MRN)} AND {has_finished_intake(f'{r.old}.id')}",
         MRN_KEPT),
    Rule("patient_not_deleted", "patient", "DELETE",
         lambda r: has_finished_intake(f"{r.old}.id"), PATIENT_NOT_DELETED),
    Rule("flag_signed_off", "flag", "UPDATE",
         lambda r: f"{r.changed('flag', SIGN_OFF)} AND {reviewed(f'{r.old}.intake_id')}",
         FLAG_SIGNED_OFF),
    Rule("review_kept", "review", "UPDATE", None, REVIEW_KEPT),
    Rule("review_not_deleted", "review", "DELETE", None, REVIEW_KEPT),
    Rule("attestation_kept", "attestation", "UPDATE", None, ATTESTATION_KEPT),
    Rule("attestation_not_deleted", "attestation", "DELETE", None, ATTESTATION_KEPT),
    Rule("document_kept", "document", "UPDATE",
         lambda r: r.changed("document", _all_but("document", FILING)), DOCUMENT_KEPT),
    Rule("document_not_deleted", "document", "DELETE", None, DOCUMENT_NOT_DELETED),
    Rule("audit_event_kept", "audit_event", "UPDATE", None, AUDIT_EVENT_KEPT),
    Rule("audit_event_not_deleted", "audit_event", "DELETE", None, AUDIT_EVENT_KEPT),
    Rule("audit_head_forward", "audit_chain_head", "UPDATE",
         lambda r: f"{r.new}.id <> {r.old}.id OR {r.new}.sequence NOT IN "
                   f"({r.old}.sequence, {r.old}.sequence + 1) OR ({r.new}.sequence = "
                   f"{r.old}.sequence AND {r.changed('audit_chain_head', ['sha256'])})",
         AUDIT_HEAD_KEPT),
    Rule("audit_head_not_deleted", "audit_chain_head", "DELETE", None, AUDIT_HEAD_KEPT),
]  # fmt: skip


def _quoted(message: str) -> str:
    return "'" + message.replace("'", "''") + "'"


def sqlite_trigger(rule: Rule) -> str:
    when = f"WHEN {rule.refused_when(Rows('sqlite'))} " if rule.refused_when else ""
    return (
        f"CREATE TRIGGER {rule.name} BEFORE {rule.operation} ON {rule.table} FOR EACH ROW "
        f"{when}BEGIN SELECT RAISE(ABORT, {_quoted(rule.message)}); END"
    )


def postgresql_trigger(rule: Rule) -> str:
    """A plpgsql function and its row trigger (a trigger's WHEN cannot hold a subquery)."""
    condition = rule.refused_when(Rows("postgresql")) if rule.refused_when else "TRUE"
    row = "OLD" if rule.operation == "DELETE" else "NEW"  # NULL would skip the change
    return (
        f"CREATE OR REPLACE FUNCTION {rule.name}() RETURNS trigger AS $$ BEGIN "
        f"IF {condition} THEN RAISE EXCEPTION {_quoted(rule.message)}; END IF; "
        f"RETURN {row}; END; $$ LANGUAGE plpgsql; "
        f"CREATE TRIGGER {rule.name} BEFORE {rule.operation} ON {rule.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {rule.name}()"
    )


def postgresql_truncate_trigger(rule: Rule) -> str:
    """TRUNCATE (also cascading from another table) refused while a row is kept: exactly
    when the table's DELETE rule would refuse to delete some row."""
    name, kept = f"{rule.table}_not_truncated", "kept"
    where = f" WHERE {rule.refused_when(Rows('postgresql', old=kept))}" if rule.refused_when else ""
    message = (
        f"{rule.table} cannot be emptied: it holds records that cannot be changed ({rule.message})"
    )
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"IF EXISTS (SELECT 1 FROM {rule.table} AS {kept}{where}) "
        f"THEN RAISE EXCEPTION {_quoted(message)}; END IF; RETURN NULL; END; $$ LANGUAGE plpgsql; "
        f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {rule.table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


def _install_triggers() -> None:
    """Each table's triggers as these rules write them today, made with the table by
    ``SQLModel.metadata.create_all``. The app's databases get theirs from the migrations
    (``storage/migrations``); a test checks that those are exactly these, so a rule
    changed here without a migration is caught."""
    for rule in RULES:
        table = SQLModel.metadata.tables[rule.table]
        for statement, dialect in (
            (sqlite_trigger(rule), "sqlite"),
            (postgresql_trigger(rule), "postgresql"),
        ):
            ddl = DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", ddl)
        if rule.operation == "DELETE":
            truncate = DDL(postgresql_truncate_trigger(rule))  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", truncate.execute_if(dialect="postgresql"))


_install_triggers()


# --- the app's own code: the database's refusal, in the app's own words -----------------

for _rule in RULES:
    REFUSALS[_rule.message] = (
        AuditTrailError if _rule.table.startswith("audit_") else CompletedRecordError
    )
