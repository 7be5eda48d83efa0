"""Documents still owed: signed (or refused) intakes and withdrawals whose PDF was never made.

Making a document can fail after the consent is stored, for example when the
timestamp authority of ``[seal] timestamp_url`` cannot be reached. Such an
intake has a consent record but no ``chart_packet`` document; this module finds
those and makes their documents. The app does it in the background at start-up,
staff with ``intake-app documents make-missing``.

An intake signed within the last ``SETTLE_TIME`` is left alone: the tablet it
was signed on may be making its document right now.

The log names intakes and documents by id and failures by their kind only,
never a patient's name or answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlmodel import Session, col, select

from intake_app.chart.filing import make_chart_document, make_withdrawal_document
from intake_app.chart.seal import SealError
from intake_app.questionnaire.catalog import FormCatalog
from intake_app.settings import Settings
from intake_app.storage.db import utc_now
from intake_app.storage.tables import ConsentRecord, Document, Intake

LOG = logging.getLogger(__name__)
SETTLE_TIME = dt.timedelta(minutes=2)
SIGNED_DECISIONS = ("agree", "refuse")


@dataclass(frozen=True)
class DocumentAttempt:
    """One intake's missing document: made (its id) or not (the kind of failure)."""

    intake_id: str
    document_id: str | None = None
    error: str | None = None  # the failure's type name, e.g. "TimestampUnavailable"
    detail: str = ""  # plain words safe to show staff (sealing problems only), never patient data

    @property
    def made(self) -> bool:
        return self.document_id is not None


def intakes_missing_documents(session: Session, *, signed_before: dt.datetime) -> list[str]:
    """Ids of intakes with a consent or refusal signed before then, and no chart document."""
    signed = select(ConsentRecord.intake_id).where(
        col(ConsentRecord.decision).in_(SIGNED_DECISIONS),
        col(ConsentRecord.signed_at) < signed_before,
    )
    documented = select(Document.intake_id).where(Document.kind == "chart_packet")
    query = (
        select(Intake.id)
        .where(col(Intake.id).in_(signed), col(Intake.id).not_in(documented))
        .order_by(col(Intake.started_at))
    )
    return list(session.exec(query).all())


def withdrawals_missing_documents(session: Session, *, signed_before: dt.datetime) -> list[str]:
    """Ids of withdrawal records signed before then whose intake has no withdrawal document."""
    documented = select(Document.intake_id).where(Document.kind == "withdrawal")
    query = (
        select(ConsentRecord.id)
        .where(ConsentRecord.decision == "withdraw", col(ConsentRecord.signed_at) < signed_before)
        .where(col(ConsentRecord.intake_id).not_in(documented))
        .order_by(col(ConsentRecord.signed_at))
    )
    return list(session.exec(query).all())


def make_missing_documents(
    session: Session,
    *,
    catalog: FormCatalog,
    settings: Settings,
    today: dt.date,
    signed_before: dt.datetime | None = None,
) -> list[DocumentAttempt]:
    """Make every missing chart document; one attempt per intake, in the order they started.

    Each document is dated by the day its intake was completed (``today`` when
    that is not recorded), so the answers show as the patient saw them.
    ``signed_before`` defaults to ``SETTLE_TIME`` ago.
    """
    cutoff = signed_before or utc_now() - SETTLE_TIME
    charts = [
        _make_one(session, intake_id, catalog=catalog, settings=settings, today=today)
        for intake_id in intakes_missing_documents(session, signed_before=cutoff)
    ]
    withdrawals = [
        _make_withdrawal(session, record_id, catalog=catalog, settings=settings, today=today)
        for record_id in withdrawals_missing_documents(session, signed_before=cutoff)
    ]
    return charts + withdrawals


def _make_withdrawal(
    session: Session, record_id: str, *, catalog: FormCatalog, settings: Settings, today: dt.date
) -> DocumentAttempt:
    record = session.get(ConsentRecord, record_id)
    intake_id = record.intake_id if record is not None else record_id
    try:
        document = make_withdrawal_document(
            session, record_id=record_id, catalog=catalog, settings=settings, today=today
        )
    except Exception as exc:
        return _failed(session, intake_id, exc, "withdrawal document")
    LOG.info("withdrawal document %s made for intake %s", document.id, intake_id)
    return DocumentAttempt(intake_id, document_id=document.id)


def _failed(session: Session, intake_id: str, exc: Exception, what: str) -> DocumentAttempt:
    session.rollback()
    kind = type(exc).__name__
    LOG.error("%s for intake %s could not be made: %s", what, intake_id, kind)
    detail = str(exc) if isinstance(exc, SealError) else ""
    return DocumentAttempt(intake_id, error=kind, detail=detail)


def _make_one(
    session: Session, intake_id: str, *, catalog: FormCatalog, settings: Settings, today: dt.date
) -> DocumentAttempt:
    try:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise LookupError("the intake is gone")
        day = intake.completed_at.astimezone().date() if intake.completed_at else today
        document = make_chart_document(
            session, intake=intake, catalog=catalog, settings=settings, today=day
        )
    except Exception as exc:
        return _failed(session, intake_id, exc, "chart document")
    LOG.info("chart document %s made for intake %s", document.id, intake_id)
    return DocumentAttempt(intake_id, document_id=document.id)
