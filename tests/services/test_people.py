"""The people service: an administrator or the command line manages staff accounts; a
nurse is refused and nothing changes."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from intake_app.services.actor import Actor
from intake_app.services.people import NewPerson, People
from intake_app.services.permissions import NotPermitted
from intake_app.staff.rules import AccountProblem, Role, check_pin_hash
from intake_app.staff.sign_in import log_in
from intake_app.storage.db import Database, utc_now
from intake_app.storage.staff import staff_by_user_name
from intake_app.storage.tables import AuditEvent
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
CONSOLE = Actor.console("station-1")


def person(user_name: str, *roles: str) -> NewPerson:
    return NewPerson(user_name.title(), user_name, list(roles), PASSWORD)


def staff_actor(db: Database, user_name: str) -> Actor:
    """The person on file as they act on a tablet."""
    with db.session() as session:
        stored = staff_by_user_name(session, user_name)
    assert stored is not None
    roles = frozenset(Role(role) for role in stored.roles)
    return Actor.staff(stored.id, stored.display_name, roles, "tablet-1")


def can_log_in(db: Database, user_name: str, password: str) -> bool:
    with db.session() as session:
        return log_in(session, user_name, password, utc_now()).ok


def account_events(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        query = select(AuditEvent).order_by(col(AuditEvent.sequence))
        return [event for event in session.exec(query) if event.action.startswith("staff_")]


@pytest.fixture
def clinic(database):  # noqa: F811
    """An administrator (ana) and a nurse with a PIN (nora), added at the command line."""
    people = People(database, CONSOLE)
    people.add(person("ana", "admin"))
    people.add(person("nora", "nurse"))
    people.set_pin("nora", "2468")
    return database


# --- the command line and an administrator --------------------------------------------------


def test_the_command_line_adds_the_first_administrator_as_it_always_did(database):  # noqa: F811
    people = People(database, CONSOLE)
    assert people.needs_first_admin()

    added = people.add(person("ana", "admin", "nurse"))

    assert (added.user_name, added.roles, added.active) == ("ana", ("nurse", "admin"), True)
    assert not people.needs_first_admin()
    assert can_log_in(database, "ana", PASSWORD)
    [event] = [e for e in account_events(database) if e.action == "staff_added"]
    assert (event.actor, event.actor_role) == ("system", None)
    assert event.detail["via"] == "command line"


def test_whether_an_administrator_is_still_needed_is_open_to_a_tablet_nobody_unlocked(
    database,  # noqa: F811
):
    assert People(database, Actor.system("tablet-1")).needs_first_admin()


def test_an_administrator_adds_a_person_under_their_own_name(clinic):
    ana = staff_actor(clinic, "ana")

    People(clinic, ana).add(person("bo", "records"))

    assert can_log_in(clinic, "bo", PASSWORD)
    event = [e for e in account_events(clinic) if e.action == "staff_added"][-1]
    assert (event.actor, event.actor_role) == (ana.audit_name, "admin")
    assert event.detail["via"] == "staff screen"


def test_the_list_shows_every_account_with_its_pin_and_lock(clinic):
    for _ in range(5):
        can_log_in(clinic, "nora", "guessing 12345")

    on_file = People(clinic, CONSOLE).on_file()

    assert [(p.user_name, p.roles, p.has_pin) for p in on_file] == [
        ("ana", ("admin",), False),
        ("nora", ("nurse",), True),
    ]
    assert on_file[0].locked_until is None
    assert on_file[1].locked_until is not None and on_file[1].locked_until > utc_now()


def test_a_person_is_found_in_any_case_under_the_stored_user_name(clinic):
    people = People(clinic, CONSOLE)
    found = people.find("NORA")
    assert found is not None and found.user_name == "nora"
    assert people.find("nobody") is None


def test_a_person_is_deactivated_and_reactivated(clinic):
    people = People(clinic, CONSOLE)

    assert not people.deactivate("Nora").active
    assert not can_log_in(clinic, "nora", PASSWORD)
    assert people.reactivate("nora").active
    assert can_log_in(clinic, "nora", PASSWORD)


def test_a_reset_password_ends_a_lock_out_and_says_so(clinic):
    for _ in range(5):
        can_log_in(clinic, "nora", "guessing 12345")

    reset = People(clinic, CONSOLE).reset_password("nora", NEW_PASSWORD)

    assert reset.unlocked and reset.person.locked_until is None
    assert can_log_in(clinic, "nora", NEW_PASSWORD)
    assert not People(clinic, CONSOLE).reset_password("nora", PASSWORD).unlocked


def test_the_command_line_replaces_a_pin(clinic):
    People(clinic, CONSOLE).set_pin("nora", "1357")
    with clinic.session() as session:
        stored = staff_by_user_name(session, "nora")
        assert check_pin_hash(stored.pin_hash, "1357").right


def test_a_user_name_not_on_file_is_named_and_nothing_changes(clinic):
    before = account_events(clinic)
    with pytest.raises(AccountProblem, match='No staff account has the user name "bob"'):
        People(clinic, CONSOLE).deactivate("bob")
    assert account_events(clinic) == before


# --- refused -----------------------------------------------------------------------------------


def refused(clinic: Database, call) -> None:
    """A nurse's call is refused as not theirs to make, and no account changes."""
    before = [(e.sequence, e.action) for e in account_events(clinic)]
    people = People(clinic, staff_actor(clinic, "nora"))
    with pytest.raises(NotPermitted, match="may not manage people"):
        call(people)
    assert [(e.sequence, e.action) for e in account_events(clinic)] == before


def test_a_nurse_cannot_add_a_person(clinic):
    refused(clinic, lambda people: people.add(person("bo", "admin")))
    assert People(clinic, CONSOLE).find("bo") is None


def test_a_nurse_cannot_list_the_people(clinic):
    refused(clinic, lambda people: people.on_file())


def test_a_nurse_cannot_look_a_person_up(clinic):
    refused(clinic, lambda people: people.find("ana"))


def test_a_nurse_cannot_deactivate_a_person(clinic):
    refused(clinic, lambda people: people.deactivate("ana"))
    assert can_log_in(clinic, "ana", PASSWORD)


def test_a_nurse_cannot_reactivate_a_person(clinic):
    People(clinic, CONSOLE).add(person("bo", "records"))
    People(clinic, CONSOLE).deactivate("bo")
    refused(clinic, lambda people: people.reactivate("bo"))
    assert not can_log_in(clinic, "bo", PASSWORD)


def test_a_nurse_cannot_reset_a_password(clinic):
    refused(clinic, lambda people: people.reset_password("ana", NEW_PASSWORD))
    assert can_log_in(clinic, "ana", PASSWORD)
    assert not can_log_in(clinic, "ana", NEW_PASSWORD)


def test_a_nurse_cannot_set_a_pin_through_the_people_service(clinic):
    refused(clinic, lambda people: people.set_pin("ana", "1357"))
    with clinic.session() as session:
        assert staff_by_user_name(session, "ana").pin_hash is None


def test_an_administrator_no_longer_on_file_is_never_taken_for_the_command_line(clinic):
    gone = Actor.staff("no-such-id", "Gone Admin", frozenset({Role.ADMIN}), "tablet-1")
    with pytest.raises(NotPermitted):
        People(clinic, gone).add(person("bo", "admin"))
    assert People(clinic, CONSOLE).find("bo") is None


def test_the_app_itself_cannot_manage_people(clinic):
    with pytest.raises(NotPermitted, match="may not manage people"):
        People(clinic, Actor.system("tablet-1")).on_file()
