"""Logging in with a password, unlocking a tablet with a PIN, and the lock-out.

``log_in`` and ``unlock_with_pin`` return a ``SignIn``: the person, or why not,
in words for the screen. A wrong password and a user name not on file get the
same words and take as long, so a refusal never tells whether a user name
exists. ``[staff] failed_tries_to_lock`` wrong tries in a row (passwords and
PINs alike, at any station) lock the account for ``lock_minutes``; the refusal
says until when ("locked until 14:32", the station's local time, rounded up to
the minute). While locked, a password or PIN is not even checked. A right
password of a deactivated account is refused as such; a right one resets the
count.

Nothing here commits: the caller commits whatever the result, since a wrong try
must be kept. Every try is written to the audit trail (see ``staff.audit``).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session

from intake_app.settings import StaffSettings
from intake_app.staff.audit import AccountEvent, actor_name, record_account_event, roles_of
from intake_app.staff.rules import (
    SecretCheck,
    check_password_hash,
    check_pin_hash,
    spend_checking_time,
)
from intake_app.storage.staff import (
    clear_wrong_tries,
    count_wrong_try,
    save_staff,
    staff_by_user_name,
)
from intake_app.storage.tables import StaffUser

Secret = Literal["password", "pin"]
WRONG = {
    "password": "The user name or the password is wrong.",
    "pin": "The user name or the PIN is wrong.",
}
INACTIVE = "This account is deactivated: an administrator can reactivate it."


class Refusal(enum.Enum):
    """Why a password or PIN did not let the person in."""

    WRONG = "wrong"  # a wrong password or PIN, or a user name not on file (the same words)
    LOCKED = "locked"  # too many wrong tries in a row; ``locked_until`` says until when
    INACTIVE = "inactive"  # the right password, but the account is deactivated


@dataclass(frozen=True)
class SignIn:
    """The person who is now in, or the refusal and its words for the screen."""

    person: StaffUser | None
    refusal: Refusal | None = None
    message: str = ""
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.person is not None


def log_in(
    session: Session,
    user_name: str,
    password: str,
    now: dt.datetime,
    *,
    rules: StaffSettings | None = None,
    station: str | None = None,
) -> SignIn:
    """Let a person in with their password (``station``: where, for the audit trail)."""
    return _sign_in(
        session, user_name, password, now, kind="password", rules=rules, station=station
    )


def unlock_with_pin(
    session: Session,
    user_name: str,
    pin: str,
    now: dt.datetime,
    *,
    rules: StaffSettings | None = None,
    station: str | None = None,
) -> SignIn:
    """Let a person unlock a tablet with their PIN; a PIN is never taken as a password."""
    return _sign_in(session, user_name, pin, now, kind="pin", rules=rules, station=station)


def _sign_in(
    session: Session,
    user_name: str,
    secret: str,
    now: dt.datetime,
    *,
    kind: Secret,
    rules: StaffSettings | None,
    station: str | None,
) -> SignIn:
    _check_aware(now)
    person = staff_by_user_name(session, user_name)
    if person is None:
        spend_checking_time()
        _event(session, "staff_login_failed", None, kind, station, reason="no such user name")
        return SignIn(None, Refusal.WRONG, WRONG[kind])
    result = check_secret(session, person, secret, now, kind=kind, rules=rules, station=station)
    if result.ok:
        _event(session, "staff_logged_in", person, kind, station, actor=person)
    return result


def check_secret(
    session: Session,
    person: StaffUser,
    secret: str,
    now: dt.datetime,
    *,
    kind: Secret = "password",
    rules: StaffSettings | None = None,
    station: str | None = None,
) -> SignIn:
    """Check ``person``'s password or PIN under the lock-out rules; a wrong one counts.

    Also for a change that needs the old password. Refusals are written to the audit
    trail; a success is the caller's to record. ``person`` must be of ``session``.
    """
    _check_aware(now)
    rules = rules or StaffSettings()
    if is_locked(person, now):
        _event(session, "staff_login_failed", person, kind, station, reason="locked")
        return _locked(person, now)
    check = _check(person, secret, kind)
    if not check.right:
        return _wrong_try(session, person, now, kind=kind, rules=rules, station=station)
    if not person.active:
        _event(session, "staff_login_failed", person, kind, station, reason="deactivated")
        return SignIn(None, Refusal.INACTIVE, INACTIVE)
    if not clear_wrong_tries(session, person, now=now):  # another station locked it just now
        return _locked(person, now)
    if check.new_hash:
        _renew(session, person, kind, check.new_hash)
    return SignIn(person)


def is_locked(person: StaffUser, now: dt.datetime) -> bool:
    return person.locked_until is not None and person.locked_until > now


def _check(person: StaffUser, secret: str, kind: Secret) -> SecretCheck:
    if kind == "pin":
        return check_pin_hash(person.pin_hash, secret)
    return check_password_hash(person.password_hash, secret)


def _renew(session: Session, person: StaffUser, kind: Secret, new_hash: str) -> None:
    """Keep the hash remade with argon2-cffi's current parameters."""
    if kind == "pin":
        person.pin_hash = new_hash
    else:
        person.password_hash = new_hash
    save_staff(session, person)


def _wrong_try(
    session: Session,
    person: StaffUser,
    now: dt.datetime,
    *,
    kind: Secret,
    rules: StaffSettings,
    station: str | None,
) -> SignIn:
    until = now + dt.timedelta(minutes=rules.lock_minutes)
    limit = rules.failed_tries_to_lock
    count = count_wrong_try(session, person, lock_after=limit, locked_until=until)
    _event(
        session,
        "staff_login_failed",
        person,
        kind,
        station,
        reason=f"wrong {kind}",
        failed_tries=count,
    )
    if count < limit:
        return SignIn(None, Refusal.WRONG, WRONG[kind])
    _event(
        session,
        "staff_locked_out",
        person,
        kind,
        station,
        failed_tries=count,
        locked_until=until.isoformat(),
    )
    return SignIn(
        None,
        Refusal.LOCKED,
        f"{WRONG[kind]} After {count} wrong tries in a row, the account is locked until "
        f"{clock_time(until, now)}.",
        until,
    )


def _locked(person: StaffUser, now: dt.datetime) -> SignIn:
    until = person.locked_until
    assert until is not None
    return SignIn(
        None,
        Refusal.LOCKED,
        f"This account is locked until {clock_time(until, now)} after too many wrong tries "
        "in a row. Try again then, or ask an administrator to reset the password.",
        until,
    )


def clock_time(moment: dt.datetime, now: dt.datetime) -> str:
    """``moment`` on this station's clock, rounded up to the minute ("14:32"), with the
    date when it is not today."""
    local = moment.astimezone()
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    if local.date() != now.astimezone().date():
        return f"{local:%Y-%m-%d %H:%M}"
    return f"{local:%H:%M}"


def _event(
    session: Session,
    action: str,
    person: StaffUser | None,
    kind: Secret,
    station: str | None,
    *,
    actor: StaffUser | None = None,  # None: whoever typed a wrong password is not known
    **detail: Any,
) -> None:
    record_account_event(
        session,
        AccountEvent(
            action=action,
            actor=actor_name(actor),
            staff_user_id=person.id if person else None,
            detail={"via": kind, **detail},
            actor_role=roles_of(actor),
            workstation=station,
        ),
    )


def _check_aware(now: dt.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("the time of a log-in must be timezone-aware")
