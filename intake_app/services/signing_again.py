"""Signing with the password again: what a review and an attestation share.

An electronic signature outside a continuous session needs both of its parts (the
user name, known from the person signed in, and the password) given at the moment
of signing (21 CFR 11.200). A wrong password is refused, counts towards the
lock-out like any wrong password, and is written to the audit trail; it is
checked in its own transaction, so the wrong try is kept whatever the caller
does next. The time printed with a signature is local, with its zone.
"""

from __future__ import annotations

import datetime as dt

from intake_app.consent.progress import local_time_zone
from intake_app.services.actor import Actor
from intake_app.settings import StaffSettings
from intake_app.staff.sign_in import SignIn, check_secret
from intake_app.storage.db import Database
from intake_app.storage.tables import StaffUser

__all__ = ["WrongPassword", "check_password_again", "signed_when", "staff_id_of"]


class WrongPassword(PermissionError):
    """The password given to sign was refused; ``sign_in`` says why (wrong, locked)."""

    def __init__(self, sign_in: SignIn) -> None:
        super().__init__(sign_in.message or "The password is wrong.")
        self.sign_in = sign_in


def check_password_again(
    database: Database, by: Actor, password: str, *, rules: StaffSettings, now: dt.datetime
) -> None:
    """``WrongPassword`` unless ``password`` is the password of ``by``, who is signing now."""
    with database.session() as session:
        person = session.get(StaffUser, staff_id_of(by))
        if person is None:
            raise LookupError("the person signing is not on file")
        checked = check_secret(session, person, password, now, rules=rules, station=by.workstation)
    if not checked.ok:
        raise WrongPassword(checked)


def staff_id_of(by: Actor) -> str:
    """The staff id of the person signing; only a person on the staff signs."""
    if by.staff_id is None:
        raise LookupError("only a person on the staff signs")
    return by.staff_id


def signed_when(at: dt.datetime) -> str:
    """When a signature was made, as its meaning prints it: ``2026-12-01 14:05 CST (UTC-06:00)``."""
    local = at.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local_time_zone(local)}"
