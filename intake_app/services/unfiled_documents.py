"""The documents records staff file into the chart, found by patient, date and type.

What goes into the chart: the chart document of a signed consent (``CONSENT``) or of a
refusal (``REFUSAL``), a withdrawal (``WITHDRAWAL``) and a review addendum
(``REVIEW``). The patient's copy is the patient's own and is not filed.

The search box takes what the nurse's queue takes (``services.queue_search``): name
words (accents, case and punctuation ignored), a date of birth (``1961-07-14``,
``7/14/1961``), or the whole text as an MRN. The date range is of the day each
document was made, in local time, both days included. Newest first.

These functions read in the caller's session; ``services.chart_filing`` checks who acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, false, or_, text
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from intake_app.services.queue_search import QueueSearch, read_search
from intake_app.storage.patients import name_holds
from intake_app.storage.tables import (
    UNFILED_FOR_CHART,
    ConsentRecord,
    Document,
    Patient,
    StaffUser,
)

__all__ = ["DOCTYPES", "DocumentSearch", "UnfiledDocument", "doctype_of", "found_documents"]

# The chart's word for each type of document filed, and how staff read it.
DOCTYPES = {
    "CONSENT": "signed consent",
    "REFUSAL": "refusal",
    "WITHDRAWAL": "withdrawal of consent",
    "REVIEW": "review addendum",
}
_OF_KIND = {"withdrawal": "WITHDRAWAL", "review_addendum": "REVIEW"}
FILED_KINDS = ("chart_packet", "withdrawal", "review_addendum")


@dataclass(frozen=True)
class DocumentSearch:
    """What records staff look for; every field left empty matches every document."""

    text: str = ""  # name words, a date of birth, or an MRN
    made_from: dt.date | None = None  # local day, included
    made_to: dt.date | None = None  # local day, included
    doctypes: frozenset[str] = frozenset()  # of DOCTYPES; empty: every type


@dataclass(frozen=True)
class UnfiledDocument:
    """One document as the records page lists it (the seal is checked separately: slow)."""

    document_id: str
    intake_id: str
    doctype: str  # a key of DOCTYPES
    kind_words: str
    patient_name: str
    born: dt.date
    mrn: str | None
    created_at: dt.datetime
    path: Path  # in the documents folder, where the app made it
    filed_at: dt.datetime | None
    filed_by: str | None  # the name of who filed it; "the command line" when no one named


def found_documents(
    session: Session,
    search: DocumentSearch,
    *,
    include_filed: bool = False,
    limit: int | None = None,
) -> list[UnfiledDocument]:
    """The documents the search finds, newest first; not yet filed unless ``include_filed``;
    at most ``limit`` (None: every one).

    Everything is narrowed in one query, newest first on the indexed ``created_at``: the
    name words in the patient's name key, the date of birth, the MRN's key, the local
    days, the types. Only the documents shown are read. The documents not filed yet are
    read from their own index (``document_unfiled``, made then id), whose condition the
    query states word for word; documents made at the same moment come by id, last first.
    """
    wanted = read_search(search.text)
    if wanted.impossible:
        return []
    query = (
        select(Document, Patient)
        .join(Patient, col(Document.patient_id) == col(Patient.id))
        .where(col(Document.kind).in_(_kinds(search.doctypes)), *_is_patient(wanted))
        .where(*_made_in(search), *_decided(search.doctypes))
        .order_by(col(Document.created_at).desc(), col(Document.id).desc())
    )
    if not include_filed:
        query = query.where(text(UNFILED_FOR_CHART))
    rows = list(session.exec(query.limit(limit) if limit is not None else query))
    decisions = _decisions(session, [d.intake_id for d, _ in rows if d.kind == "chart_packet"])
    filers = _names(session, {d.filed_by for d, _ in rows if d.filed_by})
    return [
        _row(document, patient, _doctype(document, decisions), filers) for document, patient in rows
    ]


def doctype_of(session: Session, document: Document) -> str | None:
    """The chart's word for the document's type; None for a document that is not filed
    (the patient's copy)."""
    if document.kind not in FILED_KINDS:
        return None
    return _doctype(document, _decisions(session, [document.intake_id]))


def _kinds(doctypes: frozenset[str]) -> tuple[str, ...]:
    """The kinds of document rows the types asked for are made of (all filed kinds: none)."""
    if not doctypes:
        return FILED_KINDS
    return tuple({_KIND_OF[doctype] for doctype in doctypes})


_KIND_OF = {"CONSENT": "chart_packet", "REFUSAL": "chart_packet"} | {
    doctype: kind for kind, doctype in _OF_KIND.items()
}


def _decided(doctypes: frozenset[str]) -> list[Any]:
    """SQL: a chart document is of a refusal or of a consent, when only one is asked for
    (the intake's last agreement or refusal says which)."""
    consent, refusal = "CONSENT" in doctypes, "REFUSAL" in doctypes
    if consent == refusal:
        return []
    refused = _refused()
    return [or_(col(Document.kind) != "chart_packet", refused if refusal else ~refused)]


def _refused() -> Any:
    """SQL: the document's intake was refused (a refusal, and no agreement signed later)."""
    refusal, later = aliased(ConsentRecord), aliased(ConsentRecord)
    agreed_later = select(later.id).where(
        later.intake_id == refusal.intake_id,
        later.decision == "agree",
        col(later.signed_at) > col(refusal.signed_at),
    )
    return (
        select(refusal.id)
        .where(refusal.intake_id == col(Document.intake_id), refusal.decision == "refuse")
        .where(~agreed_later.exists())
        .exists()
    )


def _made_in(search: DocumentSearch) -> list[Any]:
    """SQL: made on the local days asked for, both included."""
    made = col(Document.created_at)
    after = [] if search.made_from is None else [made >= _local_midnight(search.made_from)]
    if search.made_to is None:
        return after
    return [*after, made < _local_midnight(search.made_to + dt.timedelta(days=1))]


def _local_midnight(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in this machine's time zone, in UTC."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)


def _is_patient(wanted: QueueSearch) -> list[Any]:
    """SQL: the patient is the one searched for: the MRN whole, or the date of birth and
    every name word (a date of birth alone: every patient born that day)."""
    if wanted.empty:
        return []
    named: list[Any] = name_holds(list(wanted.name_words))
    if wanted.born is not None:
        named.append(col(Patient.date_of_birth) == wanted.born)
    match = and_(*named) if named else false()
    if wanted.mrn is not None:
        match = or_(col(Patient.mrn_key) == wanted.mrn, match)
    # The patients first (their own indexes), then their documents: not every document
    # walked newest first, each compared with its patient.
    return [col(Document.patient_id).in_(select(Patient.id).where(match))]


def _decisions(session: Session, intake_ids: Iterable[str]) -> dict[str, str]:
    """The decision (agree or refuse) each intake's chart document records."""
    ids = sorted(set(intake_ids))
    if not ids:
        return {}
    query = (
        select(ConsentRecord.intake_id, ConsentRecord.decision)
        .where(col(ConsentRecord.intake_id).in_(ids))
        .where(col(ConsentRecord.decision).in_(("agree", "refuse")))
        .order_by(col(ConsentRecord.signed_at))
    )
    return {intake_id: decision for intake_id, decision in session.exec(query)}


def _doctype(document: Document, decisions: dict[str, str]) -> str:
    if document.kind == "chart_packet":
        return "REFUSAL" if decisions.get(document.intake_id) == "refuse" else "CONSENT"
    return _OF_KIND[document.kind]


def _names(session: Session, staff_ids: set[str | None]) -> dict[str, str]:
    ids = sorted(staff_id for staff_id in staff_ids if staff_id)
    if not ids:
        return {}
    query = select(StaffUser.id, StaffUser.display_name).where(col(StaffUser.id).in_(ids))
    return dict(session.exec(query).all())


def _row(
    document: Document, patient: Patient, doctype: str, filers: dict[str, str]
) -> UnfiledDocument:
    filed_by = None
    if document.filed_at is not None:
        filed_by = filers.get(document.filed_by or "", "the command line")
    return UnfiledDocument(
        document_id=document.id,
        intake_id=document.intake_id,
        doctype=doctype,
        kind_words=DOCTYPES[doctype],
        patient_name=f"{patient.given_names} {patient.family_name}",
        born=patient.date_of_birth,
        mrn=patient.mrn,
        created_at=document.created_at,
        path=Path(document.path),
        filed_at=document.filed_at,
        filed_by=filed_by,
    )
