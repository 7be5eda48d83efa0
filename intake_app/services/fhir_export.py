"""One intake as a FHIR R4 transaction Bundle, for records staff and the command line.

``fhir_bundle`` gathers the completed intake (the answers that count), its consent
record and any withdrawal, and its sealed documents (the chart document, a withdrawal
and review addenda; not the patient's copy, which is the patient's) into plain facts
(``fhir.records``), builds and validates the Bundle (``fhir.bundle``), and writes the
"intake_exported" audit event, all in one transaction, for an actor who may export.
Each document's hashes are taken from the file: a file that no longer matches the
SHA-256 recorded when it was made, or is missing, stops the export with a message
naming the document.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from intake_app.fhir.bundle import InvalidExport, transaction_bundle
from intake_app.fhir.records import (
    ConsentFacts,
    DocumentFacts,
    IntakeFacts,
    PatientFacts,
    Signing,
)
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.settings import Settings
from intake_app.storage.consents import consent_records
from intake_app.storage.db import Database
from intake_app.storage.intakes import audit, current_view, patient_of
from intake_app.storage.tables import ConsentRecord, Document, Intake

__all__ = ["ExportRefused", "InvalidExport", "bundle_file_bytes", "fhir_bundle"]

EXPORTED_KINDS = ("chart_packet", "withdrawal", "review_addendum")


class ExportRefused(LookupError):
    """The intake cannot be exported as it is; the message says why, naming no patient."""


def fhir_bundle(
    database: Database, intake_id: str, *, catalog: FormCatalog, settings: Settings, by: Actor
) -> dict[str, Any]:
    """The transaction Bundle of the completed intake ``intake_id`` (``by`` needs EXPORT).

    ``ExportRefused`` for an unknown or unfinished intake or a document whose file is
    missing or changed; ``InvalidExport`` if the result would not be valid FHIR.
    """
    require(by, Permission.EXPORT)
    with database.session() as session:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise ExportRefused(f"no intake with the id {intake_id}")
        if intake.status != "completed" or intake.completed_at is None:
            raise ExportRefused(
                f"intake {intake_id} is not completed: only a finished intake is exported"
            )
        facts = intake_facts(session, intake, catalog=catalog, settings=settings)
        bundle = transaction_bundle(facts)
        acting = by.acting
        detail = {"format": "FHIR R4 transaction Bundle", "documents": len(facts.documents)}
        audit(session, intake, "intake_exported", actor=acting.actor, actor_role=acting.role,
              workstation=by.workstation, detail=detail)  # fmt: skip
        session.commit()
    return bundle


def intake_facts(
    session: Session, intake: Intake, *, catalog: FormCatalog, settings: Settings
) -> IntakeFacts:
    """What the Bundle says, read from storage in the caller's transaction."""
    assert intake.completed_at is not None
    questionnaire = catalog.get(intake.form_id, intake.form_version)
    completed = intake.completed_at
    view = current_view(session, intake=intake, questionnaire=questionnaire, today=completed.date())
    person = patient_of(session, intake=intake)
    fhir = settings.clinic.fhir
    return IntakeFacts(
        intake_id=intake.id,
        patient=PatientFacts(
            person.given_names, person.family_name, person.date_of_birth, person.mrn
        ),
        questionnaire=questionnaire,
        answers=view.answers,
        completed_at=completed,
        consent=_consent(consent_records(session, intake_id=intake.id)),
        documents=[_document(row) for row in _documents(session, intake.id)],
        mrn_system=fhir.mrn_system,
        canonical_base=fhir.canonical_base,
    )


def _consent(records: list[ConsentRecord]) -> ConsentFacts | None:
    """The signed agreement or refusal, with its withdrawal if there is one."""
    decided = [r for r in records if r.decision in ("agree", "refuse")]
    if not decided:
        return None
    record = decided[-1]
    withdrawal = next((r for r in records if r.supersedes_id == record.id), None)
    return ConsentFacts(
        record.consent_id,
        record.consent_version,
        record.decision,
        _signing(record),
        None if withdrawal is None else _signing(withdrawal),
    )


def _signing(record: ConsentRecord) -> Signing:
    released = tuple(
        (str(hold["by"]), f"the hold {str(hold.get('hold', '')).replace('_', ' ')}".strip())
        for hold in record.holds or []
        if hold.get("by")
    )
    return Signing(
        record.signed_name,
        record.signed_at,
        record.witness_name,
        record.witness_role,
        record.witness_signed_at,
        released,
    )


def _documents(session: Session, intake_id: str) -> list[Document]:
    query = select(Document).where(
        Document.intake_id == intake_id, col(Document.kind).in_(EXPORTED_KINDS)
    )
    return list(session.exec(query.order_by(col(Document.created_at))))


def _document(row: Document) -> DocumentFacts:
    """The document's facts, its hashes taken from the file and checked against its record."""
    path = Path(row.path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExportRefused(
            f"document {row.id}: its file cannot be read ({error.strerror or 'error'}); "
            "restore it from the chart folder or a backup, then export again"
        ) from None
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != row.sha256:
        raise ExportRefused(
            f"document {row.id}: its file is not the one the clinic made (its SHA-256 "
            "differs from the one recorded); check it with 'intake-app verify'"
        )
    # R4's Attachment.hash is the SHA-1; the SHA-256 above is what proves the file.
    sha1 = base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode("ascii")
    return DocumentFacts(row.id, row.kind, path.name, len(data), sha1, sha256, row.created_at)


def bundle_file_bytes(bundle: dict[str, Any]) -> bytes:
    """The Bundle as the file the command line and the desk write: indented UTF-8 JSON."""
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
