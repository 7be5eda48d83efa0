"""Who may do what: the role matrix, checked by every service call.

``docs/roles.md`` shows the same matrix as a table; a test keeps the two equal.
A patient may act only on their own intake (answer it, read it, sign its
consent); the system may only make documents and clean up after a crash; the
command line may do what anyone able to open the database could (manage people,
read the audit trail, make, list and file documents, export), never a patient's acts.
"""

from __future__ import annotations

import enum

from intake_app.services.actor import Actor, ActorKind
from intake_app.staff.rules import Role


class Permission(enum.StrEnum):
    START_INTAKE = "start an intake"
    RESUME_INTAKE = "resume an intake"
    READ_INTAKE = "read an intake"
    ANSWER = "answer the questions"
    SIGN_CONSENT = "sign the consent"
    RELEASE_HOLD = "release a hold"
    DECIDE_STOP = "decide on a STOP flag"
    ACKNOWLEDGE_FLAG = "acknowledge a flag"
    SIGN_OFF_REVIEW = "sign off a review"
    ATTEST_CONSENT = "attest the consent explanation"
    MAKE_DOCUMENTS = "make missing documents"
    FILE_DOCUMENT = "file a document"
    LIST_DOCUMENTS = "list documents"
    EXPORT = "export"
    MANAGE_PEOPLE = "manage people"
    CHANGE_SETTINGS = "change settings"
    PUBLISH_FORMS = "publish a form version"
    READ_AUDIT = "read the audit trail"
    IMPORT_VISIT = "import a visit from a file"


P = Permission
STAFF_MATRIX: dict[Role, frozenset[Permission]] = {
    Role.NURSE: frozenset(
        {P.START_INTAKE, P.RESUME_INTAKE, P.READ_INTAKE, P.RELEASE_HOLD, P.ACKNOWLEDGE_FLAG,
         P.SIGN_OFF_REVIEW, P.MAKE_DOCUMENTS}
    ),
    Role.CLINICIAN: frozenset(
        {P.START_INTAKE, P.RESUME_INTAKE, P.READ_INTAKE, P.RELEASE_HOLD, P.DECIDE_STOP,
         P.ACKNOWLEDGE_FLAG, P.SIGN_OFF_REVIEW, P.ATTEST_CONSENT, P.MAKE_DOCUMENTS}
    ),
    Role.RECORDS: frozenset(
        {P.START_INTAKE, P.RESUME_INTAKE, P.READ_INTAKE, P.MAKE_DOCUMENTS, P.FILE_DOCUMENT,
         P.LIST_DOCUMENTS, P.EXPORT, P.READ_AUDIT}
    ),
    Role.ADMIN: frozenset({P.MANAGE_PEOPLE, P.CHANGE_SETTINGS, P.PUBLISH_FORMS, P.READ_AUDIT}),
}  # fmt: skip
# Their own intake only; "resume" is the tablet going back to it after a restart.
PATIENT_MAY = frozenset({P.RESUME_INTAKE, P.READ_INTAKE, P.ANSWER, P.SIGN_CONSENT})
SYSTEM_MAY = frozenset({P.MAKE_DOCUMENTS})
# Whoever runs the app's commands can open the database anyway; never a patient's acts.
CONSOLE_MAY = frozenset(
    {P.MANAGE_PEOPLE, P.READ_AUDIT, P.MAKE_DOCUMENTS, P.FILE_DOCUMENT, P.LIST_DOCUMENTS,
     P.EXPORT, P.IMPORT_VISIT, P.PUBLISH_FORMS}
)  # fmt: skip


class NotPermitted(PermissionError):
    """The actor may not do this. The message names the act and the roles that may."""

    def __init__(self, actor: Actor, permission: Permission) -> None:
        may = [role.value for role, allowed in STAFF_MATRIX.items() if permission in allowed]
        who = ", ".join(may) if may else "no staff role"
        super().__init__(f"{actor.name} may not {permission.value} (allowed for: {who})")
        self.permission = permission


def allowed(actor: Actor, permission: Permission, *, intake_id: str | None = None) -> bool:
    """Whether ``actor`` may do ``permission`` (on ``intake_id``, for a patient)."""
    if actor.kind is ActorKind.SYSTEM:
        return permission in SYSTEM_MAY
    if actor.kind is ActorKind.CONSOLE:
        return permission in CONSOLE_MAY
    if actor.kind is ActorKind.PATIENT:
        own = intake_id is not None and intake_id == actor.intake_id
        return own and permission in PATIENT_MAY
    return any(permission in STAFF_MATRIX[role] for role in actor.roles)


def require(actor: Actor, permission: Permission, *, intake_id: str | None = None) -> None:
    """Raise ``NotPermitted`` unless ``actor`` may do ``permission``."""
    if not allowed(actor, permission, intake_id=intake_id):
        raise NotPermitted(actor, permission)
