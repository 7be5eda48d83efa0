"""Logging in at the staff desk: the password, the pages a person's roles open, and
a wrong password that counts and is kept in the audit trail."""

from __future__ import annotations

from sqlmodel import col, select

from intake_app.services.desk_login import NO_PAGE, log_in_at_desk
from intake_app.settings import StaffSettings
from intake_app.staff.manage import NewPerson, add_person
from intake_app.storage.db import utc_now
from intake_app.storage.tables import AuditEvent
from tests.services.people_on_file import on_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

PASSWORD = "correct horse battery"
RULES = StaffSettings(failed_tries_to_lock=3)


def _log_in(database, user_name, password=PASSWORD):  # noqa: F811
    return log_in_at_desk(
        database, user_name, password, now=utc_now(), rules=RULES, station="desk-1"
    )


def test_each_role_opens_its_own_pages(database):  # noqa: F811
    on_file(database, "nurse")
    on_file(database, "records")
    on_file(database, "admin")
    on_file(database, "clinician", "records")
    assert _log_in(database, "nurse").pages == ["queue"]
    assert _log_in(database, "records").pages == ["records"]
    assert _log_in(database, "admin").pages == ["people", "forms", "settings"]
    both = _log_in(database, "clinician-records")
    assert both.pages == ["queue", "records"]
    assert both.actor is not None and both.actor.workstation == "desk-1"


def test_a_wrong_password_is_refused_audited_and_counts_towards_the_lock_out(database):  # noqa: F811
    on_file(database, "nurse")
    for _ in range(3):
        refused = _log_in(database, "nurse", "not it")
        assert refused.actor is None
    assert "locked until" in _log_in(database, "nurse").message  # even the right one now
    with database.session() as session:
        actions = [
            e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence)))
        ]
    assert actions.count("staff_login_failed") >= 3


def test_a_person_whose_roles_use_no_desk_page_is_told_so(database):  # noqa: F811
    with database.session() as session:
        add_person(session, NewPerson("Ada Admin", "ada", ["admin"], PASSWORD), by=None)
        person = add_person(session, NewPerson("No Desk", "nodesk", ["admin"], PASSWORD), by=None)
        person.roles = []
        session.add(person)
    refused = _log_in(database, "nodesk")
    assert refused.actor is None and refused.message == NO_PAGE
