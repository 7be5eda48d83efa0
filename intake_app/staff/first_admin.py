"""The first run: the clinic's first administrator, set up on the tablet itself.

While no active administrator exists (``manage.needs_first_admin``) the tablet
opens a set-up screen instead of the locked kiosk. What it asks is checked here,
each field on its own, so the screen can say every problem next to its field in
the words of the account rules (``AccountProblem``); nothing is stored until all
of it is right. The person is added as at the command line (``by=None``: nobody
is signed in yet) with the admin role, and the nurse role too when they also work
with patients on the tablet (a one-person clinic), then given their tablet PIN.
There is no default password: the person chooses theirs, and types it twice.
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from intake_app.questionnaire.typed_text import says_nothing, text_problem
from intake_app.staff.manage import NewPerson, add_person, needs_first_admin, set_pin
from intake_app.staff.rules import (
    NAME_LIMIT,
    AccountProblem,
    Role,
    check_password,
    check_pin,
    checked_display_name,
    checked_user_name,
)
from intake_app.storage.staff import UserNameTaken
from intake_app.storage.tables import StaffUser

CLINIC_NAME, DISPLAY_NAME, USER_NAME = "clinic_name", "display_name", "user_name"
PASSWORD, PASSWORD_AGAIN, PIN, PIN_AGAIN = "password", "password_again", "pin", "pin_again"
ADMIN_EXISTS = (
    "An administrator was added already (at another station or at the command line): "
    "this tablet needs no set-up."
)
PASSWORDS_DIFFER = "The two passwords differ: type the same password twice."
PINS_DIFFER = "The two PINs differ: type the same PIN twice."


@dataclass(frozen=True)
class FirstAdmin:
    """What the set-up screen asks."""

    clinic_name: str
    display_name: str  # as printed next to what they do
    user_name: str
    password: str
    password_again: str
    pin: str
    pin_again: str
    nurse: bool = False  # also works with patients on the tablet

    @property
    def roles(self) -> list[str]:
        return [Role.ADMIN, Role.NURSE] if self.nurse else [Role.ADMIN]


def problems_of(entry: FirstAdmin) -> dict[str, str]:
    """Each field's problem in plain words (none: nothing is wrong); nothing is stored."""
    problems = {
        CLINIC_NAME: _clinic_name_problem(entry.clinic_name),
        DISPLAY_NAME: _problem(checked_display_name, entry.display_name),
        USER_NAME: _problem(checked_user_name, entry.user_name),
        PASSWORD: _problem(_password_rule(entry.user_name.strip()), entry.password),
        PIN: _problem(check_pin, entry.pin),
    }
    if not problems[PASSWORD] and entry.password_again != entry.password:
        problems[PASSWORD_AGAIN] = PASSWORDS_DIFFER
    if not problems[PIN] and entry.pin_again != entry.pin:
        problems[PIN_AGAIN] = PINS_DIFFER
    return {field: problem for field, problem in problems.items() if problem}


def add_first_admin(session: Session, entry: FirstAdmin) -> StaffUser:
    """Add the first administrator with their PIN. AccountProblem when an administrator
    exists already (``ADMIN_EXISTS``) or a field breaks a rule (``problems_of`` says which);
    UserNameTaken (``storage.staff``) for a user name on file."""
    if not needs_first_admin(session):
        raise AccountProblem(ADMIN_EXISTS)
    problems = problems_of(entry)
    if problems:
        raise AccountProblem(next(iter(problems.values())))
    new = NewPerson(entry.display_name, entry.user_name, entry.roles, entry.password)
    person = add_person(session, new, by=None)
    return set_pin(session, person, entry.pin, by=None)


def clinic_name_of(entry: FirstAdmin) -> str:
    """The clinic's name as it is kept (trimmed)."""
    return entry.clinic_name.strip()


def _clinic_name_problem(text: str) -> str:
    name = text.strip()
    if says_nothing(name):
        return "Type the clinic's name: it is printed at the top of every chart document."
    if text_problem(name, one_line=True, identifier=True) is not None:
        return (
            "The clinic's name must be one line, without control or invisible characters: "
            "type it again."
        )
    if len(name) > NAME_LIMIT:
        return f"The clinic's name is too long: at most {NAME_LIMIT} characters."
    return ""


def _password_rule(user_name: str) -> Callable[[str], None]:
    return lambda password: check_password(password, user_name=user_name)


def _problem(check: Callable[[str], object], text: str) -> str:
    try:
        check(text)
    except AccountProblem as problem:
        return str(problem)
    return ""


def pin_rule() -> str:
    """What a PIN must be, in the words of the rule."""
    return _problem(check_pin, "12")


def longest_problems() -> dict[str, list[str]]:
    """For each field, the problems it can show, so a screen can keep room for them."""
    invisible = "a\u200bb"  # an invisible character: the longest words for a name
    return {
        CLINIC_NAME: [_clinic_name_problem(""), _clinic_name_problem(invisible)],
        DISPLAY_NAME: [_problem(checked_display_name, invisible)],
        USER_NAME: [
            _problem(checked_user_name, invisible),
            str(UserNameTaken("x" * 16)),  # a user name of a usual length
        ],
        PASSWORD: [
            _problem(_password_rule("x"), "short"),
            _problem(_password_rule("x"), "a tab\there, long enough"),
        ],
        PASSWORD_AGAIN: [PASSWORDS_DIFFER],
        PIN: [pin_rule()],
        PIN_AGAIN: [PINS_DIFFER, pin_rule()],  # a letter typed is said in either field
    }
