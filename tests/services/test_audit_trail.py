"""The audit trail service: records staff, administrators and the command line read an
intake's history and check the trail; a nurse is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.services.actor import Actor
from intake_app.services.audit_trail import AuditTrail
from intake_app.services.permissions import NotPermitted
from intake_app.settings import load_settings
from intake_app.staff.rules import Role
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)
from tests.storage.test_audit_chain import drop_audit_triggers, tamper
from tests.storage.test_guards import completed_intake, sign

CLERK = Actor.staff("S-records", "Lee Park", frozenset({Role.RECORDS}), "station-1")
ADMIN = Actor.staff("S-admin", "Ada Admin", frozenset({Role.ADMIN}), "station-1")
NURSE = Actor.staff("S-nurse", "Nora Ruiz", frozenset({Role.NURSE}), "tablet-1")
CONSOLE = Actor.console("station-1")


@pytest.fixture
def signed(database, mini_form):  # noqa: F811
    """An intake answered, confirmed and signed, with its chart document on file (the
    file itself is not on this machine)."""
    intake = completed_intake(database, mini_form)
    document = sign(database, intake)
    return database, intake, document


@pytest.mark.parametrize("actor", [CLERK, ADMIN, CONSOLE], ids=["records", "admin", "console"])
def test_an_intakes_history_is_read_oldest_first(signed, actor):
    db, intake, _ = signed

    events = AuditTrail(db, actor).history(intake.id)

    assert events[0].action == "intake_started"
    assert [e.sequence for e in events] == sorted(e.sequence for e in events)
    assert {"answer_given", "intake_completed"} <= {e.action for e in events}
    assert AuditTrail(db, actor).history("no-such-intake") == []


def test_the_check_names_a_document_whose_file_is_missing(signed):
    db, _, document = signed

    checked = AuditTrail(db, CLERK).verify(load_settings())

    assert checked.chain.problem is None and checked.chain.events > 0
    assert checked.documents.checked == 1
    assert checked.documents.problems == [
        f"Document {document.id} ({Path(document.path).name}): the file is missing"
    ]
    assert not checked.holds


def test_the_check_names_an_event_changed_around_the_app_by_its_number(signed):
    db, _, _ = signed
    drop_audit_triggers(db.engine)  # as the database's owner could
    tamper(db.engine, "UPDATE audit_event SET detail = NULL WHERE sequence = 2")

    checked = AuditTrail(db, CONSOLE).verify(load_settings())

    assert checked.chain.problem == ("event 2 was altered: its content no longer matches its hash")
    assert not checked.holds


def test_a_nurse_cannot_read_an_intakes_history(signed):
    db, intake, _ = signed
    with pytest.raises(NotPermitted, match="may not read the audit trail"):
        AuditTrail(db, NURSE).history(intake.id)


def test_a_nurse_cannot_check_the_audit_trail(signed):
    db, _, _ = signed
    with pytest.raises(NotPermitted, match="may not read the audit trail"):
        AuditTrail(db, NURSE).verify(load_settings())


def test_a_patient_cannot_read_even_their_own_intakes_history(signed):
    db, intake, _ = signed
    with pytest.raises(NotPermitted):
        AuditTrail(db, Actor.patient(intake.id, "tablet-1")).history(intake.id)
