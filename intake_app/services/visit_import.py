"""A visit from an input file (``packet --input``), stored whole or not at all.

The file says what happened at a visit: the registration, the answers, each
consent step with who released a hold or talked with the patient, and the
signature. Only the command line may import one (``IMPORT_VISIT``): nobody on
the tablet answers or signs for a patient. The steps are replayed by the
caller's rules (``replay``, which checked the file before) through the same
``StepWriter`` the tablet uses, in one transaction with the patient, the
intake, its answers and flags and the signed record, so a failure anywhere
leaves nothing half stored. The answers are named ``import`` in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from intake_app.consent.document import ConsentDocument, show_consent
from intake_app.consent.progress import ConsentProgress
from intake_app.questionnaire.form import Questionnaire
from intake_app.services.actor import Actor
from intake_app.services.consenting import Signature, StepWriter, Witness, progress_of
from intake_app.services.permissions import Permission, require
from intake_app.settings import ClinicSettings
from intake_app.storage.audit import SOME_STAFF
from intake_app.storage.consents import WITNESS_MEANING
from intake_app.storage.db import Database
from intake_app.storage.intakes import complete_intake, record_answer, start_intake
from intake_app.storage.patients import (
    PatientDetails,
    PatientMismatch,
    find_or_create_patient,
    plain_name,
)

# What the input file's checks use: the registration, names compared as the tablet does.
__all__ = [
    "WITNESS_MEANING",
    "PatientDetails",
    "PatientMismatch",
    "Signed",
    "Visit",
    "import_visit",
    "plain_name",
]

Replay = Callable[[ConsentProgress, StepWriter], list[str]]  # the steps; their problems


@dataclass(frozen=True)
class Visit:
    """What an input file says happened, checked."""

    patient: PatientDetails
    questionnaire: Questionnaire
    language: str
    answers: dict[str, Any]
    consent: ConsentDocument


@dataclass(frozen=True)
class Signed:
    decision: str
    signature: Signature
    witness: Witness | None


def import_visit(
    database: Database,
    visit: Visit,
    *,
    replay: Replay,
    signed: Signed,
    clinic: ClinicSettings,
    today: dt.date,
    by: Actor,
) -> str:
    """Store the visit in one transaction; the new intake's id. ``PatientMismatch`` when
    the MRN is another patient's; ``RuntimeError`` when the replayed steps have problems
    (the file was checked by the same rules first, so that does not happen)."""
    require(by, Permission.IMPORT_VISIT)
    questionnaire = visit.questionnaire
    with database.session() as db:
        patient = find_or_create_patient(db, details=visit.patient)
        intake = start_intake(
            db, patient=patient, questionnaire=questionnaire, language=visit.language
        )
        for item_id, value in visit.answers.items():
            record_answer(
                db,
                intake=intake,
                questionnaire=questionnaire,
                item_id=item_id,
                value=value,
                today=today,
                actor="import",
            )
        complete_intake(db, intake=intake, questionnaire=questionnaire, today=today)
        shown = show_consent(visit.consent, visit.language, clinic)
        progress = progress_of(db, intake, questionnaire, visit.consent, shown)
        steps = StepWriter(db, intake, progress, SOME_STAFF)  # each release names who did
        if replay(progress, steps):
            raise RuntimeError("the consent steps changed between the check and the store")
        steps.signed(signed.decision, signed.signature, signed.witness)
        return intake.id
