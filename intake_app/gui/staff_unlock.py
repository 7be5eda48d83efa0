"""The PIN pad's answer to a person's own user name and PIN (``services.tablet_unlock``)."""

from __future__ import annotations

import datetime as dt

from intake_app.gui.app_services import AppServices
from intake_app.gui.screens.pin_pad import PinPad
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission
from intake_app.services.tablet_unlock import unlock_tablet


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
    rules, device = services.settings.clinic.staff, services.device_id
    answer = unlock_tablet(
        services.database, user_name, pin, needed=needed, now=now, rules=rules, device=device
    )
    if answer.actor is None:
        pad.refused(answer.sign_in, now)
        return None
    if not answer.accepted:
        pad.not_permitted(needed)
        return None
    return answer.actor
