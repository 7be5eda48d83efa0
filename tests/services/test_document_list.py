"""The document list: records staff and the command line see the documents on file and
the SHA-256 recorded for each; a nurse or an administrator is refused."""

from __future__ import annotations

import pytest

from intake_app.services.actor import Actor
from intake_app.services.document_list import DocumentList
from intake_app.services.permissions import NotPermitted
from intake_app.staff.rules import Role
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
