"""The audit trail only grows, and proves it: every event is numbered and chained by hash,
so a change made around the app (even with the database's triggers dropped) is named by
the event's number (two stations at once: ``test_audit_chain_race``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel, col, select

from intake_app.storage.audit import (
    CHAINED_FIELDS,
    GENESIS_SHA256,
    WORKSTATION,
    AuditChainError,
    ChainHead,
    append_event,
    chain_head,
    content_sha256,
)
from intake_app.storage.audit_check import anchor_problem, check_chain
from intake_app.storage.db import Database
from intake_app.storage.guards import AUDIT_EVENT_KEPT, AUDIT_HEAD_KEPT, AuditTrailError
from intake_app.storage.intakes import audit
from intake_app.storage.tables import AuditEvent
from tests.storage.test_intakes import answer, begin


def events(database) -> list[AuditEvent]:
    with database.session() as session:
        return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence))))


ANSWERS = [("sex", "female"), ("pain_now", 6), ("pain_now", 7), ("name", "Ana"),
           ("target_joints", ["knee:left"]), ("height_ft", 5), ("height_in", 2)]  # fmt: skip


def trail(database, form) -> list[AuditEvent]:
    """An intake started and answered, one answer changed (event 4): eight events."""
    intake = begin(database, form)
    for item_id, value in ANSWERS:
        answer(database, form, intake, item_id, value)
    chained = events(database)
    assert [e.action for e in chained[2:4]] == ["answer_given", "answer_changed"]
    assert len(chained) == 8
    return chained


def verdict(database) -> str | None:
    with database.session() as session:
        return check_chain(session).problem


# --- what someone who can write the database could do around the app ----------------------

AUDIT_TRIGGERS = {
    "audit_event_kept": "audit_event",
    "audit_event_not_deleted": "audit_event",
    "audit_head_forward": "audit_chain_head",
    "audit_head_not_deleted": "audit_chain_head",
}


def drop_audit_triggers(engine: Engine) -> None:
    """As the database's owner could: DROP TRIGGER on the append-only rules."""
    postgresql = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        for name, table in AUDIT_TRIGGERS.items():
            connection.execute(
                text(f"DROP TRIGGER {name}" + (f" ON {table}" if postgresql else ""))
            )


def tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def swap(engine: Engine, first: int, second: int) -> None:
    """Two events change places (their numbers swapped)."""
    tamper(
        engine,
        f"UPDATE audit_event SET sequence = -1 WHERE sequence = {first}",
        f"UPDATE audit_event SET sequence = {first} WHERE sequence = {second}",
        f"UPDATE audit_event SET sequence = {second} WHERE sequence = -1",
    )


def rewrite_consistently(database, change: Callable[[AuditEvent], None]) -> None:
    """Change events with ``change``, then recompute every hash and the head, as someone who
    knows the (public) canonical form would: the chain holds again on its own."""
    with database.session() as session:
        rows = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence))))
        session.expunge_all()
    previous = GENESIS_SHA256
    with database.engine.begin() as connection:
        for event in rows:
            change(event)
            event.previous_sha256 = previous
            event.content_sha256 = previous = content_sha256(event)
            connection.execute(
                text(
                    "UPDATE audit_event SET detail = :detail, previous_sha256 = :previous, "
                    "content_sha256 = :content WHERE id = :id"
                ),
                {
                    "detail": json.dumps(event.detail),
                    "previous": event.previous_sha256,
                    "content": event.content_sha256,
                    "id": event.id,
                },
            )
        connection.execute(
            text("UPDATE audit_chain_head SET sha256 = :sha256 WHERE id = 1"), {"sha256": previous}
        )


# --- the chain ---------------------------------------------------------------------------


def test_events_are_numbered_one_by_one_and_each_hashes_the_one_before(database, mini_form):
    chained = trail(database, mini_form)
    assert [e.sequence for e in chained] == list(range(1, len(chained) + 1))
    assert [e.previous_sha256 for e in chained] == [
        GENESIS_SHA256,
        *(e.content_sha256 for e in chained[:-1]),
    ]
    assert all(e.content_sha256 == content_sha256(e) for e in chained), "hashes read back alike"
    with database.session() as session:
        report = check_chain(session)
        assert chain_head(session) == ChainHead(len(chained), chained[-1].content_sha256)
    assert (report.problem, report.events, report.last) == (
        None,
        len(chained),
        ChainHead(len(chained), chained[-1].content_sha256),
    )


def test_every_column_but_the_id_and_the_hash_is_chained():
    columns = {c.name for c in SQLModel.metadata.tables["audit_event"].columns}
    assert set(CHAINED_FIELDS) == columns - {"id", "content_sha256"}


def test_the_hash_covers_the_detail_the_number_and_the_link(database, mini_form):
    event = trail(database, mini_form)[3]
    original = content_sha256(event)
    assert content_sha256(event, sequence=event.sequence + 1) != original
    for name, value in (("detail", {"old": 6, "new": 8}), ("previous_sha256", "ab" * 32)):
        changed = AuditEvent(**{**event.model_dump(), name: value})
        assert content_sha256(changed) != original, name


def test_a_rolled_back_event_leaves_no_gap_and_moves_no_head(database, mini_form):
    intake = begin(database, mini_form)
    with database.session() as session:
        before = chain_head(session)
        audit(session, intake, "identity_confirmed")
        session.flush()
        session.rollback()
        assert chain_head(session) == before
    answer(database, mini_form, intake, "pain_now", 6)
    assert [e.sequence for e in events(database)] == [1, 2]
    assert verdict(database) is None


def test_each_event_records_its_workstation_and_the_actors_role(database, mini_form):
    intake = begin(database, mini_form)
    with database.session() as session:
        audit(session, intake, "identity_confirmed", workstation="tablet-3", actor_role="nurse")
        session.info[WORKSTATION] = "tablet-9"  # a station names itself once per session
        audit(session, intake, "identity_disputed")
        session.commit()
    recorded = [(e.action, e.workstation, e.actor_role) for e in events(database)]
    assert recorded == [
        ("intake_started", None, None),
        ("identity_confirmed", "tablet-3", "nurse"),
        ("identity_disputed", "tablet-9", None),
    ]
    assert verdict(database) is None, "the workstation and role are chained too"


# --- append-only ---------------------------------------------------------------------------


def refused(database, statement: str, message: str) -> None:
    with database.engine.connect() as connection:
        with pytest.raises(DatabaseError, match=re.escape(message)):
            connection.execute(text(statement))
        connection.rollback()


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE audit_event SET detail = '{\"new\": 9}' WHERE sequence = 3", AUDIT_EVENT_KEPT),
        ("UPDATE audit_event SET sequence = 99 WHERE sequence = 3", AUDIT_EVENT_KEPT),
        ("DELETE FROM audit_event WHERE sequence = 3", AUDIT_EVENT_KEPT),
        ("DELETE FROM audit_event", AUDIT_EVENT_KEPT),
        ("UPDATE audit_chain_head SET sequence = 2 WHERE id = 1", AUDIT_HEAD_KEPT),
        ("UPDATE audit_chain_head SET sha256 = 'ab' WHERE id = 1", AUDIT_HEAD_KEPT),
        ("DELETE FROM audit_chain_head", AUDIT_HEAD_KEPT),
    ],
    ids=["change detail", "renumber", "delete one", "delete all", "head back", "head hash",
         "delete head"],
)  # fmt: skip
def test_the_database_refuses_to_change_or_delete_the_trail(
    database, mini_form, statement, message
):
    before = trail(database, mini_form)
    refused(database, statement, message)
    assert [(e.sequence, e.detail) for e in events(database)] == [
        (e.sequence, e.detail) for e in before
    ]
    assert verdict(database) is None


def test_postgresql_refuses_to_empty_the_trail_with_truncate(postgresql_database, mini_form):
    database = postgresql_database  # SQLite has no TRUNCATE; its DELETE FROM is refused above
    count = len(trail(database, mini_form))
    for statement in ("TRUNCATE audit_event", "TRUNCATE audit_event, audit_chain_head CASCADE"):
        refused(database, statement, "audit_event cannot be emptied")
    refused(database, "TRUNCATE audit_chain_head", "audit_chain_head cannot be emptied")
    assert len(events(database)) == count


def test_the_app_gets_a_clear_error_when_it_changes_or_deletes_an_event(database, mini_form):
    trail(database, mini_form)
    for change in ("edit", "delete"):
        with database.session() as session:
            event = session.exec(select(AuditEvent).where(AuditEvent.sequence == 2)).one()
            if change == "edit":
                event.detail = {"new": "male"}
                session.add(event)
            else:
                session.delete(event)
            with pytest.raises(AuditTrailError, match=re.escape(AUDIT_EVENT_KEPT)):
                session.flush()
            session.rollback()
    assert events(database)[1].detail == {"new": "female"}


# --- what a check finds once the triggers are gone ----------------------------------------


@pytest.mark.parametrize(
    ("statements", "problem"),
    [
        (["UPDATE audit_event SET detail = '{\"new\": 9}' WHERE sequence = 4"],
         "event 4 was altered: its content no longer matches its hash"),
        (["UPDATE audit_event SET actor = 'staff' WHERE sequence = 2"],
         "event 2 was altered: its content no longer matches its hash"),
        (["DELETE FROM audit_event WHERE sequence = 5"],
         "event 5 is missing: the chain goes from event 4 to 6"),
        (["DELETE FROM audit_event WHERE sequence = 1"],
         "event 1 is missing: the chain starts at event 2"),
        (["DELETE FROM audit_event WHERE sequence >= 7"],
         "events 7 to 8 are missing: the chain ends at event 6"),
        (["UPDATE audit_event SET previous_sha256 = content_sha256 WHERE sequence = 6"],
         "event 6 was altered or inserted"),
    ],
    ids=["detail", "actor", "one deleted", "first deleted", "last deleted", "link"],
)  # fmt: skip
def test_a_change_around_the_app_is_named_by_the_events_number(
    database, mini_form, statements, problem
):
    trail(database, mini_form)
    drop_audit_triggers(database.engine)
    tamper(database.engine, *statements)
    assert (verdict(database) or "").startswith(problem)


def test_a_removed_head_is_named_and_never_starts_a_second_chain(database, mini_form):
    trail(database, mini_form)
    drop_audit_triggers(database.engine)
    tamper(database.engine, "DELETE FROM audit_chain_head")
    assert verdict(database) == (
        "event 1 is beyond the chain's head (event 0): events were added around the app, "
        "or the head was set back or removed"
    )
    with pytest.raises(AuditChainError, match="no chain head"), database.session() as session:
        append_event(session, actor="system", action="staff_logged_in")
    assert len(events(database)) == 8


@pytest.mark.parametrize(("first", "second"), [(3, 6), (4, 5), (1, 8)])
def test_two_events_that_changed_places_are_named_with_where_they_were_recorded(
    database, mini_form, first, second
):
    trail(database, mini_form)
    drop_audit_triggers(database.engine)
    swap(database.engine, first, second)
    assert verdict(database) == (
        f"event {first} is out of place: it was recorded as event {second} "
        "(events were inserted, removed or reordered)"
    )


def test_an_event_inserted_with_its_own_hash_is_found_at_the_next_event(database, mini_form):
    chained = trail(database, mini_form)
    drop_audit_triggers(database.engine)
    tamper(database.engine, "UPDATE audit_event SET sequence = sequence + 100 WHERE sequence > 4")
    tamper(database.engine, "UPDATE audit_event SET sequence = sequence - 99 WHERE sequence > 100")
    inserted = AuditEvent(**{**chained[4].model_dump(), "id": None, "detail": {"new": "male"}})
    inserted.previous_sha256 = chained[3].content_sha256
    inserted.content_sha256 = content_sha256(inserted)
    with database.engine.begin() as connection:
        values = inserted.model_dump(exclude={"id"})
        connection.execute(SQLModel.metadata.tables["audit_event"].insert(), values)
    assert verdict(database) == (
        "event 6 is out of place: it was recorded as event 5 "
        "(events were inserted, removed or reordered)"
    )


def test_a_consistent_rewrite_passes_the_chain_but_not_a_head_held_elsewhere(database, mini_form):
    chained = trail(database, mini_form)
    held = ChainHead(6, chained[5].content_sha256)  # e.g. sealed in a document
    with database.session() as session:
        assert anchor_problem(session, held) is None
    drop_audit_triggers(database.engine)

    def pain_was_five(event: AuditEvent) -> None:
        if event.sequence == 4:
            event.detail = {"new": 5}

    rewrite_consistently(database, pain_was_five)
    assert verdict(database) is None, "a consistent rewrite holds together on its own"
    with database.session() as session:
        assert anchor_problem(session, held) == (
            "the audit trail's event 6 is not the one it was sealed with (another hash): "
            "the trail was rewritten"
        )
        beyond = ChainHead(40, held.sha256)
        assert anchor_problem(session, beyond) == (
            "the audit trail has no event 40, which it was sealed with"
        )


def test_every_event_of_a_stations_sessions_names_the_station(tmp_path, mini_form):
    """The tablet or station is on every event it writes, with nothing passed per call."""
    station = Database(f"sqlite:///{tmp_path / 'station.sqlite3'}", workstation="tablet-7")
    try:
        trail(station, mini_form)
        assert {event.workstation for event in events(station)} == {"tablet-7"}
    finally:
        station.dispose()
