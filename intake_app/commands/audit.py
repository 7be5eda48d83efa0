"""``intake-app audit verify | show --intake ID``: the audit trail, for authorised staff.

Both read through ``services.audit_trail``, as the command line (``Actor.console``).

``verify`` walks the hash chain and names the first event that is altered, missing,
inserted or out of place, by its sequence number only; then it checks every document
on file: its file is there, its seal holds (when this machine has the clinic's
certificate) and the audit trail still holds the head sealed in it (``chart.anchor``).
A document that contradicts the trail is named by its id and file name. Exit 0 when
all holds, 1 when anything does not, 2 when this machine has no database (or it
cannot be read).

``show`` prints one intake's history, oldest first, one line per event: local time,
who, what (``audit_words``). It is the record's history for staff at the terminal,
not a log: answers are shown with their old and new values.
"""

from __future__ import annotations

import argparse
import sys

from intake_app.commands.audit_words import event_line
from intake_app.services.actor import Actor
from intake_app.services.audit_trail import AuditTrail, DocumentsChecked, TrailChecked
from intake_app.services.this_machine import UnreadableDatabase, existing_database
from intake_app.settings import Settings, load_settings

NO_DATABASE = "intake-app: this machine has no intake database yet; there is no audit trail."
UNREADABLE = (
    "intake-app: the intake database's audit trail cannot be read ({kind}); it may have "
    "been made by an older version of the app, or the server does not answer."
)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        database = existing_database(settings)
    except UnreadableDatabase as exc:
        print(UNREADABLE.format(kind=type(exc).__name__), file=sys.stderr)
        return 2
    if database is None:
        print(NO_DATABASE, file=sys.stderr)
        return 2
    trail = AuditTrail(database, Actor.console(settings.device_id()))
    try:
        if args.audit_command == "verify":
            return verify(trail, settings)
        return show(trail, args.intake)
    except UnreadableDatabase as exc:
        print(UNREADABLE.format(kind=type(exc).__name__), file=sys.stderr)
        return 2
    finally:
        database.dispose()


# --- verify -------------------------------------------------------------------------------


def verify(trail: AuditTrail, settings: Settings) -> int:
    """The chain, then every document; 0 only when both hold."""
    checked = trail.verify(settings)
    print(_chain_line(checked))
    for line in checked.documents.problems:
        print(line)
    print(summary(checked.documents))
    return 0 if checked.holds else 1


def _chain_line(checked: TrailChecked) -> str:
    chain = checked.chain
    if chain.problem:
        return f"Audit trail: NOT INTACT: {chain.problem}"
    return (
        f"Audit trail: intact, {chain.events} event(s); "
        f"head: event {chain.last.sequence}, sha256 {chain.last.sha256}"
    )


def summary(documents: DocumentsChecked) -> str:
    """How many documents were checked and what was found, in a line or two."""
    parts = [f"Documents: {documents.checked} checked"]
    if documents.problems:
        parts.append(f"{len(documents.problems)} contradict the audit trail or are missing")
    elif documents.checked:
        parts.append("each holds a head the audit trail still has")
    if documents.unanchored:
        parts.append(f"{documents.unanchored} made before documents carried the head")
    said = "; ".join(parts) + "."
    if documents.seals_unchecked and documents.checked:
        said += f"\nSeals not checked: {documents.seals_unchecked}"
    return said


# --- show ---------------------------------------------------------------------------------


def show(trail: AuditTrail, intake_id: str) -> int:
    events = trail.history(intake_id)
    if not events:
        print(f"intake-app: no audit events for intake {intake_id!r}", file=sys.stderr)
        return 1
    for event in events:
        print(event_line(event))
    return 0
