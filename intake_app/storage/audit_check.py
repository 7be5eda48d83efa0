"""Checking the audit trail's hash chain, and a head sealed in a document against it.

``check_chain`` reads the head first, then walks the events up to it in sequence
order, recomputing every hash (``storage.audit``); it stops at the first event that
is altered, missing, inserted or out of place and says which in one line that names
the event by its sequence number only (never patient data). Events chained after the
head was read (another station writing now) are left for the next check.

``anchor_problem`` checks a head sealed in a document: someone able to write the
database could rewrite the whole chain consistently, but not the sealed files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from intake_app.storage.audit import GENESIS_SHA256, ChainHead, chain_head, content_sha256
from intake_app.storage.tables import AuditEvent

BATCH = 1000  # events read at a time
MAX_STEPS_BACK = 1000  # how far back an out-of-place event's origin is looked for


@dataclass(frozen=True)
class ChainReport:
    """``events`` checked in order up to ``last`` (the last good one); ``problem`` names
    the first bad event, or is None when the whole chain holds."""

    events: int
    last: ChainHead
    problem: str | None = None


def check_chain(session: Session) -> ChainReport:
    highest = _highest_sequence(session)  # read before the head, which only moves on
    head = chain_head(session)
    last, count = ChainHead(0, GENESIS_SHA256), 0
    for event in _events_up_to(session, head.sequence):
        problem = _event_problem(session, event, last)
        if problem:
            return ChainReport(count, last, problem)
        last, count = ChainHead(event.sequence, event.content_sha256), count + 1
    return ChainReport(count, last, _head_problem(head, last, highest))


def anchor_problem(session: Session, anchor: ChainHead) -> str | None:
    """Why the chain contradicts ``anchor`` (a head sealed in a document), or None."""
    if anchor.sequence == 0:
        return None if anchor.sha256 == GENESIS_SHA256 else "it names an impossible event 0"
    query = select(AuditEvent).where(AuditEvent.sequence == anchor.sequence)
    event = session.exec(query).first()
    if event is None:
        return f"the audit trail has no event {anchor.sequence}, which it was sealed with"
    if content_sha256(event) != anchor.sha256:
        return (
            f"the audit trail's event {anchor.sequence} is not the one it was sealed with "
            "(another hash): the trail was rewritten"
        )
    return None


def _highest_sequence(session: Session) -> int:
    return session.exec(select(func.max(AuditEvent.sequence))).one() or 0


def _events_up_to(session: Session, sequence: int) -> Iterator[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.sequence <= sequence)
        .order_by(col(AuditEvent.sequence))
        .execution_options(yield_per=BATCH)
    )
    yield from session.exec(query)


def _event_problem(session: Session, event: AuditEvent, last: ChainHead) -> str | None:
    """What is wrong with ``event``, the one read after ``last`` (the last good event)."""
    expected, number = last.sequence + 1, event.sequence
    if number < expected:
        return f"event {number} appears twice"
    if number > expected:
        if not last.sequence:
            return f"event 1 is missing: the chain starts at event {number}"
        return f"event {expected} is missing: the chain goes from event {last.sequence} to {number}"
    if content_sha256(event) != event.content_sha256:
        recorded_as = _recorded_as(session, event)
        if recorded_as is not None:
            return (
                f"event {number} is out of place: it was recorded as event {recorded_as} "
                "(events were inserted, removed or reordered)"
            )
        if event.previous_sha256 != last.sha256:
            return (
                f"event {number} was altered or inserted: neither its content nor its link "
                f"to event {last.sequence} matches its hashes"
            )
        return f"event {number} was altered: its content no longer matches its hash"
    if event.previous_sha256 != last.sha256:
        return (
            f"event {number} does not follow event {last.sequence} (it was chained after "
            "another event): events were inserted, removed or reordered"
        )
    return None


def _recorded_as(session: Session, event: AuditEvent) -> int | None:
    """The sequence number an event that fails its hash was chained under, when only its
    number changed (it was moved); None when its content was changed.

    The events before it are followed back by their hashes to one still in place (its
    hash holds under its own number) or to the start of the chain, counting the steps.
    """
    steps, link, seen = 1, event.previous_sha256, set()
    for _ in range(MAX_STEPS_BACK):
        if link == GENESIS_SHA256:
            origin = steps
            break
        before = session.exec(select(AuditEvent).where(AuditEvent.content_sha256 == link)).first()
        if before is None or link in seen:  # no such event, or links that go round
            return None
        seen.add(link)
        if content_sha256(before) == before.content_sha256:
            origin = before.sequence + steps
            break
        steps, link = steps + 1, before.previous_sha256
    else:
        return None
    moved = origin != event.sequence and content_sha256(event, sequence=origin)
    return origin if moved == event.content_sha256 else None


def _head_problem(head: ChainHead, last: ChainHead, highest: int) -> str | None:
    """The chain must end where its head says: events removed from the end show here, and
    events beyond the head (added around the app, or a head set back or removed)."""
    if highest > head.sequence:
        return (
            f"event {head.sequence + 1} is beyond the chain's head (event {head.sequence}): "
            "events were added around the app, or the head was set back or removed"
        )
    if last.sequence < head.sequence:
        missing = (
            f"event {head.sequence} is"
            if last.sequence + 1 == head.sequence
            else f"events {last.sequence + 1} to {head.sequence} are"
        )
        return f"{missing} missing: the chain ends at event {last.sequence}"
    if last.sha256 != head.sha256:
        return (
            f"event {head.sequence} is not the event the chain's head records "
            "(another hash): the trail was rewritten"
        )
    return None
