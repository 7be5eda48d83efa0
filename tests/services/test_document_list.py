"""The document list: records staff and the command line see the documents on file and
the SHA-256 recorded for each; a nurse or an administrator is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.services import document_list
from intake_app.services.actor import Actor
from intake_app.services.document_list import DocumentList
from intake_app.services.permissions import NotPermitted
from intake_app.staff.rules import Role
from intake_app.storage.tables import Document, Intake, Patient
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)
from tests.storage.test_guards import completed_intake, sign

CLERK = Actor.staff("S-records", "Lee Park", frozenset({Role.RECORDS}), "station-1")
CONSOLE = Actor.console("station-1")
REFUSED = {
    "nurse": Actor.staff("S-nurse", "Nora Ruiz", frozenset({Role.NURSE}), "tablet-1"),
    "admin": Actor.staff("S-admin", "Ada Admin", frozenset({Role.ADMIN}), "station-1"),
    "app": Actor.system("tablet-1"),
}


@pytest.fixture
def signed(database, mini_form):  # noqa: F811
    """A signed intake with its chart document on file."""
    document = sign(database, completed_intake(database, mini_form))
    return database, document


@pytest.mark.parametrize("actor", [CLERK, CONSOLE], ids=["records", "console"])
def test_the_documents_on_file_are_listed_with_their_recorded_hash(signed, actor):
    db, document = signed
    documents = DocumentList(db, actor)

    [listed] = documents.oldest_first()

    assert (listed.id, listed.kind, listed.path) == (document.id, "chart_packet", document.path)
    assert documents.recorded_sha256(document.id) == "ab" * 32
    assert documents.recorded_sha256("no-such-document") is None


@pytest.mark.parametrize("who", REFUSED)
def test_who_may_not_list_documents_is_refused(signed, who):
    db, document = signed
    documents = DocumentList(db, REFUSED[who])
    with pytest.raises(NotPermitted, match="may not list documents"):
        documents.oldest_first()
    with pytest.raises(NotPermitted, match="may not list documents"):
        documents.recorded_sha256(document.id)


def test_documents_beyond_one_batch_are_all_listed_oldest_first(database, monkeypatch):  # noqa: F811
    monkeypatch.setattr(document_list, "BATCH", 2)  # read two at a time as the list goes
    made = [document_of(database, kind, minute) for minute, kind in enumerate(KINDS * 2)]
    listed = DocumentList(database, CLERK).oldest_first()
    first = next(listed)  # the list can be gone through before the rest is read
    assert [first.id, *(row.id for row in listed)] == made


KINDS = ("chart_packet", "patient_copy", "withdrawal")


def document_of(db, kind: str, minute: int) -> str:
    """A document of ``kind`` made ``minute`` minutes after nine, for a patient of its own."""
    made = dt.datetime(2026, 11, 30, 9, minute, tzinfo=dt.UTC)
    with db.session() as session:
        patient = Patient(given_names="Ana", family_name="Ruiz", date_of_birth=dt.date(1970, 1, 1))
        intake = Intake(patient_id=patient.id, form_id="f", form_version="1", language="en")
        document = Document(intake_id=intake.id, patient_id=patient.id, kind=kind, created_at=made,
                            path=f"/documents/{kind}-{minute}.pdf", sha256="1" * 64, size_bytes=1)  # fmt: skip
        session.add(patient)
        session.flush()
        session.add(intake)
        session.flush()
        session.add(document)
        session.commit()
        return document.id
