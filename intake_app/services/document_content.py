"""The chart document's content, gathered from storage for one signed intake.

The chart package draws documents from this plain content (``PacketContent``) and
reads no storage itself; this module is where the stored intake, consent record,
flags and audit trail are turned into it.

What the nurse needs in words: each flag with the answers that raised it (a table
row whole), the questions the patient asked and the wrong comprehension answers with
when they were talked over and the answer given after, who released each hold and
how, the "Is this you?" answers and corrections, the consent exactly as shown, and
the signature blocks with the agreement to sign electronically.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from intake_app.chart.anchor import AuditAnchor
from intake_app.chart.labels import LABELS, Label, Labels, for_patient, for_staff
from intake_app.chart.packet import FlagLine, PacketContent, SignatureBlock
from intake_app.consent.document import ConsentDocument
from intake_app.form_files.translations import localized
from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.questionnaire.typed_text import isolated
from intake_app.services.flag_triggers import triggering_answers
from intake_app.settings import Settings
from intake_app.storage.audit import chain_head
from intake_app.storage.intakes import IDENTITY_EVENTS, current_view, patient_of, stored_flags
from intake_app.storage.tables import AuditEvent, ConsentRecord, Intake, Patient


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
    record = consent_record(session, intake.id)
    document = catalog.consent(record.consent_id, record.consent_version)
    titles = {s.id: localized(s.title, record.language) for s in document.definition.sections}
    clinic, labels = settings.clinic, for_staff(intake.language)
    return PacketContent(
        **document_heading(document_id, settings, patient),
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
            titles[a["section"]]: local_time(a["at"])
            for a in record.acknowledgments
            if a["section"] in titles
        },
        questions_raised=[_question_line(q, titles, labels) for q in record.questions],
        wrong_answers=_wrong_answers(record, document, labels),
        decision=record.decision,
        signatures=signature_blocks(record),
        paper=clinic.documents.paper_size,
        holds=_hold_lines(record, labels),
        identity=_identity_lines(session, intake.id, labels),
        audit_anchor=audit_anchor(session),
    )


def document_heading(document_id: str, settings: Settings, patient: Patient) -> dict[str, Any]:
    """What every sealed document's header and footer name: the document, the clinic, the
    patient (``PacketContent``'s fields of the same names)."""
    clinic = settings.clinic.clinic
    return {
        "document_id": document_id,
        "clinic_name": clinic.name,
        "clinic_address": clinic.address,
        "clinic_phone": clinic.phone,
        "patient_name": f"{patient.given_names} {patient.family_name}",
        "date_of_birth": patient.date_of_birth.isoformat(),
        "mrn": patient.mrn,
    }


def audit_anchor(session: Session) -> AuditAnchor:
    """The audit trail's head now, to seal in the document (see ``services.filing``)."""
    head = chain_head(session)
    return AuditAnchor(head.sequence, head.sha256)


def _question_line(question: dict[str, Any], titles: dict[str, str], labels: Labels) -> str:
    """``About "Risks" at <time>; talked over with staff at <time>``."""
    section = titles.get(question["section"], question["section"])
    return labels("question_about", section=section, when=local_time(question["at"])) + _talked(
        question, labels
    )


def _talked(step: dict[str, Any], labels: Labels) -> str:
    discussed = step.get("discussed_at")
    return "; " + labels("talked_over", when=local_time(discussed)) if discussed else ""


def _wrong_answers(record: ConsentRecord, document: ConsentDocument, labels: Labels) -> list[str]:
    """Each wrong first answer, when it was talked over, and the answer given after the talk."""
    questions = {q.id: q for q in document.definition.comprehension}
    lines = []
    for entry in record.comprehension:
        question = questions.get(entry["question"])
        if entry["correct"] or question is None or entry.get("attempt", 1) > 1:
            continue
        answered = f"{localized(question.question, 'en')} {labels('answered')}: "
        line = answered + _option(question, entry["answer"]) + _talked(entry, labels)
        for later in record.comprehension:
            if later["question"] == entry["question"] and later.get("attempt", 1) > 1:
                verdict = labels("right" if later["correct"] else "wrong")
                line += f"; {labels('answered_again')}: {_option(question, later['answer'])}"
                line += f" ({verdict})" + _talked(later, labels)
        lines.append(line)
    return lines


def _option(question: Any, value: str) -> str:
    """An option's English text, in quotes: it is the patient's answer word for word, and
    its own full stop stays inside them (the chart's answers to staff are in English)."""
    chosen = next((o.text for o in question.options if o.value == value), {"en": value})
    return f"\u201c{localized(chosen, 'en')}\u201d"  # curly quotes, as the chart's others


def _hold_lines(record: ConsentRecord, labels: Labels) -> list[str]:
    """``Before the decision (STOP flags): Dr. Amy Cole at <time>: went on.``, then what was
    talked over when staff noted it."""
    return [
        _hold_line(hold, labels)
        for hold in record.holds or []
        if f"hold_{hold['hold']}" in LABELS and f"choice_{hold['choice']}" in LABELS
    ]


def _hold_line(hold: dict[str, Any], labels: Labels) -> str:
    line = labels(
        "hold_line",
        hold=Label(f"hold_{hold['hold']}"),
        by=isolated(hold["by"]) if hold["by"] else "?",
        when=local_time(hold["at"]),
        choice=Label(f"choice_{hold['choice']}"),
    )
    note = hold.get("note")
    return f"{line} {labels('talk_note', note=isolated(note))}" if note else line


def _identity_lines(session: Session, intake_id: str, labels: Labels) -> list[str]:
    """The patient's "Is this you?" answers and staff corrections, from the audit trail."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.intake_id == intake_id)
        .where(col(AuditEvent.action).in_(IDENTITY_EVENTS))
        .order_by(col(AuditEvent.sequence))
    )
    lines = []
    for event in session.exec(query):
        when = local_time(event.at.isoformat())
        if event.action == "patient_identity_corrected":
            detail = event.detail or {}
            old = detail.get("old", {})
            name = f"{old.get('given_names', '')} {old.get('family_name', '')}".strip()
            before = f"{isolated(name)}, {old.get('date_of_birth', '')}"
            lines.append(
                labels("identity_corrected", by=detail.get("by", "?"), when=when, old=before)
            )
        else:
            lines.append(labels(event.action, when=when))
    return lines


def consent_record(session: Session, intake_id: str) -> ConsentRecord:
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
        answers = triggering_answers(
            flag.triggers, questionnaire, consent, labels=labels, language=language
        )
        lines.append(FlagLine(flag.severity, flag.message, "\n".join(a.line() for a in answers)))
    return lines


def signature_blocks(record: ConsentRecord) -> list[SignatureBlock]:
    blocks = [
        SignatureBlock(
            "patient",
            record.signed_name,
            record.signed_at,
            record.time_zone,
            record.meaning,
            record.signature_png,
            electronic=record.electronic_agreement or "",
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


def local_time(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone()
    return f"{moment:%Y-%m-%d %H:%M:%S} {moment.tzname()}"
