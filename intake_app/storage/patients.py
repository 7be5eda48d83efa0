"""Patients: registering one (one patient per MRN), finding one for staff.

A patient is found by MRN (trimmed, any case: ``mrn_key``) or, without one, by name
and date of birth compared plainly (no accents, any case). The database keeps one
patient per MRN, so two tablets registering one MRN at once end with one patient,
and a clear refusal when the two are different people.

Staff searches find each typed word in the name key the patient is stored with
(``name_key``: no accents, case or punctuation), in the database: a search that
matches nobody reads no patient's row in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, union_all
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from intake_app.storage.tables import (
    ConsentRecord,
    Intake,
    Patient,
    mrn_key,
    plain_name,
    search_key,
)

__all__ = [
    "PatientDetails",
    "PatientMatch",
    "PatientMismatch",
    "find_or_create_patient",
    "find_patients",
    "name_holds",
    "plain_name",
    "same_person",
    "search_key",
    "unfinished",
    "unfinished_on",
]


@dataclass(frozen=True)
class PatientDetails:
    given_names: str
    family_name: str
    date_of_birth: dt.date
    mrn: str | None = None


class PatientMismatch(ValueError):
    """The MRN already belongs to a patient with another name or date of birth.

    The message names no patient: it may reach a screen or a terminal.
    """

    def __init__(self) -> None:
        super().__init__("the MRN belongs to another patient (name or date of birth differs)")


def find_or_create_patient(session: Session, *, details: PatientDetails) -> Patient:
    """The patient with this MRN (or, without one, this name and birth date), else a new one.

    Names are compared trimmed and without regard to case or accents; MRNs trimmed and
    without regard to case (``mrn_key``). Raises PatientMismatch when the MRN is on file
    for a different person, also when another tablet stored it a moment ago. A new
    patient is flushed, not committed: it is stored with whatever the caller commits next.
    """
    patient = _known_patient(session, details)
    if patient is None:
        patient = _new_patient(session, details)
    return patient


def _new_patient(session: Session, details: PatientDetails) -> Patient:
    """Store a new patient; the database keeps one patient per MRN.

    The insert runs in a savepoint: when another tablet stored the same MRN since the
    lookup, only the savepoint is undone, never the caller's transaction, and that
    patient is used if it is the same person (else PatientMismatch).
    """
    patient = Patient(
        given_names=details.given_names,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        mrn=(details.mrn or "").strip() or None,
    )
    _begin_sqlite_transaction(session)
    savepoint = session.begin_nested()  # flushes the caller's changes first, outside it
    try:
        with savepoint:
            session.add(patient)
    except IntegrityError:
        stored = _known_patient(session, details)
        if stored is None:
            raise
        return stored
    return patient


def _begin_sqlite_transaction(session: Session) -> None:
    """Python's sqlite3 driver begins SQLite's transaction only at the first write; a
    savepoint before that would open the outermost transaction, and releasing it would
    commit the new patient before the caller's commit (or despite its rollback)."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "sqlite" and not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def _known_patient(session: Session, details: PatientDetails) -> Patient | None:
    key = mrn_key(details.mrn)
    if key is not None:
        patient = session.exec(select(Patient).where(Patient.mrn_key == key)).first()
        if patient is not None and not same_person(patient, details):
            raise PatientMismatch()
        return patient
    born_then = select(Patient).where(Patient.date_of_birth == details.date_of_birth)
    candidates = session.exec(born_then.order_by(col(Patient.created_at)))
    return next((p for p in candidates if same_person(p, details)), None)


def same_person(patient: Patient, details: PatientDetails) -> bool:
    """Same names (trimmed, any case, with or without accents) and the same birth date."""
    return (
        plain_name(patient.given_names) == plain_name(details.given_names)
        and plain_name(patient.family_name) == plain_name(details.family_name)
        and patient.date_of_birth == details.date_of_birth
    )


@dataclass(frozen=True)
class PatientMatch:
    """A patient found by a staff search, with how many of their intakes are unfinished."""

    patient: Patient
    unfinished_intakes: int


def find_patients(
    session: Session,
    *,
    text: str | None,
    date_of_birth: dt.date | None,
    mrn: str | None,
    limit: int = 20,
) -> list[PatientMatch]:
    """Patients matching every search given, newest first.

    ``text``: each word must appear in the patient's name (any case, accents and
    punctuation optional); ``mrn``: the whole MRN, any case. With no search at
    all, the newest patients.
    """
    query = select(Patient).where(*name_holds(search_key(text or "").split()))
    if date_of_birth is not None:
        query = query.where(Patient.date_of_birth == date_of_birth)
    if mrn_key(mrn) is not None:
        query = query.where(Patient.mrn_key == mrn_key(mrn))
    newest_first = query.order_by(col(Patient.created_at).desc(), col(Patient.id)).limit(limit)
    found = list(session.exec(newest_first))
    counts = _unfinished_counts(session, [p.id for p in found])
    return [PatientMatch(p, counts.get(p.id, 0)) for p in found]


def name_holds(fragments: list[str]) -> list[Any]:
    """SQL: the patient's name holds every fragment (each in ``search_key`` form)."""
    return [col(Patient.name_key).contains(fragment, autoescape=True) for fragment in fragments]


def _unfinished_counts(session: Session, patient_ids: list[str]) -> dict[str, int]:
    if not patient_ids:
        return {}
    query = (
        select(Intake.patient_id, func.count())
        .where(col(Intake.patient_id).in_(patient_ids), unfinished())
        .group_by(col(Intake.patient_id))
    )
    return {patient_id: count for patient_id, count in session.exec(query)}


def unfinished() -> Any:
    """Questions not all answered, or answered but the consent not yet signed or refused."""
    signed = select(ConsentRecord.intake_id).where(col(ConsentRecord.intake_id) == col(Intake.id))
    awaiting_consent = and_(col(Intake.status) == "completed", ~signed.exists())
    return or_(col(Intake.status) == "in_progress", awaiting_consent)


def unfinished_on(device: str) -> Any:
    """SQL: the ids of the unfinished intakes (``unfinished``) started on ``device``.

    Two reads, each narrowed by the index ``intake_unfinished`` (device, state, id):
    the intakes still being answered, and the completed ones without a signed consent
    or refusal (an anti-join with the consents' index, both read in id order once).
    Asked as one ``OR``, every completed intake of the tablet was looked up in the
    consents one by one."""
    on_device = col(Intake.device) == device
    answering = select(Intake.id).where(on_device, col(Intake.status) == "in_progress")
    signed = select(ConsentRecord.intake_id).where(col(ConsentRecord.intake_id) == col(Intake.id))
    awaiting_consent = select(Intake.id).where(
        on_device, col(Intake.status) == "completed", ~signed.exists()
    )
    return union_all(answering, awaiting_consent).subquery("unfinished_on_device")
