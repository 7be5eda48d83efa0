"""The account events of the audit trail: log-ins, wrong tries, lock-outs and every change.

Every event goes through ``record_account_event``, the one place that knows how
the trail is written: the trail's own writer, ``storage.audit.append_event``
(``storage.intakes.audit`` needs an intake; these events have none), which
chains the event in the caller's transaction.

The actor is ``staff:<id>`` of the person who acted (``actor_role``: their
roles), or ``system`` for a change made at this machine's command line
(``detail["via"]`` says so) and for a wrong try (whoever typed it is not known).
``detail["staff_user_id"]`` names the account; ``workstation`` is the station's
id when the caller gives it, else the session's (``storage.audit.WORKSTATION``).
No event holds a password, a PIN or a hash, nor the text typed as an unknown user
name: people type their password into that field by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from intake_app.storage.audit import append_event
from intake_app.storage.tables import StaffUser

# Each action, and what it records beyond staff_user_id.
ACTIONS: dict[str, str] = {
    "staff_logged_in": "via (password | pin)",
    "staff_login_failed": "via, reason, failed_tries (a user name not on file: no account)",
    "staff_locked_out": "via, failed_tries, locked_until (ISO 8601, UTC)",
    "staff_added": "user_name, display_name, roles, via",
    "staff_deactivated": "user_name, via",
    "staff_reactivated": "user_name, via",
    "staff_password_reset": "user_name, lock_cleared, via",
    "staff_password_changed": "user_name, via",
    "staff_pin_set": "user_name, replaced (a PIN was set before), via",
}
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class AccountEvent:
    """One account event, before it is written to the trail."""

    action: str
    actor: str  # staff:<id> | system
    staff_user_id: str | None  # whose account; None for a user name not on file
    detail: Mapping[str, Any] = field(default_factory=dict)
    actor_role: str | None = None  # the acting person's roles, e.g. "admin+nurse"
    workstation: str | None = None  # the station's id; None: the session's


def record_account_event(session: Session, event: AccountEvent) -> None:
    """Add the event to the audit trail in the caller's transaction."""
    if event.action not in ACTIONS:
        raise ValueError(f"'{event.action}' is not an account event")
    append_event(
        session,
        actor=event.actor,
        action=event.action,
        detail={"staff_user_id": event.staff_user_id, **event.detail},
        workstation=event.workstation,
        actor_role=event.actor_role,
    )


def actor_name(by: StaffUser | None) -> str:
    """The audit actor of a change made by ``by`` (None: this machine's command line)."""
    return f"staff:{by.id}" if by is not None else "system"


def roles_of(by: StaffUser | None) -> str | None:
    """The acting person's roles as the trail keeps them ("admin+nurse", as
    ``services.actor.Actor.role_names``), if a person acted."""
    return "+".join(sorted(by.roles)) if by is not None else None


def via(by: StaffUser | None) -> str:
    """Where a change was made: on a staff screen, or at this machine's command line."""
    return "staff screen" if by is not None else COMMAND_LINE
