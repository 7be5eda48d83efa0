"""Managing staff accounts: adding people, deactivating and reactivating them, passwords, PINs.

Who may do what:

- an administrator (an active person with the admin role) adds, deactivates and
  reactivates people and resets passwords; so does this machine's command line
  (``by=None``): whoever can run it can open the database anyway;
- a person changes their own password (giving the old one) and sets their own
  tablet PIN; the command line may set anyone's PIN.

There is no delete: a person's name stays on everything they did, so an account
is deactivated instead. The last active administrator cannot be deactivated.
Every change is written to the audit trail (``staff.audit``). Nothing here
commits; an AccountProblem means nothing was changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from intake_app.settings import StaffSettings
from intake_app.staff.audit import AccountEvent, actor_name, record_account_event, roles_of, via
from intake_app.staff.rules import (
    AccountProblem,
    check_password,
    checked_display_name,
    checked_roles,
    checked_user_name,
    hash_password,
    hash_pin,
)
from intake_app.staff.sign_in import SignIn, check_secret
from intake_app.storage.staff import (
    active_admin_count,
    add_staff,
    clear_lock,
    save_staff,
    staff_by_id,
)
from intake_app.storage.tables import StaffUser


@dataclass(frozen=True)
class NewPerson:
    """What an administrator types to add a person."""

    display_name: str  # as printed next to what they do
    user_name: str  # what they log in with
    roles: Sequence[str]
    password: str


def needs_first_admin(session: Session) -> bool:
    """True while no active administrator exists: the first-run set-up is still to do."""
    return active_admin_count(session) == 0


def add_person(session: Session, new: NewPerson, *, by: StaffUser | None) -> StaffUser:
    """Add an active account; AccountProblem for input that breaks a rule, UserNameTaken
    (from ``storage.staff``) for a user name on file in any case."""
    _admin(session, by, "add staff accounts")
    user_name = checked_user_name(new.user_name)
    person = StaffUser(
        username=user_name,
        display_name=checked_display_name(new.display_name),
        roles=checked_roles(new.roles),
        password_hash=hash_password(new.password, user_name=user_name),
    )
    add_staff(session, person)
    _record(
        session,
        "staff_added",
        person,
        by,
        display_name=person.display_name,
        roles=list(person.roles),
    )
    return person


def deactivate(session: Session, person: StaffUser, *, by: StaffUser | None) -> StaffUser:
    """The person can no longer log in or unlock a tablet; everything they did stays theirs."""
    _admin(session, by, "deactivate staff accounts")
    person = _current(session, person)
    if not person.active:
        raise AccountProblem(f"{person.username} is deactivated already.")
    if "admin" in person.roles and active_admin_count(session) == 1:
        raise AccountProblem(
            f"{person.username} is the only active administrator: add or reactivate another "
            "administrator first."
        )
    person.active = False
    save_staff(session, person)
    _record(session, "staff_deactivated", person, by)
    return person


def reactivate(session: Session, person: StaffUser, *, by: StaffUser | None) -> StaffUser:
    """The person can log in again, with the password and PIN they had."""
    _admin(session, by, "reactivate staff accounts")
    person = _current(session, person)
    if person.active:
        raise AccountProblem(f"{person.username} is active already.")
    person.active = True
    save_staff(session, person)
    _record(session, "staff_reactivated", person, by)
    return person


def reset_password(
    session: Session, person: StaffUser, new_password: str, *, by: StaffUser | None
) -> StaffUser:
    """An administrator gives the person a new password; a lock-out ends with it."""
    _admin(session, by, "reset passwords")
    person = _current(session, person)
    person.password_hash = hash_password(new_password, user_name=person.username)
    was_locked = person.locked_until is not None
    clear_lock(person)
    save_staff(session, person)
    _record(session, "staff_password_reset", person, by, lock_cleared=was_locked)
    return person


def change_own_password(
    session: Session,
    person: StaffUser,
    old_password: str,
    new_password: str,
    now: dt.datetime,
    *,
    rules: StaffSettings | None = None,
    station: str | None = None,
) -> SignIn:
    """The person changes their password, giving the old one.

    AccountProblem (nothing changed) when the new password breaks a rule. Otherwise a
    ``SignIn``: refused as a log-in would be (a wrong old password is a wrong try in a
    row: commit it), or the person, with the new password stored.
    """
    person = _current(session, person)
    check_password(new_password, user_name=person.username)
    if new_password == old_password:
        raise AccountProblem("The new password is the same as the old one: choose another.")
    result = check_secret(session, person, old_password, now, rules=rules, station=station)
    if result.ok:
        person.password_hash = hash_password(new_password, user_name=person.username)
        save_staff(session, person)
        _record(session, "staff_password_changed", person, person)
    return result


def set_pin(session: Session, person: StaffUser, pin: str, *, by: StaffUser | None) -> StaffUser:
    """Set (or replace) the person's tablet PIN: by themselves, or at the command line."""
    if by is not None and by.id != person.id:
        raise AccountProblem("A PIN is set by its own person only.")
    person = _current(session, person)
    replaced = person.pin_hash is not None
    person.pin_hash = hash_pin(pin)
    save_staff(session, person)
    _record(session, "staff_pin_set", person, by, replaced=replaced)
    return person


def _admin(session: Session, by: StaffUser | None, action: str) -> None:
    """AccountProblem unless ``by`` is, as stored now, an active administrator (or None)."""
    if by is None:
        return
    current = staff_by_id(session, by.id)
    if current is None or not current.active or "admin" not in current.roles:
        raise AccountProblem(f"Only an active administrator can {action}.")


def _current(session: Session, person: StaffUser) -> StaffUser:
    """The account as stored now (another station may have changed it), in ``session``."""
    current = staff_by_id(session, person.id)
    if current is None:
        raise AccountProblem(f'No staff account has the user name "{person.username}".')
    return current


def _record(
    session: Session, action: str, person: StaffUser, by: StaffUser | None, **detail: Any
) -> None:
    record_account_event(
        session,
        AccountEvent(
            action=action,
            actor=actor_name(by),
            staff_user_id=person.id,
            detail={"user_name": person.username, "via": via(by), **detail},
            actor_role=roles_of(by),
        ),
    )
