"""The front desk on a tablet: find a patient, see the unfinished intakes, end one.

Staff screens list other patients, so every call is made for the person signed
in (``by``) and checks their roles first: finding patients and seeing the
unfinished list need a role that starts intakes; ending one, a role that
resumes them. The tablet's own look for the intake it was on when it stopped
(``interrupted``) shows nothing: it only puts that intake behind the paused
screen, where the patient's birth date or staff go on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.consents import DEFERRED_PAGE, VISIT_ENDED_PAGE, active_agreements
from intake_app.storage.db import Database
from intake_app.storage.intakes import end_intake
from intake_app.storage.patients import PatientDetails, find_patients, unfinished_on
from intake_app.storage.tables import Intake, Patient

__all__ = [
    "DEFERRED_PAGE",
    "VISIT_ENDED_PAGE",
    "FrontDesk",
    "PatientDetails",
    "PatientOnFile",
    "UnfinishedIntake",
    "interrupted_intake",
]


@dataclass(frozen=True)
class PatientOnFile:
    """A patient a search found, with what staff may do next for them."""

    details: PatientDetails
    unfinished_intakes: int
    agreement_id: str | None  # a signed agreement the patient could withdraw


@dataclass(frozen=True)
class UnfinishedIntake:
    """An intake on this tablet not yet signed, refused or ended."""

    intake: Intake
    patient_name: str
    started_at: dt.datetime

    @property
    def more_time(self) -> bool:
        return self.intake.current_page == DEFERRED_PAGE

    @property
    def visit_ended(self) -> bool:
        return self.intake.current_page == VISIT_ENDED_PAGE

    @property
    def answers_confirmed(self) -> bool:
        return self.intake.status == "completed"


class FrontDesk:
    """What the person signed in on one tablet does between two patients."""

    def __init__(self, database: Database, by: Actor, device: str) -> None:
        self.database, self.by, self.device = database, by, device

    def find_patients(
        self, name: str, born: dt.date | None, mrn: str, *, limit: int = 8
    ) -> list[PatientOnFile]:
        """Patients on file matching what staff typed."""
        require(self.by, Permission.START_INTAKE)
        with self.database.session() as session:
            found = find_patients(session, text=name, date_of_birth=born, mrn=mrn, limit=limit)
            agreements = active_agreements(session, patient_ids=[m.patient.id for m in found])
        return [
            PatientOnFile(
                _details(match.patient),
                match.unfinished_intakes,
                agreement.id if (agreement := agreements.get(match.patient.id)) else None,
            )
            for match in found
        ]

    def unfinished(self) -> list[UnfinishedIntake]:
        """This tablet's unfinished intakes, most recently touched first."""
        require(self.by, Permission.RESUME_INTAKE)
        with self.database.session() as session:
            rows = session.exec(_unfinished_with_patients(self.device)).all()
        return [
            UnfinishedIntake(
                intake, f"{patient.given_names} {patient.family_name}", intake.started_at
            )
            for intake, patient in rows
        ]

    def end(self, intake_id: str) -> None:
        """Staff end an unfinished intake; its answers stay stored."""
        require(self.by, Permission.RESUME_INTAKE)
        with self.database.session() as session:
            intake = session.get(Intake, intake_id)
            if intake is not None and intake.status == "in_progress":
                acting = self.by.acting
                end_intake(session, intake=intake, actor=acting.actor, actor_role=acting.role)


def interrupted_intake(database: Database, device: str) -> Intake | None:
    """The intake this tablet was on when the app stopped (the patient was answering or
    reading, not waiting for staff), to open behind the paused screen; None if none."""
    waiting = (DEFERRED_PAGE, VISIT_ENDED_PAGE)  # the patient left; staff resume them
    with database.session() as session:
        rows = session.exec(_unfinished_with_patients(device)).all()
    return next((intake for intake, _ in rows if intake.current_page not in waiting), None)


def _unfinished_with_patients(device: str) -> Any:
    """The tablet's unfinished intakes with their patients, most recently touched first,
    in one query: the few unfinished ids first (``unfinished_on``, from the index
    ``intake_unfinished``), then their intakes and patients by id."""
    ids = unfinished_on(device)
    query = select(Intake, Patient).join(Patient).join(ids, ids.c.id == col(Intake.id))
    return query.order_by(col(Intake.updated_at).desc())


def _details(patient: Patient) -> PatientDetails:
    return PatientDetails(
        patient.given_names, patient.family_name, patient.date_of_birth, patient.mrn
    )
