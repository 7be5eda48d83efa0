"""The documents service: a signed consent makes its documents, for an actor who may."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.documents import Documents
from intake_app.services.permissions import NotPermitted
from intake_app.settings import load_settings
from intake_app.staff.rules import Role
from intake_app.storage.db import Database
from intake_app.storage.tables import Document, Intake
from tests.services.test_pending_documents import sign_while_sealing_fails, with_seal

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def signed_without_documents(tmp_path):
    """A signed intake whose documents a failed seal left unmade; the sealing works now."""
    sign_while_sealing_fails(tmp_path)
    settings = with_seal(load_settings(), "")
    database = Database(settings.database_url)
    yield database, settings, FormCatalog.from_folder(settings.forms_dir)
    database.dispose()


def stored_documents(database: Database) -> list[Document]:
    with database.session() as session:
        return list(session.exec(select(Document)))


def intake_id(database: Database) -> str:
    with database.session() as session:
        return session.exec(select(Intake.id)).one()


def test_the_app_makes_the_chart_document_and_the_copy_of_a_signing(signed_without_documents):
    database, settings, catalog = signed_without_documents
    documents = Documents(database, settings, catalog, Actor.system("tablet-1"))
    made = documents.for_signing(intake_id(database), today=TODAY)
    assert (made.chart.kind, made.copy.kind) == ("chart_packet", "patient_copy")
    assert sorted(d.id for d in stored_documents(database)) == sorted([made.chart.id, made.copy.id])


@pytest.mark.parametrize(
    "actor",
    [
        Actor.patient("ANOTHER-INTAKE"),
        Actor.staff("S1", "Ada Admin", frozenset({Role.ADMIN})),
    ],
    ids=["patient", "admin"],
)
def test_an_actor_who_may_not_make_documents_is_refused_and_nothing_is_made(
    signed_without_documents, actor
):
    database, settings, catalog = signed_without_documents
    documents = Documents(database, settings, catalog, actor)
    with pytest.raises(NotPermitted, match="may not make missing documents"):
        documents.for_signing(intake_id(database), today=TODAY)
    with pytest.raises(NotPermitted):
        documents.missing(today=TODAY, signed_before=dt.datetime.now(dt.UTC))
    assert stored_documents(database) == []
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.iterdir())
