"""Making the documents of an intake: gather, build, seal, write, record.

A signed agreement or refusal makes two: the chart document for staff
(``chart_packet``) and the patient's own copy of what they signed
(``patient_copy``); a signed withdrawal makes one (``withdrawal``), which is
also the patient's copy. The file is written atomically (a temporary file,
fsync, then a rename into place) and an existing document is never
overwritten. The document row keeps its path and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from intake_app.chart.labels import Labels, for_patient, for_staff
from intake_app.chart.packet import (
    FlagLine,
    PacketContent,
    SignatureBlock,
    build_packet,
    build_withdrawal,
    calculated_value,
)
from intake_app.chart.patient_copy import build_patient_copy
from intake_app.chart.seal import clinic_seal_keys, seal_pdf
from intake_app.consent.document import ConsentDocument
from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.catalog import FormCatalog
from intake_app.questionnaire.display import format_answer, format_row
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.settings import Settings
from intake_app.storage.intakes import audit, current_view, patient_of, stored_flags
from intake_app.storage.tables import ConsentRecord, Document, Intake


class DocumentExistsError(FileExistsError):
    """A chart document with this name is already filed; it is never replaced."""


@dataclass(frozen=True)
class DocumentKind:
    """How one kind of document is sealed, named and recorded."""

    seal_reason: str  # in the seal, before the document id
    file_mark: str  # in the file name, before the document id ("" for none)
    audit_action: str


DOCUMENT_KINDS = {
    "chart_packet": DocumentKind("Chart record", "", "chart_document_made"),
    "patient_copy": DocumentKind("Patient copy", "COPY", "patient_copy_made"),
    "withdrawal": DocumentKind("Withdrawal of consent", "WITHDRAWAL", "withdrawal_document_made"),
}


def make_chart_document(
    session: Session, *, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> Document:
    """Build, seal and file the chart PDF of a signed (or refused) intake."""
    content = packet_content(
        session,
        intake=intake,
        catalog=catalog,
        settings=settings,
        today=today,
        document_id=new_document_id(),
    )
    pdf = build_packet(content)
    return file_sealed(session, intake=intake, content=content, pdf=pdf, settings=settings)


def make_patient_copy(
    session: Session, *, intake: Intake, catalog: FormCatalog, settings: Settings, today: dt.date
) -> Document:
    """Build, seal and file the patient's own copy of the consent or refusal they signed.

    Made from the same stored consent record as the chart document, in the
    language the consent was shown in; it shows no answers, flags or notes.
    """
    chart = packet_content(
        session,
        intake=intake,
        catalog=catalog,
        settings=settings,
        today=today,
        document_id=new_document_id(),
    )
    record = _consent_record(session, intake.id)
    content = replace(chart, language=record.language)
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
    chart = packet_content(
        session,
        intake=intake,
        catalog=catalog,
        settings=settings,
        today=today,
        document_id=new_document_id(),
    )
    content = replace(  # the chart's header and footer; the withdrawal's text and signature
        chart,
        language=record.language,
        consent_text=record.shown_text,
        consent_title=record.shown_text.split("\n\n", 1)[0],
        consent_section_titles=[],
        acknowledgments={},
        decision="withdraw",
        signatures=_signatures(record),
    )
    withdraws = for_patient(record.language)(
        "withdraws",
        signed=_local(original.signed_at.isoformat()),
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
) -> Document:
    """Seal with the clinic's key, write the file (never over another), record its row.

    ``kind`` is one of ``DOCUMENT_KINDS``.
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
    path = write_new_file(settings.documents_dir, name, sealed)
    row = Document(
        id=document_id,
        intake_id=intake.id,
        patient_id=intake.patient_id,
        kind=kind,
        path=str(path),
        sha256=hashlib.sha256(sealed).hexdigest(),
        size_bytes=len(sealed),
    )
    session.add(row)
    audit(session, intake, how.audit_action, actor="system", detail={"document": document_id})
    session.commit()
    return row


def packet_content(
    session: Session,
    *,
    intake: Intake,
    catalog: FormCatalog,
    settings: Settings,
    today: dt.date,
    document_id: str,
) -> PacketContent:
    questionnaire = catalog.get(intake.form_id, intake.form_version)
    view = current_view(session, intake=intake, questionnaire=questionnaire, today=today)
    patient = patient_of(session, intake=intake)
    record = _consent_record(session, intake.id)
    document = catalog.consent(record.consent_id, record.consent_version)
    titles = {s.id: localized(s.title, record.language) for s in document.definition.sections}
    clinic, labels = settings.clinic, for_staff(intake.language)
    return PacketContent(
        document_id=document_id,
        clinic_name=clinic.clinic.name,
        clinic_address=clinic.clinic.address,
        clinic_phone=clinic.clinic.phone,
        patient_name=f"{patient.given_names} {patient.family_name}",
        date_of_birth=patient.date_of_birth.isoformat(),
        mrn=patient.mrn,
        questionnaire=questionnaire,
        language=intake.language,
        view=view,
        flags=_flag_lines(
            session, intake.id, questionnaire, document, labels=labels, language=intake.language
        ),
        consent_title=localized(document.definition.title, record.language),
        consent_version=record.consent_version,
        consent_text=record.shown_text,
        consent_section_titles=list(titles.values()),
        acknowledgments={
            titles[a["section"]]: _local(a["at"])
            for a in record.acknowledgments
            if a["section"] in titles
        },
        questions_raised=[_question_line(q, titles, labels) for q in record.questions],
        wrong_answers=_wrong_answers(record, document, labels),
        decision=record.decision,
        signatures=_signatures(record),
        paper=clinic.documents.paper_size,
    )


def _question_line(question: dict[str, Any], titles: dict[str, str], labels: Labels) -> str:
    """``About "Risks" at <time>; talked over with staff at <time>``."""
    section = titles.get(question["section"], question["section"])
    return labels("question_about", section=section, when=_local(question["at"])) + _talked(
        question, labels
    )


def _talked(step: dict[str, Any], labels: Labels) -> str:
    discussed = step.get("discussed_at")
    return "; " + labels("talked_over", when=_local(discussed)) if discussed else ""


def _wrong_answers(record: ConsentRecord, document: ConsentDocument, labels: Labels) -> list[str]:
    questions = {q.id: q for q in document.definition.comprehension}
    lines = []
    for entry in record.comprehension:
        question = questions.get(entry["question"])
        if entry["correct"] or question is None:
            continue
        chosen = next(
            (o.text for o in question.options if o.value == entry["answer"]),
            {"en": entry["answer"]},
        )
        answered = f"{localized(question.question, 'en')} {labels('answered')}: "
        lines.append(answered + localized(chosen, "en") + _talked(entry, labels))
    return lines


def _consent_record(session: Session, intake_id: str) -> ConsentRecord:
    query = select(ConsentRecord).where(
        ConsentRecord.intake_id == intake_id, ConsentRecord.decision != "withdraw"
    )
    record = session.exec(query).first()
    if record is None:
        raise LookupError("the intake has no signed consent or refusal yet")
    return record


def _flag_lines(
    session: Session,
    intake_id: str,
    questionnaire: Questionnaire,
    consent: ConsentDocument,
    *,
    labels: Labels,
    language: str,
) -> list[FlagLine]:
    flags = sorted(
        stored_flags(session, intake_id=intake_id), key=lambda f: SEVERITY_ORDER.get(f.severity, 9)
    )
    lines = []
    for flag in flags:
        triggers = "\n".join(
            _trigger_text(
                t["reference"], t["value"], questionnaire, consent, labels=labels, language=language
            )
            for t in flag.triggers or []
            if t.get("value") is not None
        )
        lines.append(FlagLine(flag.severity, flag.message, triggers))
    return lines


def _trigger_text(
    reference: str,
    value: Any,
    questionnaire: Questionnaire,
    consent: ConsentDocument,
    *,
    labels: Labels,
    language: str,
) -> str:
    """An answer that raised a flag as people read it: the question, then the answer."""
    if reference in questionnaire.calculations:
        return calculated_value(questionnaire.calculations[reference], value, language, labels)
    if reference.startswith("consent."):
        return _comprehension_text(reference.removeprefix("consent."), value, consent, language)
    ref = questionnaire.items.get(reference)
    if ref is None:
        return f"{reference}: {value}"
    if ref.group is not None and isinstance(value, list):
        rows = [v for v in value if isinstance(v, dict)]  # the rows that raised the flag
        if rows:
            return _asked(
                localized(ref.group.text, language),
                "\n".join(format_row(ref.group, row, language) for row in rows),
            )
        answer = "; ".join(format_answer(ref.item, v, language) for v in value)
    else:
        answer = format_answer(ref.item, value, language)
    return _asked(localized(ref.item.text, language), answer)


def _comprehension_text(
    question_id: str, value: Any, consent: ConsentDocument, language: str
) -> str:
    questions = {q.id: q for q in consent.definition.comprehension}
    question = questions.get(question_id)
    if question is None:
        return f"{question_id}: {value}"
    chosen = next(  # stored as the option's code or its English text
        (o.text for o in question.options if value in (o.value, localized(o.text, "en"))), None
    )
    answer = localized(chosen, language) if chosen else str(value)
    return _asked(localized(question.question, language), answer)


def _asked(question: str, answer: str) -> str:
    """``Do you take a blood thinner? Yes``; a question that ends otherwise gets a dash."""
    question = question.strip()
    return (
        f"{question} {answer}" if question.endswith(("?", ":")) else f"{question} \u2014 {answer}"
    )


def _signatures(record: ConsentRecord) -> list[SignatureBlock]:
    blocks = [
        SignatureBlock(
            "patient",
            record.signed_name,
            record.signed_at,
            record.time_zone,
            record.meaning,
            record.signature_png,
        )
    ]
    if record.witness_name and record.witness_signature_png and record.witness_signed_at:
        meaning = record.witness_meaning or for_patient(record.language)("witness_meaning")
        blocks.append(
            SignatureBlock(
                "witness",
                record.witness_name,
                record.witness_signed_at,
                record.time_zone,
                meaning,
                record.witness_signature_png,
                staff_role=record.witness_role or "",
            )
        )
    return blocks


def _local(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone()
    return f"{moment:%Y-%m-%d %H:%M:%S} {moment.tzname()}"


def chart_file_name(
    family: str, given: str, born: dt.date, mrn: str | None, document_id: str, *, kind: str = ""
) -> str:
    """``NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_<id>.pdf``: sortable, safe on any disk.

    ``kind`` (e.g. ``WITHDRAWAL``) goes before the id, so such a file stands out.
    """
    parts = [_safe(family), _safe(given), born.isoformat()]
    if mrn:
        number = _safe(mrn)
        parts.append(number if number.startswith("MRN") else "MRN-" + number)
    parts += [kind, document_id]
    return "_".join(p for p in parts if p) + ".pdf"


def _safe(text: str) -> str:
    """Accents dropped from Latin letters; other scripts kept; anything else becomes a dash."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", plain).strip("-").upper()[:40]


def write_new_file(folder: Path, name: str, data: bytes) -> Path:
    """Write atomically; refuse to replace a file that exists."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists():
        raise DocumentExistsError(f"{target} already exists; chart documents are never overwritten")
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".pdf")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, target)  # fails if the target appeared meanwhile: never overwrites
    except FileExistsError as exc:
        raise DocumentExistsError(
            f"{target} already exists; chart documents are never overwritten"
        ) from exc
    finally:
        os.unlink(temporary)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return target
