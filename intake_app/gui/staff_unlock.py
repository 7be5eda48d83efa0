"""Staff unlock the tablet with their own account: their user name and their own PIN.

There is no shared PIN. ``staff.sign_in.unlock_with_pin`` checks the PIN under the
account's lock-out rules (``[staff]`` settings) and writes every try to the audit
trail; the try is stored whatever the answer, so a wrong PIN counts towards the
lock-out on every tablet. The person's roles then decide whether they may do
what the screen leads to (``services.permissions``): the staff screen needs a
role that starts intakes, a patient held for staff needs one that releases holds.
"""

from __future__ import annotations

import datetime as dt

from intake_app.gui.app_services import AppServices
from intake_app.gui.screens.pin_pad import PinPad
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, allowed
from intake_app.staff.rules import Role
from intake_app.staff.sign_in import unlock_with_pin
from intake_app.storage.staff import all_staff
from intake_app.storage.tables import StaffUser


def staff_actor(person: StaffUser, workstation: str | None) -> Actor:
    """The person as the actor of what they do on this tablet."""
    roles = frozenset(Role(role) for role in person.roles)
    return Actor.staff(person.id, person.display_name, roles, workstation)


def unlock(
    services: AppServices,
    pad: PinPad,
    user_name: str,
    pin: str,
    *,
    needed: Permission,
    now: dt.datetime,
) -> Actor | None:
    """The person who unlocked, when their roles allow ``needed``; else None, and ``pad``
    says why (wrong, locked until when, deactivated, or a role that may not)."""
    with services.database.session() as session:  # committed whatever the answer
        signed = unlock_with_pin(
            session,
            user_name,
            pin,
            now,
            rules=services.settings.clinic.staff,
            station=services.device_id,
        )
        actor = None if signed.person is None else staff_actor(signed.person, services.device_id)
    if actor is None:
        pad.refused(signed, now)
        return None
    if not allowed(actor, needed):
        pad.not_permitted(needed)
        return None
    return actor


def someone_can_unlock(services: AppServices) -> bool:
    """Whether an active person with a PIN may work with patients on this tablet."""
    with services.database.session() as session:
        people = all_staff(session, active_only=True)
        return any(
            person.pin_hash and allowed(staff_actor(person, None), Permission.START_INTAKE)
            for person in people
        )
