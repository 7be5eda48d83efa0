"""Adding people, deactivating and reactivating them, passwords and PINs, the first admin."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from sqlmodel import col, select

import intake_app.staff.manage
import intake_app.storage.staff
from intake_app.staff.manage import (
    NewPerson,
    add_person,
    change_own_password,
    deactivate,
    needs_first_admin,
    reactivate,
    reset_password,
    set_pin,
)
from intake_app.staff.rules import AccountProblem
from intake_app.staff.sign_in import Refusal, log_in
from intake_app.storage.staff import UserNameTaken, all_staff, staff_by_user_name
from intake_app.storage.tables import AuditEvent, StaffUser
from tests.staff.conftest import PASSWORD

NOW = dt.datetime(2026, 11, 25, 14, 17, tzinfo=dt.UTC)
NEW_PASSWORD = "a brand new passphrase"


def add(database, user_name: str, roles: list[str], *, by: StaffUser | None = None) -> StaffUser:
    with database.session() as session:
        person = add_person(
            session, NewPerson(user_name.title(), user_name, roles, PASSWORD), by=by
        )
        session.commit()
    return person


def change(database, action, person: StaffUser, *args, **kwargs):
    """One account change in its own transaction."""
    with database.session() as session:
        result = action(session, person, *args, **kwargs)
        session.commit()
    return result


def can_log_in(database, user_name: str, password: str, now=NOW) -> bool:
    with database.session() as session:
        result = log_in(session, user_name, password, now)
        session.commit()
    return result.ok


def account_events(database) -> list[AuditEvent]:
    with database.session() as session:
        query = select(AuditEvent).order_by(col(AuditEvent.sequence))
        return [e for e in session.exec(query) if e.action.startswith("staff_")]


def test_the_first_run_needs_an_administrator_until_one_is_active(database):
    with database.session() as session:
        assert needs_first_admin(session)
    add(database, "nora", ["nurse"])
    with database.session() as session:
        assert needs_first_admin(session), "a nurse is not an administrator"

    add(database, "ana", ["admin", "nurse"])

    with database.session() as session:
        assert not needs_first_admin(session)
        assert staff_by_user_name(session, "ana").roles == ["nurse", "admin"]


def test_a_user_name_is_taken_whatever_its_case_or_spacing(database, ana):
    with database.session() as session, pytest.raises(UserNameTaken, match='"ANA" is taken'):
        add_person(session, NewPerson("Ana Other", "ANA ", ["nurse"], PASSWORD), by=None)
    with database.session() as session:
        assert [p.username for p in all_staff(session)] == ["ana"]


def test_only_an_active_administrator_manages_accounts(database, ana):
    admin = add(database, "adele", ["admin"])

    with database.session() as session, pytest.raises(AccountProblem, match="Only an active"):
        add_person(session, NewPerson("Bo", "bo", ["nurse"], PASSWORD), by=ana)
    with pytest.raises(AccountProblem, match="Only an active administrator can reset"):
        change(database, reset_password, admin, NEW_PASSWORD, by=ana)

    bo = add(database, "bo", ["records"], by=admin)
    assert bo.roles == ["records"]


def test_a_deactivated_administrator_can_no_longer_manage_accounts(database, ana):
    adele = add(database, "adele", ["admin"])
    add(database, "abe", ["admin"])
    change(database, deactivate, adele, by=None)

    with pytest.raises(AccountProblem, match="Only an active administrator can deactivate"):
        change(database, deactivate, ana, by=adele)


def test_deactivating_and_reactivating_keeps_the_account_and_its_password(database, ana):
    change(database, deactivate, ana, by=None)
    assert not can_log_in(database, "ana", PASSWORD)
    with pytest.raises(AccountProblem, match="ana is deactivated already"):
        change(database, deactivate, ana, by=None)

    change(database, reactivate, ana, by=None)

    assert can_log_in(database, "ana", PASSWORD)
    with pytest.raises(AccountProblem, match="ana is active already"):
        change(database, reactivate, ana, by=None)


def test_the_only_active_administrator_cannot_be_deactivated(database):
    adele = add(database, "adele", ["admin"])

    with pytest.raises(AccountProblem, match="adele is the only active administrator"):
        change(database, deactivate, adele, by=None)

    abe = add(database, "abe", ["admin"])
    change(database, deactivate, adele, by=abe)
    with database.session() as session:
        assert not needs_first_admin(session)


def test_a_reset_password_replaces_the_old_one_and_ends_a_lock_out(database, ana):
    for _ in range(5):
        can_log_in(database, "ana", "guessing 12345")
    assert not can_log_in(database, "ana", PASSWORD)

    change(database, reset_password, ana, NEW_PASSWORD, by=None)

    assert not can_log_in(database, "ana", PASSWORD)
    assert can_log_in(database, "ana", NEW_PASSWORD)


def test_a_reset_password_follows_the_rules(database, ana):
    with pytest.raises(AccountProblem, match="too short: use at least 10 characters"):
        change(database, reset_password, ana, "2468", by=None)
    assert can_log_in(database, "ana", PASSWORD)


def test_a_person_changes_their_own_password_with_the_old_one(database, ana):
    changed = change(database, change_own_password, ana, PASSWORD, NEW_PASSWORD, NOW)

    assert changed.ok
    assert can_log_in(database, "ana", NEW_PASSWORD)
    assert not can_log_in(database, "ana", PASSWORD)


def test_a_wrong_old_password_changes_nothing_and_counts_as_a_wrong_try(database, ana):
    for _ in range(4):
        can_log_in(database, "ana", "guessing 12345")

    refused = change(database, change_own_password, ana, "guessing 12345", NEW_PASSWORD, NOW)

    assert refused.refusal is Refusal.LOCKED
    assert can_log_in(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=15))
    assert not can_log_in(database, "ana", NEW_PASSWORD, NOW + dt.timedelta(minutes=15))


def test_a_new_password_must_differ_from_the_old_one(database, ana):
    with pytest.raises(AccountProblem, match="same as the old one"):
        change(database, change_own_password, ana, PASSWORD, PASSWORD, NOW)


def test_a_pin_is_set_by_its_own_person_or_at_the_command_line(database, ana):
    adele = add(database, "adele", ["admin"])
    with pytest.raises(AccountProblem, match="A PIN is set by its own person only"):
        change(database, set_pin, ana, "2468", by=adele)

    change(database, set_pin, ana, "2468", by=ana)
    change(database, set_pin, adele, "1357", by=None)

    with database.session() as session:
        assert staff_by_user_name(session, "ana").pin_hash.startswith("$argon2id$")
    with pytest.raises(AccountProblem, match="4 to 8 digits"):
        change(database, set_pin, ana, "12", by=ana)


def test_every_account_change_is_in_the_audit_trail(database, ana):
    adele = add(database, "adele", ["admin"])
    change(database, deactivate, ana, by=adele)
    change(database, reactivate, ana, by=None)
    change(database, reset_password, ana, NEW_PASSWORD, by=adele)
    change(database, change_own_password, ana, NEW_PASSWORD, PASSWORD, NOW)
    change(database, set_pin, ana, "2468", by=ana)
    change(database, set_pin, ana, "1357", by=None)

    events = [(e.action, e.actor, e.actor_role, e.detail) for e in account_events(database)]
    about_ana = {"staff_user_id": ana.id, "user_name": "ana"}
    screen, command_line = {"via": "staff screen"}, {"via": "command line"}
    assert events == [
        (
            "staff_added",
            "system",
            None,
            {**about_ana, **command_line, "display_name": "Ana López", "roles": ["nurse"]},
        ),
        (
            "staff_added",
            "system",
            None,
            {
                "staff_user_id": adele.id,
                "user_name": "adele",
                **command_line,
                "display_name": "Adele",
                "roles": ["admin"],
            },
        ),
        ("staff_deactivated", f"staff:{adele.id}", "admin", {**about_ana, **screen}),
        ("staff_reactivated", "system", None, {**about_ana, **command_line}),
        (
            "staff_password_reset",
            f"staff:{adele.id}",
            "admin",
            {**about_ana, **screen, "lock_cleared": False},
        ),
        ("staff_password_changed", f"staff:{ana.id}", "nurse", {**about_ana, **screen}),
        ("staff_pin_set", f"staff:{ana.id}", "nurse", {**about_ana, **screen, "replaced": False}),
        ("staff_pin_set", "system", None, {**about_ana, **command_line, "replaced": True}),
    ]


def test_there_is_no_way_to_delete_a_person():
    for module in (intake_app.staff.manage, intake_app.storage.staff):
        names = [name for name, _ in inspect.getmembers(module, inspect.isfunction)]
        assert not [n for n in names if any(w in n for w in ("delete", "remove", "purge"))]
