"""Who is acting: a staff member, the patient of one intake, the system itself, or
someone at this machine's command line."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from intake_app.staff.audit import actor_name
from intake_app.staff.rules import Role
from intake_app.storage.audit import Acting


class ActorKind(enum.StrEnum):
    STAFF = "staff"
    PATIENT = "patient"  # the patient holding the tablet, for their own intake only
    SYSTEM = "system"  # the app itself: making missing documents, cleaning up
    CONSOLE = "command line"  # someone at this machine's command line (``intake-app ...``)


@dataclass(frozen=True)
class Actor:
    """The person (or the app) a service call is made for.

    ``name`` is what the audit trail and the chart print; ``intake_id`` is the one
    intake a patient may touch; ``workstation`` is the tablet or station acting.
    """

    kind: ActorKind
    name: str
    staff_id: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    intake_id: str | None = None
    workstation: str | None = None

    @classmethod
    def staff(
        cls, staff_id: str, name: str, roles: frozenset[Role], workstation: str | None = None
    ) -> Actor:
        return cls(ActorKind.STAFF, name, staff_id, roles, None, workstation)

    @classmethod
    def patient(cls, intake_id: str, workstation: str | None = None) -> Actor:
        return cls(ActorKind.PATIENT, "patient", intake_id=intake_id, workstation=workstation)

    @classmethod
    def system(cls, workstation: str | None = None) -> Actor:
        return cls(ActorKind.SYSTEM, "system", workstation=workstation)

    @classmethod
    def console(cls, workstation: str | None = None) -> Actor:
        """Someone at this machine's command line: whoever can run the app's commands can
        open its database without the app anyway, so the console may do what they could
        (``permissions.CONSOLE_MAY``), never what only the patient or clinical staff may
        (answer, sign, release a hold)."""
        return cls(ActorKind.CONSOLE, "the command line", workstation=workstation)

    @property
    def audit_name(self) -> str:
        """How the audit trail names the actor: ``staff:<id>``, ``patient`` or ``system``.

        The command line is ``system``, as ``staff.audit`` has always named the changes
        made there (its events say ``via: command line``), so old and new rows read alike.
        """
        if self.kind is ActorKind.STAFF:
            return f"staff:{self.staff_id}"
        if self.kind is ActorKind.CONSOLE:
            return actor_name(None)
        return self.kind.value

    @property
    def acting(self) -> Acting:
        """How the audit trail names this actor, for the storage functions."""
        return Acting(self.audit_name, self.role_names or None)

    @property
    def role_names(self) -> str:
        """The roles, for the audit trail (``nurse+records``); "" for a patient or the app."""
        return "+".join(sorted(role.value for role in self.roles))
