"""Making the documents of an intake: gather, build, seal, write, record.

A signed agreement or refusal makes two: the chart document for staff
(``chart_packet``) and the patient's own copy of what they signed
(``patient_copy``); a signed withdrawal makes one (``withdrawal``), which is
also the patient's copy; a signed review makes its addendum (``review_addendum``,
``services.review_addendum``). The file is staged, its row committed, then the file
put in place, never over another (see ``chart.document_files``: a kill at any
step leaves no stray copy and no second document; ``document_recovery``
finishes or undoes what a kill interrupted); its name comes from
``chart.file_names``, valid whatever the patient's name is. The document row
keeps its path and SHA-256.

Every document seals the audit trail's head (``chart.anchor``), read when its content
is gathered (``document_content.packet_content``), just before the PDF is built and
sealed: the head must be inside what the seal signs, and the seal is made before the
document's row is written, so it cannot be read in the row's own step. Reading it in
the same session means the head is one the trail had then (committed, or written
earlier in the caller's transaction and committed with the row); the document's own
"made" event comes after it. The row records the same head (``audit_sequence``,
``audit_sha256``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, replace

from sqlmodel import Session

from intake_app.chart.document_files import discard, put_in_place, stage
from intake_app.chart.file_names import chart_file_name
from intake_app.chart.labels import for_patient
from intake_app.chart.packet import PacketContent, build_packet, build_withdrawal
from intake_app.chart.patient_copy import build_patient_copy
from intake_app.chart.seal import clinic_seal_keys, seal_pdf
from intake_app.forms.catalog import FormCatalog
from intake_app.services.document_content import (
    consent_record,
    local_time,
    packet_content,
    signature_blocks,
)
from intake_app.settings import Settings
from intake_app.storage.intakes import audit, patient_of
from intake_app.storage.tables import ConsentRecord, Document, Intake


@dataclass(frozen=True)
class DocumentKind:
    """How one kind of document is sealed, named and recorded."""

    seal_reason: str  # in the seal, before the document id
    file_mark: str  # in the file name, before the document id ("" for none)
    audit_action: str
    said: str  # in words, for the log and for staff


DOCUMENT_KINDS = {
    "chart_packet": DocumentKind("Chart record", "", "chart_document_made", "chart document"),
    "patient_copy": DocumentKind("Patient copy", "COPY", "patient_copy_made", "patient's copy"),
    "withdrawal": DocumentKind(
        "Withdrawal of consent", "WITHDRAWAL", "withdrawal_document_made", "withdrawal document"
    ),
    "review_addendum": DocumentKind(
        "Review of the intake", "REVIEW", "review_addendum_made", "review addendum"
    ),
}


def _fresh_content(
    session: Session, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> PacketContent:
    """The chart's content for a new document: every kind starts from it."""
    return packet_content(
        session,
        intake=intake,
        catalog=catalog,
        settings=settings,
        today=today,
        document_id=new_document_id(),
    )


def make_signed_documents(
    session: Session, *, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> tuple[Document, Document]:
    """The chart document and the patient's copy of a signed (or refused) intake, made from
    one reading of the stored intake."""
    chart = _fresh_content(session, intake, catalog, settings, today)
    return (
        _file_chart(session, intake, chart, settings),
        _file_patient_copy(session, intake, chart, settings),
    )


def make_chart_document(
    session: Session, *, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> Document:
    """Build, seal and file the chart PDF of a signed (or refused) intake."""
    chart = _fresh_content(session, intake, catalog, settings, today)
    return _file_chart(session, intake, chart, settings)


def make_patient_copy(
    session: Session, *, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> Document:
    """Build, seal and file the patient's own copy of the consent or refusal they signed."""
    chart = _fresh_content(session, intake, catalog, settings, today)
    return _file_patient_copy(session, intake, chart, settings)


def _file_chart(
    session: Session, intake: Intake, chart: PacketContent, settings: Settings
) -> Document:
    pdf = build_packet(chart)
    return file_sealed(session, intake=intake, content=chart, pdf=pdf, settings=settings)


def _file_patient_copy(
    session: Session, intake: Intake, chart: PacketContent, settings: Settings
) -> Document:
    """Made from the same stored consent record as the chart document, in the language the
    consent was shown in, with its own document id; it shows no answers, flags or notes."""
    record = consent_record(session, intake.id)
    content = replace(chart, language=record.language, document_id=new_document_id())
    pdf = build_patient_copy(content)
    return file_sealed(
        session, intake=intake, content=content, pdf=pdf, settings=settings, kind="patient_copy"
    )


def make_withdrawal_document(
    session: Session, *, record_id: str, catalog: FormCatalog, settings: Settings, today: dt.date
) -> Document:
    """Build, seal and file the PDF of a signed withdrawal of consent."""
    record = session.get(ConsentRecord, record_id)
    if record is None or record.decision != "withdraw" or record.supersedes_id is None:
        raise LookupError("no signed withdrawal with this id")
    original = session.get(ConsentRecord, record.supersedes_id)
    intake = session.get(Intake, record.intake_id)
    assert original is not None and intake is not None
    chart = _fresh_content(session, intake, catalog, settings, today)
    content = replace(  # the chart's header and footer; the withdrawal's text and signature
        chart,
        language=record.language,
        consent_text=record.shown_text,
        consent_title=record.shown_text.split("\n\n", 1)[0],
        consent_section_titles=[],
        acknowledgments={},
        decision="withdraw",
        signatures=signature_blocks(record),
    )
    withdraws = for_patient(record.language)(
        "withdraws",
        signed=local_time(original.signed_at.isoformat()),
        consent=original.consent_id,
        version=original.consent_version,
        record=original.id,
    )
    pdf = build_withdrawal(content, withdraws=withdraws)
    return file_sealed(
        session, intake=intake, content=content, pdf=pdf, settings=settings, kind="withdrawal"
    )


def new_document_id() -> str:
    return uuid.uuid4().hex[:12].upper()


def file_sealed(
    session: Session,
    *,
    intake: Intake,
    content: PacketContent,
    pdf: bytes,
    settings: Settings,
    kind: str = "chart_packet",
    review_id: str | None = None,
) -> Document:
    """Seal with the clinic's key, stage the file, commit its row, put the file in place.

    ``kind`` is one of ``DOCUMENT_KINDS``; ``review_id`` names the signed review a review
    addendum is of.
    """
    document_id, how = content.document_id, DOCUMENT_KINDS[kind]
    seal = settings.clinic.seal
    keys = clinic_seal_keys(settings.keys_dir, settings.clinic.clinic.name, seal.pkcs12_file)
    sealed = seal_pdf(
        pdf,
        keys,
        reason=f"{how.seal_reason} {document_id}",
        timestamp_url=seal.timestamp_url or None,
    )
    patient = patient_of(session, intake=intake)
    name = chart_file_name(
        patient.family_name,
        patient.given_names,
        patient.date_of_birth,
        patient.mrn,
        document_id,
        kind=how.file_mark,
    )
    target = settings.documents_dir / name
    staged = stage(target, document_id, sealed)
    row = Document(
        id=document_id,
        intake_id=intake.id,
        patient_id=intake.patient_id,
        kind=kind,
        path=str(target),
        sha256=hashlib.sha256(sealed).hexdigest(),
        size_bytes=len(sealed),
        audit_sequence=content.audit_anchor.sequence if content.audit_anchor else None,
        audit_sha256=content.audit_anchor.sha256 if content.audit_anchor else None,
        review_id=review_id,
    )
    detail = {"document": document_id} | ({"review": review_id} if review_id else {})
    try:
        session.add(row)
        audit(session, intake, how.audit_action, actor="system", detail=detail)
        session.commit()
    except BaseException:
        discard(staged)  # no row names it: it must not stay behind
        raise
    put_in_place(staged, target)
    return row
