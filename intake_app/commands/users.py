"""``intake-app users add | list | deactivate | reactivate | reset-password | set-pin``.

Staff accounts at this machine's command line; the first administrator is added
here::

    intake-app users add "Ana López" --user-name ana --role admin --role nurse

Passwords and PINs are asked twice without being shown, or read from the first
line of standard input with ``--password-stdin`` / ``--pin-stdin`` (for
scripts). There is no default password. Input that breaks a rule, or a user name
not on file, exits 2 with a plain message and changes nothing. Each change is one
call of ``services.people`` made as the command line (``Actor.console``), written
to the audit trail as made at the command line (``staff.audit``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable

from intake_app.services.actor import Actor
from intake_app.services.people import (
    AccountProblem,
    NewPerson,
    People,
    PersonOnFile,
    UserNameTaken,
)
from intake_app.services.this_machine import existing_database, open_database
from intake_app.settings import Settings, load_settings
from intake_app.staff.rules import checked_display_name, checked_roles, checked_user_name
from intake_app.staff.sign_in import clock_time

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
    database = open_database(settings)  # the first administrator makes the database
    try:
        people = People(database, _console(settings))
        if people.find(new.user_name) is not None:
            raise UserNameTaken(new.user_name)
        password = _secret("password", args.password_stdin, "--password-stdin")
        person = people.add(_with_password(new, password))
    finally:
        database.dispose()
    print(f"Added {person.user_name} ({person.display_name}), roles: {', '.join(person.roles)}.")
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
        people = People(database, _console(settings))
        on_file = people.on_file()
        first_run = people.needs_first_admin()
    finally:
        database.dispose()
    print("user name\tname\troles\tactive\tlocked\tPIN")
    now = dt.datetime.now(dt.UTC)
    for person in on_file:
        print("\t".join(_row(person, now)))
    print(f"{len(on_file)} staff account(s)", file=sys.stderr)
    if first_run:
        print(f"No active administrator: add one with: {FIRST_ADMIN}", file=sys.stderr)
    return 0


def _row(person: PersonOnFile, now: dt.datetime) -> list[str]:
    until = person.locked_until
    return [
        person.user_name,
        person.display_name,
        ",".join(person.roles),
        "yes" if person.active else "no",
        f"until {clock_time(until, now)}" if until else "no",
        "set" if person.has_pin else "none",
    ]


def deactivate_person(settings: Settings, args: argparse.Namespace) -> int:
    def change(people: People, user_name: str, _typed: str) -> str:
        person = people.deactivate(user_name)
        return (
            f"Deactivated {person.user_name}: they can no longer log in or unlock a tablet; "
            "what they did stays under their name."
        )

    return _change(settings, args.user_name, change)


def reactivate_person(settings: Settings, args: argparse.Namespace) -> int:
    def change(people: People, user_name: str, _typed: str) -> str:
        person = people.reactivate(user_name)
        return f"Reactivated {person.user_name}: they can log in again."

    return _change(settings, args.user_name, change)


def reset(settings: Settings, args: argparse.Namespace) -> int:
    def change(people: People, user_name: str, password: str) -> str:
        done = people.reset_password(user_name, password)
        unlocked = " The account is no longer locked." if done.unlocked else ""
        return f"New password set for {done.person.user_name}.{unlocked}"

    def ask() -> str:
        return _secret("password", args.password_stdin, "--password-stdin")

    return _change(settings, args.user_name, change, ask)


def pin(settings: Settings, args: argparse.Namespace) -> int:
    def change(people: People, user_name: str, typed_pin: str) -> str:
        person = people.set_pin(user_name, typed_pin)
        return f"PIN set for {person.user_name} (it unlocks a tablet; it is never a password)."

    def ask() -> str:
        return _secret("PIN", args.pin_stdin, "--pin-stdin")

    return _change(settings, args.user_name, change, ask)


Change = Callable[[People, str, str], str]  # the people, a user name, what was typed -> said


def _change(
    settings: Settings, user_name: str, change: Change, ask: Callable[[], str] | None = None
) -> int:
    """Find the account, ask for a password or PIN (with no transaction open while a
    person types), make the change (one service call) and say what was done."""
    database = existing_database(settings)
    if database is None:
        raise AccountProblem(f'No staff account has the user name "{user_name}": {_NO_DATABASE}')
    try:
        people = People(database, _console(settings))
        if people.find(user_name) is None:
            raise AccountProblem(
                f'No staff account has the user name "{user_name}" '
                "(intake-app users list shows them)."
            )
        typed = ask() if ask else ""
        said = change(people, user_name, typed)
    finally:
        database.dispose()
    print(said)
    return 0


_NO_DATABASE = "this machine has no intake database yet."


def _console(settings: Settings) -> Actor:
    """Whoever runs this command, at this machine (named ``system`` in the audit trail,
    "via: command line", as ``staff.audit`` names changes made here)."""
    return Actor.console(settings.device_id())


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
