"""The people on the staff: adding them, listing them, (de)activating them, passwords, PINs.

Each call is one transaction made for ``by`` and checks first that they may
manage people (an administrator, or this machine's command line); nothing is
read or changed otherwise. ``staff.manage`` then applies the account rules (no
delete, the last active administrator stays, a PIN is set by its own person or
at the command line) and writes every change to the audit trail: as the
administrator who made it (``staff:<id>``), or as ``system`` "via: command line".

Whether the first administrator is still to be added is open to anyone: nobody
can be signed in before there is one, and ``staff.first_admin`` guards adding
them on a tablet. Accounts leave a call as ``PersonOnFile``, never with a hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from intake_app.services.actor import Actor, ActorKind
from intake_app.services.permissions import NotPermitted, Permission, require
from intake_app.staff import manage
from intake_app.staff.manage import NewPerson
from intake_app.staff.rules import AccountProblem
from intake_app.staff.sign_in import is_locked
from intake_app.storage.db import Database, utc_now
from intake_app.storage.staff import (
    UserNameTaken,
    all_staff,
    staff_by_id,
    staff_by_user_name,
)
from intake_app.storage.tables import StaffUser

__all__ = [
    "AccountProblem",
    "NewPerson",
    "PasswordReset",
    "People",
    "PersonOnFile",
    "UserNameTaken",
]


@dataclass(frozen=True)
class PersonOnFile:
    """One account as a list shows it."""

    user_name: str  # as stored (typed "BO", stored "bo")
    display_name: str
    roles: tuple[str, ...]
    active: bool
    locked_until: dt.datetime | None  # the end of a lock-out still running; None if none
    has_pin: bool

    @classmethod
    def of(cls, person: StaffUser, now: dt.datetime) -> PersonOnFile:
        return cls(
            user_name=person.username,
            display_name=person.display_name,
            roles=tuple(person.roles),
            active=person.active,
            locked_until=person.locked_until if is_locked(person, now) else None,
            has_pin=person.pin_hash is not None,
        )


@dataclass(frozen=True)
class PasswordReset:
    """A new password given: the account, and whether a lock-out ended with it."""

    person: PersonOnFile
    unlocked: bool


# One change to an account: (session, the account, who acted: None at the command line).
Change = Callable[[Session, StaffUser, StaffUser | None], StaffUser]


class People:
    """Staff accounts, managed for ``by``: an administrator, or the command line."""

    def __init__(self, database: Database, by: Actor) -> None:
        self.database, self.by = database, by

    def needs_first_admin(self) -> bool:
        """Whether no active administrator exists yet (the first is still to be added)."""
        with self.database.session() as session:
            return manage.needs_first_admin(session)

    def on_file(self) -> list[PersonOnFile]:
        """Every account, active or not, by user name."""
        require(self.by, Permission.MANAGE_PEOPLE)
        with self.database.session() as session:
            now = utc_now()
            return [PersonOnFile.of(person, now) for person in all_staff(session)]

    def find(self, user_name: str) -> PersonOnFile | None:
        """The account with this user name (any case), or None when none has it."""
        require(self.by, Permission.MANAGE_PEOPLE)
        with self.database.session() as session:
            person = staff_by_user_name(session, user_name)
            return None if person is None else PersonOnFile.of(person, utc_now())

    def add(self, new: NewPerson) -> PersonOnFile:
        """Add an active account. AccountProblem for input that breaks a rule,
        UserNameTaken for a user name on file in any case; nothing is added then."""
        require(self.by, Permission.MANAGE_PEOPLE)
        with self.database.session() as session:
            person = manage.add_person(session, new, by=self._acting(session))
            return PersonOnFile.of(person, utc_now())

    def deactivate(self, user_name: str) -> PersonOnFile:
        """The person can no longer log in or unlock a tablet; what they did stays theirs."""
        return self._change(user_name, lambda s, p, by: manage.deactivate(s, p, by=by))

    def reactivate(self, user_name: str) -> PersonOnFile:
        """The person can log in again, with the password and PIN they had."""
        return self._change(user_name, lambda s, p, by: manage.reactivate(s, p, by=by))

    def reset_password(self, user_name: str, password: str) -> PasswordReset:
        """A new password for the person; a lock-out ends with it."""
        require(self.by, Permission.MANAGE_PEOPLE)
        with self.database.session() as session:
            person = _account(session, user_name)
            was_locked = is_locked(person, utc_now())
            person = manage.reset_password(session, person, password, by=self._acting(session))
            return PasswordReset(PersonOnFile.of(person, utc_now()), unlocked=was_locked)

    def set_pin(self, user_name: str, pin: str) -> PersonOnFile:
        """Set (or replace) the person's tablet PIN."""
        return self._change(user_name, lambda s, p, by: manage.set_pin(s, p, pin, by=by))

    def _change(self, user_name: str, change: Change) -> PersonOnFile:
        require(self.by, Permission.MANAGE_PEOPLE)
        with self.database.session() as session:
            changed = change(session, _account(session, user_name), self._acting(session))
            return PersonOnFile.of(changed, utc_now())

    def _acting(self, session: Session) -> StaffUser | None:
        """Who ``staff.manage`` is told acted: None for the command line, else the person
        as stored now (never None for a person: that would read as the command line)."""
        if self.by.kind is ActorKind.CONSOLE:
            return None
        person = staff_by_id(session, self.by.staff_id) if self.by.staff_id else None
        if person is None:
            raise NotPermitted(self.by, Permission.MANAGE_PEOPLE)
        return person


def _account(session: Session, user_name: str) -> StaffUser:
    """The account with this user name (any case); AccountProblem when none has it."""
    person = staff_by_user_name(session, user_name)
    if person is None:
        raise AccountProblem(f'No staff account has the user name "{user_name}".')
    return person
