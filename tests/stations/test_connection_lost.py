"""A station whose connection to the PostgreSQL server drops: the call in flight says
``DatabaseUnavailable`` and stores nothing, the next call after the server is back
connects afresh, and while nothing answers a call gives up within seconds.

The shared server is never restarted: the station's own connections are ended from
another connection (``pg_terminate_backend``, found by the station's
``application_name``), and "the server is down" is a port where nothing listens or a
socket that never answers.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlmodel import col, select

from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.services.connection import DatabaseUnavailable
from intake_app.services.intake_session import IntakeSession
from intake_app.storage.db import CONNECT_SECONDS, Database, create_database_engine
from intake_app.storage.tables import Answer, AuditEvent
from tests.services.people_on_file import on_file
from tests.storage.conftest import postgresql_database  # noqa: F401  (the shared server)


@pytest.fixture
def tablet(postgresql_database) -> Iterator[Database]:  # noqa: F811
    """A tablet's own connection to the server, named so that only it is cut off."""
    database = Database(postgresql_database.url, workstation=f"tablet-{uuid.uuid4().hex[:8]}")
    yield database
    database.dispose()


def cut_off(server: Database, station: Database) -> int:
    """End every connection the station has open, as a server restart does; how many."""
    name = f"intake-app {station.workstation}"
    with server.engine.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = :name"
            ),
            {"name": name},
        ).scalar_one()
    return int(ended)


def answers_given(database: Database, item_id: str) -> list[AuditEvent]:
    with database.session() as session:
        query = select(AuditEvent).where(
            AuditEvent.action == "answer_given", AuditEvent.item_id == item_id
        )
        return list(session.exec(query.order_by(col(AuditEvent.sequence))))


def started(database: Database, intake_form) -> IntakeSession:
    nurse = on_file(database, "nurse", device=database.workstation or "")
    return IntakeSession.start(database, intake_form, SAMPLE_PATIENT, language="en", by=nurse)


def test_the_station_is_named_to_the_server(postgresql_database, tablet):  # noqa: F811
    with tablet.session() as session:
        name = session.exec(text("SELECT current_setting('application_name')")).scalar_one()  # type: ignore[call-overload]
    assert name == f"intake-app {tablet.workstation}"


def test_a_name_in_the_url_is_kept(postgresql_database):  # noqa: F811
    database = Database(postgresql_database.url + "?application_name=front-desk")
    with database.session() as session:
        name = session.exec(text("SELECT current_setting('application_name')")).scalar_one()  # type: ignore[call-overload]
    database.dispose()
    assert name == "front-desk"


def test_after_the_server_dropped_the_stations_connections_the_next_call_goes_on(
    postgresql_database,  # noqa: F811
    tablet,
    intake_form,
):
    intake = started(tablet, intake_form)
    intake.answer("phone", "(555) 010-2290")
    assert cut_off(postgresql_database, tablet) >= 1, "the tablet had a connection open"

    intake.answer("email", "mjnunez@example.org")  # a fresh connection: nothing to see

    with postgresql_database.session() as session:
        stored = session.exec(select(Answer).where(Answer.intake_id == intake.intake.id)).all()
    assert {a.item_id for a in stored} >= {"phone", "email"}


def test_an_answer_whose_connection_drops_on_the_way_is_not_stored_and_goes_in_once_after(
    postgresql_database,  # noqa: F811
    tablet,
    intake_form,
):
    intake = started(tablet, intake_form)

    def drop_before_storing(_conn, _cursor, statement, *_args):
        if statement.startswith("INSERT INTO answer"):
            cut_off(postgresql_database, tablet)

    event.listen(tablet.engine, "before_cursor_execute", drop_before_storing)
    with pytest.raises(DatabaseUnavailable, match="the database could not be reached"):
        intake.answer("phone", "(555) 010-2290")
    event.remove(tablet.engine, "before_cursor_execute", drop_before_storing)
    assert "phone" not in intake.answers, "not shown as stored"
    assert answers_given(postgresql_database, "phone") == []

    intake.answer("phone", "(555) 010-2290")  # tried again once the server answers

    assert [e.detail for e in answers_given(postgresql_database, "phone")] == [
        {"new": "(555) 010-2290"}
    ]
    assert intake.answers["phone"] == "(555) 010-2290"


def test_with_the_server_down_a_call_says_so_at_once(postgresql_database):  # noqa: F811
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    database = Database(postgresql_database.url, workstation="tablet-down")
    database.engine.dispose()
    database.engine = create_database_engine(
        f"postgresql+psycopg://intake_ci:intake_ci@127.0.0.1:{port}/intake", station="tablet-down"
    )
    began = time.monotonic()
    with pytest.raises(DatabaseUnavailable), database.session() as session:
        session.exec(select(Answer)).all()
    assert time.monotonic() - began < 2


@pytest.mark.exhaustive  # waits out the 5-second give-up; CI's exhaustive step runs it
def test_a_server_that_never_answers_is_given_up_on_within_seconds(postgresql_database):  # noqa: F811
    silent = socket.socket()  # accepts the connection (the kernel does) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    try:
        port = silent.getsockname()[1]
        database = Database(postgresql_database.url, workstation="tablet-hung")
        database.engine.dispose()
        database.engine = create_database_engine(
            f"postgresql+psycopg://intake_ci:intake_ci@127.0.0.1:{port}/intake",
            station="tablet-hung",
        )
        began = time.monotonic()
        with pytest.raises(DatabaseUnavailable), database.session() as session:
            session.exec(select(Answer)).all()
        waited = time.monotonic() - began
    finally:
        silent.close()
    assert CONNECT_SECONDS - 1 <= waited < CONNECT_SECONDS + 3
