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

from sqlmodel import Session, col, select

from intake_app.services.queue_search import QueueSearch, read_search
from intake_app.storage.patients import search_key
from intake_app.storage.tables import ConsentRecord, Document, Patient, StaffUser

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
    session: Session, search: DocumentSearch, *, include_filed: bool = False
) -> list[UnfiledDocument]:
    """The documents the search finds, newest first; not yet filed unless ``include_filed``."""
    wanted = read_search(search.text)
    if wanted.impossible:
        return []
    query = (
        select(Document, Patient)
        .join(Patient, col(Document.patient_id) == col(Patient.id))
        .where(col(Document.kind).in_(FILED_KINDS))
        .order_by(col(Document.created_at).desc(), col(Document.id))
    )
    if not include_filed:
        query = query.where(col(Document.filed_at).is_(None))
    rows = [
        (document, patient)
        for document, patient in session.exec(query)
        if _made_in(document, search) and _is_patient(patient, wanted)
    ]
    decisions = _decisions(session, [d.intake_id for d, _ in rows if d.kind == "chart_packet"])
    filers = _names(session, {d.filed_by for d, _ in rows if d.filed_by})
    found = [
        _row(document, patient, _doctype(document, decisions), filers) for document, patient in rows
    ]
    return [row for row in found if not search.doctypes or row.doctype in search.doctypes]


def doctype_of(session: Session, document: Document) -> str | None:
    """The chart's word for the document's type; None for a document that is not filed
    (the patient's copy)."""
    if document.kind not in FILED_KINDS:
        return None
    return _doctype(document, _decisions(session, [document.intake_id]))


def _made_in(document: Document, search: DocumentSearch) -> bool:
    day = document.created_at.astimezone().date()
    after = search.made_from is None or day >= search.made_from
    return after and (search.made_to is None or day <= search.made_to)


def _is_patient(patient: Patient, wanted: QueueSearch) -> bool:
    """Whether the patient is the one searched for: the MRN whole, or the date of birth
    and every name word."""
    if wanted.empty:
        return True
    if wanted.mrn is not None and patient.mrn_key == wanted.mrn:
        return True
    if wanted.born is not None and patient.date_of_birth != wanted.born:
        return False
    if not wanted.name_words:
        return wanted.born is not None
    name = search_key(f"{patient.given_names} {patient.family_name}")
    return all(word in name for word in wanted.name_words)


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
