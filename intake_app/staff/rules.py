"""What a staff account's user name, name, roles, password and PIN must be, and their hashes.

Passwords and PINs are kept only as Argon2id hashes made with argon2-cffi's own
default parameters (``PasswordHasher()``); a hash made with older parameters is
remade at the next right password or PIN (``check_needs_rehash``). A password
is compared in Unicode's compatibility form (NFKC), so an "é" typed as one
character or as "e" and an accent is the same password on every keyboard.

A PIN (4 to 8 digits) only unlocks a tablet for its person: it is never taken
as a password, and a password is at least 10 characters, so neither can stand
in for the other.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from intake_app.questionnaire.typed_text import TextProblem, says_nothing, text_problem
from intake_app.storage.tables import user_name_key


class Role(enum.StrEnum):
    """What a staff member does at the clinic; a person may have several roles. What each
    may do is the role matrix of ``intake_app.services.permissions`` (docs/roles.md)."""

    NURSE = "nurse"
    CLINICIAN = "clinician"
    RECORDS = "records"
    ADMIN = "admin"


# The roles a person may have, and what each lets them do, in words.
ROLES: dict[str, str] = {
    Role.NURSE: "reviews flagged answers and lets a held patient go on",
    Role.CLINICIAN: "may also decide on STOP flags",
    Role.RECORDS: "files chart documents",
    Role.ADMIN: "manages staff accounts",
}
USER_NAME_LIMIT = 64
NAME_LIMIT = 200  # as the tablet's name fields
PASSWORD_MIN = 10
PASSWORD_MAX = 256
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")

_HASHER = PasswordHasher()
_TEXT_PROBLEMS = {
    TextProblem.CONTROL: "holds a control character",
    TextProblem.LINE_BREAK: "must be one line",
    TextProblem.INVISIBLE: (
        "holds an invisible character (such as a direction mark or a zero-width space)"
    ),
}


class AccountProblem(ValueError):
    """What an account cannot take or do, in plain words that say what would be right.

    The message never holds a password or a PIN: it may reach a screen or a terminal.
    """


def checked_user_name(text: str) -> str:
    """The user name as it is kept (trimmed), or AccountProblem saying what is wrong."""
    user_name = text.strip()
    _check_identifier("user name", user_name, USER_NAME_LIMIT)
    return user_name


def checked_display_name(text: str) -> str:
    """The person's name as it is printed (trimmed), or AccountProblem."""
    name = text.strip()
    _check_identifier("name", name, NAME_LIMIT)
    return name


def _check_identifier(field: str, text: str, limit: int) -> None:
    problem = text_problem(text, one_line=True, identifier=True)
    if problem is not None:
        raise AccountProblem(f"The {field} {_TEXT_PROBLEMS[problem]}; type it again without it.")
    if says_nothing(text):
        raise AccountProblem(f"The {field} is blank.")
    if len(text) > limit:
        raise AccountProblem(f"The {field} is too long: at most {limit} characters.")


def checked_roles(roles: Iterable[str]) -> list[str]:
    """The roles, each once, in the order of ``ROLES``; AccountProblem for none or an
    unknown one."""
    wanted = {role.strip().casefold() for role in roles}
    unknown = sorted(wanted - ROLES.keys())
    if unknown:
        raise AccountProblem(
            f"Unknown role {', '.join(repr(role) for role in unknown)}: "
            f"a role is one of {', '.join(ROLES)}."
        )
    if not wanted:
        raise AccountProblem(f"A person needs at least one role: {', '.join(ROLES)}.")
    return [role for role in ROLES if role in wanted]


def check_password(password: str, *, user_name: str) -> None:
    """AccountProblem when ``password`` breaks a rule: at least 10 characters, not the user
    name, no control characters."""
    plain = _normalised(password)
    if len(plain) < PASSWORD_MIN:
        raise AccountProblem(f"The password is too short: use at least {PASSWORD_MIN} characters.")
    if len(plain) > PASSWORD_MAX:
        raise AccountProblem(f"The password is too long: at most {PASSWORD_MAX} characters.")
    if any(unicodedata.category(char) == "Cc" for char in plain):
        raise AccountProblem("The password holds a control character (such as a tab).")
    if user_name_key(plain) == user_name_key(user_name):
        raise AccountProblem("The password must not be the user name.")


def check_pin(pin: str) -> None:
    """AccountProblem unless ``pin`` is 4 to 8 digits."""
    if not PIN_PATTERN.match(pin):
        raise AccountProblem("The PIN must be 4 to 8 digits (0 to 9), nothing else.")


def hash_password(password: str, *, user_name: str) -> str:
    """The Argon2id hash of a password that follows the rules (else AccountProblem)."""
    check_password(password, user_name=user_name)
    return _HASHER.hash(_normalised(password))


def hash_pin(pin: str) -> str:
    """The Argon2id hash of a PIN of 4 to 8 digits (else AccountProblem)."""
    check_pin(pin)
    return _HASHER.hash(pin)


@dataclass(frozen=True)
class SecretCheck:
    """Whether a password or PIN is right, and its new hash when the stored one is outdated."""

    right: bool
    new_hash: str | None = None


def check_password_hash(stored_hash: str, password: str) -> SecretCheck:
    return _check(stored_hash, _normalised(password))


def check_pin_hash(stored_hash: str | None, pin: str) -> SecretCheck:
    """A person without a PIN takes as long to refuse as a wrong PIN."""
    if not stored_hash or not PIN_PATTERN.match(pin):
        spend_checking_time()
        return SecretCheck(right=False)
    return _check(stored_hash, pin)


def spend_checking_time() -> None:
    """Take as long as checking a password, for a user name not on file: how long a
    refusal takes must not tell whether the user name exists."""
    _check(_stand_in_hash(), "not the password")


def _check(stored_hash: str, secret: str) -> SecretCheck:
    try:
        _HASHER.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return SecretCheck(right=False)
    renewed = _HASHER.hash(secret) if _HASHER.check_needs_rehash(stored_hash) else None
    return SecretCheck(right=True, new_hash=renewed)


@cache
def _stand_in_hash() -> str:
    return _HASHER.hash("a stand-in that no one types")


def _normalised(password: str) -> str:
    return unicodedata.normalize("NFKC", password)
