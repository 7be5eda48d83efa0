"""One intake as staff read it: the patient, the answers, the flags worst first, the
consent and the reviews. Opening it is an event in the audit trail (who read whose
record, when, where), so a look at a record leaves a trace like a change does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.questionnaire.visibility import IntakeView
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.consents import consent_records
from intake_app.storage.db import Database
from intake_app.storage.intakes import audit, current_view, patient_of, stored_flags
from intake_app.storage.reviews import reviews_of
from intake_app.storage.tables import ConsentRecord, Flag, Intake, Patient, Review

__all__ = ["IntakeOnFile", "open_intake"]


@dataclass(frozen=True)
class IntakeOnFile:
    """Everything stored about one intake, as read at one moment."""

    intake: Intake
    patient: Patient
    view: IntakeView  # the answers, what was shown and the calculated values
    flags: list[Flag]  # worst first (stop, review, note), then as raised
    consents: list[ConsentRecord]
    reviews: list[Review]  # oldest first


def open_intake(
    database: Database, intake_id: str, *, catalog: FormCatalog, today: dt.date, by: Actor
) -> IntakeOnFile:
    """Read the intake for ``by`` and record that they did (``LookupError`` if none)."""
    require(by, Permission.READ_INTAKE, intake_id=intake_id)
    with database.session() as session:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise LookupError("no intake with this id")
        questionnaire = catalog.get(intake.form_id, intake.form_version)
        flags = stored_flags(session, intake_id=intake_id)
        flags.sort(key=lambda flag: SEVERITY_ORDER.get(flag.severity, len(SEVERITY_ORDER)))
        record = IntakeOnFile(
            intake,
            patient_of(session, intake=intake),
            current_view(session, intake=intake, questionnaire=questionnaire, today=today),
            flags,
            consent_records(session, intake_id=intake_id),
            reviews_of(session, intake_id=intake_id),
        )
        acting = by.acting
        audit(session, intake, "intake_viewed", actor=acting.actor, actor_role=acting.role,
              workstation=by.workstation)  # fmt: skip
    return record
