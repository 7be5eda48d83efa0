"""Documents still owed: signed (or refused) intakes and withdrawals whose PDF was never made.

Making a document can fail after the consent is stored, for example when the
timestamp authority of ``[seal] timestamp_url`` cannot be reached. Such an
intake has a consent record but no ``chart_packet`` document, or no
``patient_copy``; this module finds those and makes their documents. Likewise a
signed review whose addendum a crash or a failed seal left unmade
(``review_addendum``). The app does it in the background at start-up, staff with
``intake-app documents make-missing``.

An intake (or a review) signed within the last ``SETTLE_TIME`` is left alone: the
tablet or station it was signed on may be making its document right now.

First, the document writes a kill interrupted are finished or undone
(``recover_interrupted_writes``): a document whose row was committed is put in
place, and a staged file no row names is deleted, so its signing gets exactly
one document here. Staged files younger than ``SETTLE_TIME`` are left alone too.

The log names intakes and documents by id and failures by their kind only,
never a patient's name or answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import literal, text, union_all
from sqlmodel import Session, col, select

from intake_app.chart.seal import SealError
from intake_app.forms.catalog import FormCatalog
from intake_app.services.document_recovery import recover_interrupted_writes
from intake_app.services.filing import (
    DOCUMENT_KINDS,
    make_chart_document,
    make_patient_copy,
    make_withdrawal_document,
)
from intake_app.services.review_addendum import file_review_addendum
from intake_app.settings import Settings
from intake_app.storage.db import utc_now
from intake_app.storage.tables import ONE_PER_SIGNING, ConsentRecord, Document, Intake, Review

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
    kind: str = "chart_packet"  # the document's kind (``filing.DOCUMENT_KINDS``)

    @property
    def made(self) -> bool:
        return self.document_id is not None


@dataclass(frozen=True)
class SignedDocumentsOwed:
    """Intakes signed (or refused) whose chart document or patient's copy was never made,
    each list in the order the intakes started."""

    charts: list[str]
    copies: list[str]

    def of_kind(self, kind: str) -> list[str]:
        return self.copies if kind == "patient_copy" else self.charts


def signed_documents_owed(session: Session, *, signed_before: dt.datetime) -> SignedDocumentsOwed:
    """The intakes with a consent or refusal signed before then that lack their chart
    document or the patient's copy, in one read.

    One anti-join for each kind of document (``NOT EXISTS`` on the documents' index
    ``document_one_per_signing``), joined with the consents' index
    (``consent_record_decisions``): both are read in intake order once, never a
    consent's text or signature (the large rows of years of signing), and no document is
    looked up one consent at a time. Only the intakes owed something are read.
    """
    query = union_all(_owed("chart_packet", signed_before), _owed("patient_copy", signed_before))
    owed = query.subquery()
    rows = session.execute(
        select(owed.c.kind, owed.c.id).order_by(owed.c.started_at, owed.c.id)
    ).all()
    charts = [intake_id for kind, intake_id in rows if kind == "chart_packet"]
    copies = [intake_id for kind, intake_id in rows if kind == "patient_copy"]
    return SignedDocumentsOwed(list(dict.fromkeys(charts)), list(dict.fromkeys(copies)))


def _owed(kind: str, signed_before: dt.datetime) -> Any:
    """SQL: the intakes signed (or refused) before then without their document of ``kind``."""
    return (
        select(literal(kind).label("kind"), col(Intake.id), col(Intake.started_at))
        .join_from(ConsentRecord, Intake, col(ConsentRecord.intake_id) == col(Intake.id))
        .where(col(ConsentRecord.decision).in_(SIGNED_DECISIONS))
        .where(col(ConsentRecord.signed_at) < signed_before, ~_has_document(kind))
    )


def _has_document(kind: str) -> Any:
    """SQL: the consent's intake has a document of ``kind`` (one made per signing).

    The index's own condition is repeated word for word: SQLite uses a partial index
    only for a query that states it."""
    return (
        select(Document.intake_id)  # in the index: no document row is read
        .where(col(Document.intake_id) == col(ConsentRecord.intake_id), Document.kind == kind)
        .where(text(ONE_PER_SIGNING))
        .exists()
    )


def intakes_missing_documents(
    session: Session, *, signed_before: dt.datetime, kind: str = "chart_packet"
) -> list[str]:
    """Ids of intakes with a consent or refusal signed before then, and no document of
    ``kind`` (the chart document, or with ``patient_copy`` the patient's copy)."""
    return signed_documents_owed(session, signed_before=signed_before).of_kind(kind)


def withdrawals_missing_documents(session: Session, *, signed_before: dt.datetime) -> list[str]:
    """Ids of withdrawal records signed before then whose intake has no withdrawal document."""
    documented = select(Document.intake_id).where(
        col(Document.intake_id) == col(ConsentRecord.intake_id), Document.kind == "withdrawal"
    )
    query = (
        select(ConsentRecord.id)
        .where(ConsentRecord.decision == "withdraw", col(ConsentRecord.signed_at) < signed_before)
        .where(~documented.exists())
        .order_by(col(ConsentRecord.signed_at))
    )
    return list(session.exec(query).all())


def reviews_missing_addenda(
    session: Session, *, signed_before: dt.datetime, skipping: Collection[str] = ()
) -> list[str]:
    """Ids of reviews signed before then that have no review addendum, oldest first
    (none of the intakes ``skipping``).

    An anti-join on the addendum's unique ``review_id``: each review is looked up in that
    index, never compared with a list of every addendum (``NOT IN`` a subquery, which
    PostgreSQL cannot turn into a join and, past its working memory, reads again for
    every review)."""
    documented = select(Document.review_id).where(col(Document.review_id) == col(Review.id))
    query = (
        select(Review.id)
        .where(col(Review.signed_at) < signed_before, ~documented.exists())
        .where(col(Review.intake_id).not_in(list(skipping)))
        .order_by(col(Review.signed_at))
    )
    return list(session.exec(query).all())


def intakes_missing_addenda(session: Session, *, signed_before: dt.datetime) -> set[str]:
    """Ids of intakes with a review signed before then that has no review addendum."""
    reviews = reviews_missing_addenda(session, signed_before=signed_before)
    return set(session.exec(select(Review.intake_id).where(col(Review.id).in_(reviews))))


def make_missing_documents(
    session: Session,
    *,
    catalog: FormCatalog | None,
    settings: Settings,
    today: dt.date,
    signed_before: dt.datetime | None = None,
) -> list[DocumentAttempt]:
    """Make every missing document; one attempt per document, intakes in the order they started.

    Without a ``catalog`` (the forms folder has problems) only the interrupted writes
    are dealt with: a staged file with a patient's document is never left behind.

    First the writes a kill interrupted are finished or undone; then the chart
    documents, then the patient's copies (not for an intake whose chart document
    just failed: the same cause would fail it again), then the withdrawals, then the
    addenda of signed reviews (again not for an intake whose chart just failed). Each
    document is dated by the day its intake was completed (``today`` when that is
    not recorded), so the answers show as the patient saw them. ``signed_before``
    defaults to ``SETTLE_TIME`` ago.
    """
    cutoff = signed_before or utc_now() - SETTLE_TIME
    recover_interrupted_writes(session, settings.documents_dir, settled_before=cutoff)
    if catalog is None:  # the forms cannot be read: no document can be made, none is lost
        return []
    make = partial(_make_one, session, catalog=catalog, settings=settings, today=today)
    owed = signed_documents_owed(session, signed_before=cutoff)
    charts = [make(intake_id, "chart_packet") for intake_id in owed.charts]
    failed = {attempt.intake_id for attempt in charts if not attempt.made}
    copies = [
        make(intake_id, "patient_copy") for intake_id in owed.copies if intake_id not in failed
    ]
    withdrawals = [
        _make_withdrawal(session, record_id, catalog=catalog, settings=settings, today=today)
        for record_id in withdrawals_missing_documents(session, signed_before=cutoff)
    ]
    addenda = [
        _make_addendum(session, review_id, catalog=catalog, settings=settings)
        for review_id in reviews_missing_addenda(session, signed_before=cutoff, skipping=failed)
    ]
    return charts + copies + withdrawals + addenda


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
        return _failed(session, intake_id, exc, "withdrawal")
    LOG.info("withdrawal document %s made for intake %s", document.id, intake_id)
    return DocumentAttempt(intake_id, document_id=document.id, kind="withdrawal")


def _make_addendum(
    session: Session, review_id: str, *, catalog: FormCatalog, settings: Settings
) -> DocumentAttempt:
    review = session.get(Review, review_id)
    intake_id = review.intake_id if review is not None else review_id
    try:
        document = file_review_addendum(
            session, review_id=review_id, catalog=catalog, settings=settings
        )
    except Exception as exc:
        return _failed(session, intake_id, exc, "review_addendum")
    LOG.info("review addendum %s made for intake %s", document.id, intake_id)
    return DocumentAttempt(intake_id, document_id=document.id, kind="review_addendum")


def _failed(session: Session, intake_id: str, exc: Exception, kind: str) -> DocumentAttempt:
    session.rollback()
    error = type(exc).__name__
    LOG.error("%s for intake %s could not be made: %s", DOCUMENT_KINDS[kind].said, intake_id, error)
    detail = str(exc) if isinstance(exc, SealError) else ""
    return DocumentAttempt(intake_id, error=error, detail=detail, kind=kind)


def _make_one(
    session: Session,
    intake_id: str,
    kind: str,
    *,
    catalog: FormCatalog,
    settings: Settings,
    today: dt.date,
) -> DocumentAttempt:
    """One document of an intake: its chart document or the patient's copy (``kind``)."""
    make = make_patient_copy if kind == "patient_copy" else make_chart_document
    try:
        intake = session.get(Intake, intake_id)
        if intake is None:
            raise LookupError("the intake is gone")
        day = intake.completed_at.astimezone().date() if intake.completed_at else today
        document = make(session, intake=intake, catalog=catalog, settings=settings, today=day)
    except Exception as exc:
        return _failed(session, intake_id, exc, kind)
    LOG.info("%s %s made for intake %s", DOCUMENT_KINDS[kind].said, document.id, intake_id)
    return DocumentAttempt(intake_id, document_id=document.id, kind=kind)
