"""The audit trail as a hash chain: one writer, one canonical form, one head.

Every audit event is appended by ``append_event`` (``intakes.audit`` calls it), inside
the caller's transaction:

1. The head row (``audit_chain_head``, id 1) is updated first, to what it already
   holds (the trail's first event makes the row; two first writers make it once).
   That takes the lock every other writer waits for: the row lock on
   PostgreSQL, the database's write lock on SQLite. The same statement returns the
   head as it is once the lock is held (``RETURNING``), so
   two stations writing at the same moment still make one chain, whatever order
   their transactions commit in. The lock is held until the caller's transaction
   ends, so keep transactions that write audit events short. (With PostgreSQL's
   stricter isolation levels the second writer fails with a serialization error
   instead of waiting: the chain never forks, but the app expects the default,
   read committed.)
2. The event gets the next sequence number (1, 2, 3... with no gap), the head's
   hash as ``previous_sha256`` (``GENESIS_SHA256`` for the first event) and its own
   ``content_sha256``, the SHA-256 of ``canonical_content``.
3. The head is set to the new event. A rollback takes back the event and the head.

**The canonical content** of an event is the UTF-8 (in fact ASCII) bytes of one JSON
object holding exactly the fields of ``CHAINED_FIELDS`` (every column but ``id`` and
``content_sha256``): keys sorted, no spaces (``","`` and ``":"``), every character
beyond ASCII written as ``\\uXXXX``, no NaN or infinity. ``at`` is written in UTC as
ISO 8601 with microseconds (``2026-11-25T14:03:07.123456+00:00``), ``detail`` as
the JSON value stored. Since the sequence number and the previous hash are inside,
an event cannot be changed, removed, inserted or moved without changing every hash
after it. A new column of ``audit_event`` is not chained until it is added to
``CHAINED_FIELDS``, and adding one changes how earlier events hash: decide first how
old events are told apart (a test fails until a new column is chained or left out).

The chain proves the trail was not changed *after* a point someone else holds:
the sealed documents carry the head at the time they were made (see
``intake_app.services.filing``), and ``audit_check`` compares them with the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel

from intake_app.storage.db import WORKSTATION, refusals_as_such, utc_now
from intake_app.storage.tables import AuditEvent

__all__ = [
    "CHAINED_FIELDS",
    "GENESIS_SHA256",
    "SOME_STAFF",
    "WORKSTATION",
    "Acting",
    "AuditChainError",
    "ChainHead",
    "append_event",
    "canonical_content",
    "chain_head",
    "content_sha256",
]


class Acting(NamedTuple):
    """Who an audit event names: ``staff:<id>`` with their roles (``nurse+records``), or
    ``patient``, ``system``, ``import``."""

    actor: str = "staff"
    role: str | None = None


SOME_STAFF = Acting()  # staff, not yet named (a caller that cannot say who)
GENESIS_SHA256 = "0" * 64  # what the first event follows

CHAINED_FIELDS = (
    "sequence",
    "previous_sha256",
    "at",
    "actor",
    "actor_role",
    "workstation",
    "action",
    "intake_id",
    "patient_id",
    "item_id",
    "detail",
)


# Takes the lock and reads the head in one statement (SQLite 3.35 or later, PostgreSQL).
_LOCK_HEAD = (
    "UPDATE audit_chain_head SET sequence = sequence WHERE id = 1 RETURNING sequence, sha256"
)
_MAKE_HEAD = (
    "INSERT INTO audit_chain_head (id, sequence, sha256) "
    f"VALUES (1, 0, '{GENESIS_SHA256}') ON CONFLICT (id) DO NOTHING"
)
_READ_HEAD = "SELECT sequence, sha256 FROM audit_chain_head WHERE id = 1"
_MOVE_HEAD = "UPDATE audit_chain_head SET sequence = :sequence, sha256 = :sha256 WHERE id = 1"
_ADD_EVENT = insert(SQLModel.metadata.tables["audit_event"])


class AuditChainError(RuntimeError):
    """The audit trail holds events but its chain head is gone: no event can be chained."""


@dataclass(frozen=True)
class ChainHead:
    """The last event of the chain: its sequence number and ``content_sha256``
    (0 and ``GENESIS_SHA256`` while the trail is empty)."""

    sequence: int
    sha256: str


def canonical_content(event: AuditEvent, *, sequence: int | None = None) -> bytes:
    """The bytes an event's ``content_sha256`` is the SHA-256 of (see the module's notes).

    ``sequence`` replaces the event's own number: to tell whether an event that fails
    its hash was moved rather than changed.
    """
    fields: dict[str, Any] = {name: getattr(event, name) for name in CHAINED_FIELDS}
    if sequence is not None:
        fields["sequence"] = sequence
    return _canonical(fields)


def _canonical(fields: Mapping[str, Any]) -> bytes:
    """``canonical_content`` of an event's chained fields (``CHAINED_FIELDS``)."""
    written = {**fields, "at": fields["at"].astimezone(dt.UTC).isoformat(timespec="microseconds")}
    return json.dumps(
        written, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("utf-8")


def content_sha256(event: AuditEvent, *, sequence: int | None = None) -> str:
    return hashlib.sha256(canonical_content(event, sequence=sequence)).hexdigest()


def append_event(
    session: Session,
    *,
    actor: str,
    action: str,
    intake_id: str | None = None,
    patient_id: str | None = None,
    item_id: str | None = None,
    detail: dict[str, Any] | None = None,
    workstation: str | None = None,
    actor_role: str | None = None,
) -> ChainHead:
    """Number, chain and write one audit event in the caller's transaction; the chain's
    new head.

    ``workstation`` defaults to the session's ``info[WORKSTATION]``, if set. Records
    added to the session and not yet written are written first (the event may name
    them); changes to records already stored are written at the session's next flush,
    after the head is locked, as every writer does. The event is one plain INSERT, not
    a record of the session: an answer's tap costs no more than it must.
    Raises AuditChainError when the database has no chain head.
    """
    if session.new:
        session.flush()
    head = _locked_head(session)
    fields: dict[str, Any] = {
        "sequence": head.sequence + 1,
        "previous_sha256": head.sha256,
        "at": utc_now(),
        "actor": actor,
        "actor_role": actor_role,
        "workstation": workstation if workstation is not None else session.info.get(WORKSTATION),
        "action": action,
        "intake_id": intake_id,
        "patient_id": patient_id,
        "item_id": item_id,
        "detail": _as_stored(detail),
    }
    moved = ChainHead(fields["sequence"], hashlib.sha256(_canonical(fields)).hexdigest())
    connection = session.connection()
    connection.execute(text(_MOVE_HEAD), {"sequence": moved.sequence, "sha256": moved.sha256})
    with refusals_as_such():
        connection.execute(_ADD_EVENT, {**fields, "content_sha256": moved.sha256})
    return moved


def chain_head(session: Session) -> ChainHead:
    """The head as the session sees it now, without waiting for writers: every event up
    to it is stored (committed, or written earlier in this transaction)."""
    row = session.connection().execute(text(_READ_HEAD)).first()
    return ChainHead(int(row[0]), str(row[1])) if row else ChainHead(0, GENESIS_SHA256)


_NO_HEAD = (
    "the audit trail holds events but has no chain head (table audit_chain_head, row 1): "
    "it was removed around the app, or the database was made by an older version"
)


def _locked_head(session: Session) -> ChainHead:
    """The head, read by the statement that takes the lock every writer takes first (an
    update returns the row as it is once the lock is held)."""
    connection = session.connection()
    row = connection.execute(text(_LOCK_HEAD)).first()
    if row is None:
        if connection.execute(text("SELECT 1 FROM audit_event LIMIT 1")).first():
            raise AuditChainError(_NO_HEAD)  # never start a second chain beside the first
        connection.execute(text(_MAKE_HEAD))
        row = connection.execute(text(_LOCK_HEAD)).first()
    assert row is not None
    return ChainHead(int(row[0]), str(row[1]))


def _as_stored(detail: dict[str, Any] | None) -> Any:
    """``detail`` as it reads back from the database (tuples become lists, keys strings),
    so the hash made now is the hash recomputed later."""
    if detail is None:
        return None
    return json.loads(json.dumps(detail, allow_nan=False))
