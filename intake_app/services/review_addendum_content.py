"""The review addendum's content, gathered from storage for one signed review.

The chart package draws the addendum from plain content
(``chart.review_addendum.ReviewAddendumContent``) and reads no storage itself; this
module is where the stored review, the flags with their acknowledgments, the review
it corrects, the clinicians' attestations and the chart document's record are turned
into it. The header and footer are the chart document's (``document_content``), so
the two read alike; an intake whose consent was never signed or refused has no chart
document, and its addendum says so.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from intake_app.chart.packet import PacketContent
from intake_app.chart.review_addendum import (
    AcknowledgedFlag,
    AttestationBlock,
    ReviewAddendumContent,
    SignedBy,
)
from intake_app.consent.progress import local_time_zone
from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.questionnaire.typed_text import isolated
from intake_app.services.document_content import audit_anchor, document_heading, packet_content
from intake_app.services.review import DECISION_WORDS
from intake_app.settings import Settings
from intake_app.storage.attestations import attestations_of
from intake_app.storage.intakes import current_view, patient_of, stored_flags
from intake_app.storage.tables import (
    Attestation,
    ConsentRecord,
    Document,
    Flag,
    Intake,
    Review,
    StaffUser,
)

DECIDED = ("agree", "refuse")
NO_CONSENT = "\u2014"  # the footer's consent version when none was signed or refused


def addendum_content(
    session: Session,
    *,
    review: Review,
    catalog: FormCatalog,
    settings: Settings,
    document_id: str,
) -> ReviewAddendumContent:
    """What the addendum of ``review`` shows. ``LookupError`` while the intake's consent is
    signed but its chart document not made yet (``documents make-missing`` makes it)."""
    intake = session.get(Intake, review.intake_id)
    if intake is None:
        raise LookupError("the review's intake is missing")
    signed = _consent_decided(session, intake.id)
    return ReviewAddendumContent(
        header=_header(session, intake, catalog, settings, document_id, signed=signed),
        chart_document=_chart_document(session, intake, signed=signed),
        flags=[_acknowledged(session, flag) for flag in _worst_first(session, intake.id)],
        decision=DECISION_WORDS.get(review.decision, review.decision),
        note=review.note,
        signature=SignedBy(
            review.signed_name,
            _roles(review.signed_roles),
            signed_time(review.signed_at),
            review.meaning,
        ),
        corrects=_corrects(session, review),
        attestations=[
            _attested(attestation)
            for attestation in attestations_of(session, intake_id=intake.id)
            if attestation.signed_at <= review.signed_at  # as on file when the review was signed
        ],
    )


def _attested(attestation: Attestation) -> AttestationBlock:
    signed = signed_time(attestation.signed_at)
    by = SignedBy(attestation.signed_name, "clinician", signed, attestation.meaning)
    return AttestationBlock(attestation.text, by)


def _consent_decided(session: Session, intake_id: str) -> bool:
    """Whether the patient signed or refused the consent (the intake has a chart document)."""
    decided = select(ConsentRecord.id).where(
        ConsentRecord.intake_id == intake_id, col(ConsentRecord.decision).in_(DECIDED)
    )
    return session.exec(decided).first() is not None


def _header(
    session: Session,
    intake: Intake,
    catalog: FormCatalog,
    settings: Settings,
    document_id: str,
    *,
    signed: bool,
) -> PacketContent:
    """The chart document's header and footer values, with this document's id; the audit
    trail's head is read here, as for every sealed document (``services.filing``)."""
    today = (intake.completed_at or intake.updated_at).astimezone().date()
    if signed:
        return packet_content(session, intake=intake, catalog=catalog, settings=settings,
                              today=today, document_id=document_id)  # fmt: skip
    questionnaire = catalog.get(intake.form_id, intake.form_version)
    patient, clinic = patient_of(session, intake=intake), settings.clinic
    return PacketContent(
        **document_heading(document_id, settings, patient),
        questionnaire=questionnaire,
        language=intake.language,
        view=current_view(session, intake=intake, questionnaire=questionnaire, today=today),
        flags=[],
        consent_title="",
        consent_version=NO_CONSENT,
        consent_text="",
        consent_section_titles=[],
        acknowledgments={},
        questions_raised=[],
        wrong_answers=[],
        decision="",
        paper=clinic.documents.paper_size,
        audit_anchor=audit_anchor(session),
    )


def _chart_document(session: Session, intake: Intake, *, signed: bool) -> str:
    if not signed:
        return "No chart document: the patient did not sign or refuse the consent."
    query = select(Document).where(Document.intake_id == intake.id, Document.kind == "chart_packet")
    chart = session.exec(query).first()
    if chart is None:
        raise LookupError(f"the chart document of intake {intake.id} is not made yet")
    return f"Chart document: {chart.id}\nSHA-256: {chart.sha256}"


def _worst_first(session: Session, intake_id: str) -> list[Flag]:
    flags = stored_flags(session, intake_id=intake_id)
    return sorted(flags, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.raised_at))


def _acknowledged(session: Session, flag: Flag) -> AcknowledgedFlag:
    """Who, when, and the note, a line each: ``Rosa Díaz``, ``2026-11-25 10:05:00 CST
    (UTC-06:00)``, ``Note: Checked with the patient.``"""
    if flag.reviewed_at is None:
        return AcknowledgedFlag(flag.severity, flag.message, "Not acknowledged.")
    person = session.get(StaffUser, flag.reviewed_by) if flag.reviewed_by else None
    who = person.display_name if person is not None else "?"
    lines = [who, local_moment(flag.reviewed_at)]
    if flag.review_note:
        lines.append(f"Note: {isolated(flag.review_note)}")
    return AcknowledgedFlag(flag.severity, flag.message, "\n".join(lines))


def _corrects(session: Session, review: Review) -> str:
    """The review this one corrects, and that review's own addendum, in words."""
    if review.supersedes_id is None:
        return ""
    earlier = session.get(Review, review.supersedes_id)
    if earlier is None:
        return f"This review corrects review {review.supersedes_id}."
    decision = DECISION_WORDS.get(earlier.decision, earlier.decision)
    words = (
        f"This review corrects the review signed by {earlier.signed_name} at "
        f"{local_moment(earlier.signed_at)} ({decision}; review {earlier.id})"
    )
    query = select(Document.id).where(Document.review_id == earlier.id)
    addendum = session.exec(query).first()
    return words + (f", whose addendum is document {addendum}." if addendum else ".")


def _roles(signed_roles: str) -> str:
    """``clinician+nurse`` as printed: ``clinician, nurse``."""
    return ", ".join(role for role in signed_roles.split("+") if role) or "staff"


def local_moment(at: dt.datetime) -> str:
    """``2026-11-25 10:05:00 CST (UTC-06:00)``."""
    local = at.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} {local_time_zone(local)}"


def signed_time(at: dt.datetime) -> str:
    """When a signature was made, local and UTC, as the chart prints its signatures."""
    return f"{local_moment(at)} ({at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC)"
