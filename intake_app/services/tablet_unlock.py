"""Staff unlock a tablet with their own account: their user name and their own PIN.

There is no shared PIN. ``staff.sign_in.unlock_with_pin`` checks the PIN under the
account's lock-out rules (``[staff]`` settings) and writes every try to the audit
trail; the try is committed whatever the answer, so a wrong PIN counts towards
the lock-out on every tablet. The person's roles then decide whether they may
do what the screen leads to (``services.permissions``): the staff screen needs a
role that starts intakes, a patient held for staff needs one that releases holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, allowed
from intake_app.settings import StaffSettings
from intake_app.staff.rules import Role
from intake_app.staff.sign_in import SignIn, unlock_with_pin
from intake_app.storage.db import Database
from intake_app.storage.staff import all_staff
from intake_app.storage.tables import StaffUser


@dataclass(frozen=True)
class Unlock:
    """The answer to one try: who unlocked (``actor``), or why not (``refused``, or a
    right PIN whose roles do not allow ``needed``)."""

    sign_in: SignIn
    actor: Actor | None
    needed: Permission

    @property
    def accepted(self) -> bool:
        return self.actor is not None and allowed(self.actor, self.needed)


def staff_actor(person: StaffUser, workstation: str | None) -> Actor:
    """The person as the actor of what they do on this tablet."""
    roles = frozenset(Role(role) for role in person.roles)
    return Actor.staff(person.id, person.display_name, roles, workstation)


def unlock_tablet(
    database: Database,
    user_name: str,
    pin: str,
    *,
    needed: Permission,
    now: dt.datetime,
    rules: StaffSettings,
    device: str,
) -> Unlock:
    """Check a person's PIN on tablet ``device``, for a screen that needs ``needed``."""
    with database.session() as session:  # committed whatever the answer
        signed = unlock_with_pin(session, user_name, pin, now, rules=rules, station=device)
        actor = None if signed.person is None else staff_actor(signed.person, device)
    return Unlock(signed, actor, needed)


def someone_can_unlock(database: Database) -> bool:
    """Whether an active person with a PIN may work with patients on a tablet."""
    with database.session() as session:
        people = all_staff(session, active_only=True)
        return any(
            person.pin_hash and allowed(staff_actor(person, None), Permission.START_INTAKE)
            for person in people
        )
