"""Whether the audit trail's hash chain is intact, as ``intake-app audit verify`` checks it
(``storage.audit_check.check_chain``): the first event altered, missing, inserted or out
of place is named by its number only. The heads sealed in the documents are checked with
each document (``doctor_checks.documents``)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from intake_app.services.doctor_checks.findings import Finding, ok, problem
from intake_app.storage.audit_check import check_chain

CHECK = "Audit trail"
INVESTIGATE = (
    "Someone changed the audit trail around the app (the app only adds to it). Change "
    "nothing else: make a copy for the investigation now (`intake-app backup DIR`). To see "
    "what was changed, restore the latest backup made before it into an empty folder "
    "elsewhere (`intake-app restore DIR`) and compare. Find out who can write the database "
    "directly (docs/storage.md: the app's own database role must not own the tables)."
)


def check_audit_chain(engine: Engine) -> Finding:
    with Session(engine) as session:
        report = check_chain(session)
    if report.problem:
        return problem(
            CHECK,
            f"The audit trail is not intact: {report.problem}.",
            INVESTIGATE,
        )
    return ok(
        CHECK,
        f"The audit trail is intact: {report.events} event(s), each hash checked.",
    )
