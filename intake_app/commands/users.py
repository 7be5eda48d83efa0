"""``intake-app users add | list | deactivate | reactivate | reset-password | set-pin``.

Staff accounts at this machine's command line; the first administrator is added
here::

    intake-app users add "Ana López" --user-name ana --role admin --role nurse

Passwords and PINs are asked twice without being shown, or read from the first
line of standard input with ``--password-stdin`` / ``--pin-stdin`` (for
scripts). There is no default password. Input that breaks a rule, or a user name
not on file, exits 2 with a plain message and changes nothing. Changes are
written to the audit trail as made at the command line (``staff.audit``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable

from sqlmodel import Session

from intake_app.commands.documents import existing_database
from intake_app.settings import Settings, load_settings
from intake_app.staff.manage import (
    NewPerson,
    add_person,
    deactivate,
    needs_first_admin,
    reactivate,
    reset_password,
    set_pin,
)
from intake_app.staff.rules import (
    AccountProblem,
    checked_display_name,
    checked_roles,
    checked_user_name,
)
from intake_app.staff.sign_in import clock_time, is_locked
from intake_app.storage.db import Database, utc_now
from intake_app.storage.staff import UserNameTaken, all_staff, staff_by_user_name
from intake_app.storage.tables import StaffUser

FIRST_ADMIN = 'intake-app users add "NAME" --user-name USER --role admin'


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    action = _ACTIONS[args.users_command]
    try:
        return action(settings, args)
    except (AccountProblem, UserNameTaken) as exc:
        print(f"intake-app: {exc} Nothing was changed.", file=sys.stderr)
        return 2


def add(settings: Settings, args: argparse.Namespace) -> int:
    """Add a person; the rules are checked before the password is asked."""
    new = NewPerson(
        display_name=checked_display_name(args.name),
        user_name=checked_user_name(args.user_name),
        roles=checked_roles(args.role),
        password="",
    )
    database = Database(
        settings.database_url, workstation=settings.device_id()
    )  # the first administrator makes the database
    try:
        with database.session() as session:
            if staff_by_user_name(session, new.user_name) is not None:
                raise UserNameTaken(new.user_name)
        password = _secret("password", args.password_stdin, "--password-stdin")
        with database.session() as session:
            person = add_person(session, _with_password(new, password), by=None)
            session.commit()
    finally:
        database.dispose()
    print(f"Added {person.username} ({person.display_name}), roles: {', '.join(person.roles)}.")
    return 0


def _with_password(new: NewPerson, password: str) -> NewPerson:
    return NewPerson(new.display_name, new.user_name, new.roles, password)


def list_people(settings: Settings, _args: argparse.Namespace) -> int:
    """One line per account, by user name, tab-separated with a header."""
    database = existing_database(settings)
    if database is None:
        print("No staff accounts: this machine has no intake database yet.")
        print(f"Add the first administrator with: {FIRST_ADMIN}", file=sys.stderr)
        return 0
    try:
        with database.session() as session:
            people = all_staff(session)
            first_run = needs_first_admin(session)
    finally:
        database.dispose()
    print("user name\tname\troles\tactive\tlocked\tPIN")
    now = utc_now()
    for person in people:
        print("\t".join(_row(person, now)))
    print(f"{len(people)} staff account(s)", file=sys.stderr)
    if first_run:
        print(f"No active administrator: add one with: {FIRST_ADMIN}", file=sys.stderr)
    return 0


def _row(person: StaffUser, now: dt.datetime) -> list[str]:
    until = person.locked_until
    locked = f"until {clock_time(until, now)}" if until and is_locked(person, now) else "no"
    return [
        person.username,
        person.display_name,
        ",".join(person.roles),
        "yes" if person.active else "no",
        locked,
        "set" if person.pin_hash else "none",
    ]


def deactivate_person(settings: Settings, args: argparse.Namespace) -> int:
    def change(session: Session, person: StaffUser, _typed: str) -> str:
        deactivate(session, person, by=None)
        return (
            f"Deactivated {person.username}: they can no longer log in or unlock a tablet; "
            "what they did stays under their name."
        )

    return _change(settings, args.user_name, change)


def reactivate_person(settings: Settings, args: argparse.Namespace) -> int:
    def change(session: Session, person: StaffUser, _typed: str) -> str:
        reactivate(session, person, by=None)
        return f"Reactivated {person.username}: they can log in again."

    return _change(settings, args.user_name, change)


def reset(settings: Settings, args: argparse.Namespace) -> int:
    def change(session: Session, person: StaffUser, password: str) -> str:
        was_locked = is_locked(person, utc_now())
        reset_password(session, person, password, by=None)
        unlocked = " The account is no longer locked." if was_locked else ""
        return f"New password set for {person.username}.{unlocked}"

    def ask() -> str:
        return _secret("password", args.password_stdin, "--password-stdin")

    return _change(settings, args.user_name, change, ask)


def pin(settings: Settings, args: argparse.Namespace) -> int:
    def change(session: Session, person: StaffUser, typed_pin: str) -> str:
        set_pin(session, person, typed_pin, by=None)
        return f"PIN set for {person.username} (it unlocks a tablet; it is never a password)."

    def ask() -> str:
        return _secret("PIN", args.pin_stdin, "--pin-stdin")

    return _change(settings, args.user_name, change, ask)


Change = Callable[[Session, StaffUser, str], str]  # the account, what was typed -> what was done


def _change(
    settings: Settings, user_name: str, change: Change, ask: Callable[[], str] | None = None
) -> int:
    """Find the account, ask for a password or PIN (with no transaction open while a
    person types), make the change, commit it and say what was done."""
    database = existing_database(settings)
    if database is None:
        raise AccountProblem(f'No staff account has the user name "{user_name}": {_NO_DATABASE}')
    try:
        with database.session() as session:
            _account(session, user_name)
        typed = ask() if ask else ""
        with database.session() as session:
            said = change(session, _account(session, user_name), typed)
            session.commit()
    finally:
        database.dispose()
    print(said)
    return 0


def _account(session: Session, user_name: str) -> StaffUser:
    person = staff_by_user_name(session, user_name)
    if person is None:
        raise AccountProblem(
            f'No staff account has the user name "{user_name}" (intake-app users list shows them).'
        )
    return person


_NO_DATABASE = "this machine has no intake database yet."


def _secret(what: str, from_stdin: bool, flag: str) -> str:
    """A password or PIN: the first line of standard input, or asked twice on the terminal."""
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise AccountProblem(
            f"There is no terminal to ask for the {what}: give it on standard input with {flag}."
        )
    first = getpass.getpass(f"New {what} for the account: ")
    if getpass.getpass(f"The same {what} again: ") != first:
        raise AccountProblem(f"The two {what}s differ.")
    return first


_ACTIONS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "add": add,
    "list": list_people,
    "deactivate": deactivate_person,
    "reactivate": reactivate_person,
    "reset-password": reset,
    "set-pin": pin,
}
