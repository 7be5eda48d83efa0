"""The database connection: SQLite on one tablet, PostgreSQL when several share one.

SQLite is opened in WAL mode with ``synchronous=FULL`` and foreign keys on, so
an answer whose commit returned survives a crash or a power cut, and no row can
point at a patient or intake that does not exist.

Engines hide statement parameters: a failed insert's error text then never
carries an answer, a name or a date of birth to a log or a screen.

When the database cannot be reached (the server restarted or is down, the network
dropped) every session says so in one way, ``DatabaseUnavailable``, rolled back: the
screens tell the person and try again. A PostgreSQL engine checks each pooled
connection before using it (so after a restart the next call opens a fresh one), gives
up connecting after ``CONNECT_SECONDS`` and names its station to the server
(``application_name``), so whoever looks after the server sees which station is which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, event, inspect
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import InstanceState
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import asbool
from sqlmodel import Session, create_engine

from intake_app.private_files import private_file, private_folder

# Session.info key: the workstation the audit events of a session are recorded from.
WORKSTATION = "audit_workstation"
SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "FULL", "foreign_keys": "ON"}
# PostgreSQL: a station waits this long for the server before it says it cannot reach it,
# and a connection whose sent data stays unanswered this long (a cable pulled) is dropped.
CONNECT_SECONDS = 5
UNANSWERED_MS = 15_000
APPLICATION = "intake-app"


class DatabaseUnavailable(ConnectionError):
    """The database could not be reached: the server is down or restarting, or the network
    dropped. What the call was storing was rolled back; when the link broke while the
    commit itself was under way the server may have kept it, so a call that fails this
    way is simply made again (storing the same answer again changes nothing)."""

    def __init__(self) -> None:
        super().__init__("the database could not be reached")


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached (rather than refusing what
    was asked): a lost or refused connection, the server shutting down, a SQLite file
    that cannot be opened or stays locked."""
    if isinstance(error, DisconnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    state = getattr(error.orig, "sqlstate", None)  # psycopg; SQLite's errors have none
    # 08: connection exception; 57P: the server shutting down or not yet accepting.
    return state is None or state.startswith(("08", "57P"))


@contextmanager
def unavailable_as_such() -> Iterator[None]:
    """Inside the block, an error that says the database could not be reached becomes
    ``DatabaseUnavailable``; every other error stays what it is."""
    try:
        yield
    except BaseException as error:
        if unreachable(error):
            raise DatabaseUnavailable() from error
        raise


def utc_now() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC that always comes back timezone-aware.

    SQLite has no time zones and would hand back naive values; PostgreSQL keeps
    them in ``timestamptz``. Naive values are refused: a legal record must not
    guess which clock a time was read from.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for name, value in SQLITE_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name}={value}")
    finally:
        cursor.close()


def _create_owner_only(database: Path, *, uri: bool) -> None:
    """Make a new SQLite file (and its folder) readable by its owner only, before SQLite does.

    SQLite gives the -wal and -shm files the permissions of the database file, so
    they are owner-only too. An existing database keeps its permissions. A SQLite
    URI (``?uri=true``) names no plain file: its folder is made, nothing more.
    """
    private_folder(database.parent)
    if not uri:
        private_file(database)


def _server_connect_args(url: Any, station: str | None) -> dict[str, Any]:
    """How a station connects to a PostgreSQL server, unless the URL says otherwise."""
    name = f"{APPLICATION} {station}" if station else APPLICATION
    wanted: dict[str, Any] = {
        "connect_timeout": CONNECT_SECONDS,
        "application_name": name[:63],  # the server keeps 63 bytes
        "tcp_user_timeout": UNANSWERED_MS,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }
    return {key: value for key, value in wanted.items() if key not in url.query}


def create_database_engine(url: str, *, station: str | None = None) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and the safe pragmas.

    A new SQLite file and its folder are readable by their owner only (0600, 0700).
    A PostgreSQL engine pings each connection before use, waits at most
    ``CONNECT_SECONDS`` for the server, and names the station (``station``) to it.

    Parameters are hidden from error messages (they are patient data).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            url,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args=_server_connect_args(parsed, station),
        )
    database = parsed.database or ""
    connect_args = {"check_same_thread": False}
    if database and database != ":memory:":
        _create_owner_only(Path(database).expanduser(), uri=asbool(parsed.query.get("uri", False)))
        engine = create_engine(
            url, connect_args={**connect_args, "timeout": 30}, hide_parameters=True
        )
    else:
        engine = create_engine(
            url, connect_args=connect_args, poolclass=StaticPool, hide_parameters=True
        )
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _roll_back(session: Session) -> None:
    """Roll back, leaving the records the screens hold as they were before the call.

    A rollback expires every record of the session, and the session then closes: a
    record a screen keeps (the intake being answered) could no longer be read, so the
    next try after a lost connection would fail too. Each one gets back the values it
    had when the call began. A connection already lost has nothing to roll back (the
    server did).
    """
    try:
        session.rollback()
    except DBAPIError as error:
        if not unreachable(error):
            raise
    for record, values in session.info.get(BROUGHT_IN, []):
        for key, value in values.items():
            set_committed_value(record, key, value)


def _remember_brought_in(session: Session, record: Any) -> None:
    """A stored record handed to the session from outside (not read in it): its values now,
    to give back if the call fails (a failed flush expires it before the caller knows)."""
    state = inspect(record)
    if state.key is not None:
        session.info.setdefault(BROUGHT_IN, []).append((record, _values_before(state)))


def _values_before(state: InstanceState[Any]) -> dict[str, Any]:
    """A record's column values as loaded, before the changes of this session."""
    loaded = {**state.dict, **state.committed_state}
    return {
        key: loaded[key]
        for key in state.mapper.column_attrs.keys()  # noqa: SIM118  (a mapper's keys view)
        if key in loaded and loaded[key] is not NO_VALUE
    }


# A database refusal (a trigger's words) -> the exception the app's own code gets for it;
# filled by ``storage.guards``, which writes each rule once.
REFUSALS: dict[str, type[Exception]] = {}


BROUGHT_IN = "records_brought_in"  # Session.info key: see _remember_brought_in


@contextmanager
def refusals_as_such() -> Iterator[None]:
    """Inside the block, a change the database's rules refuse (a trigger's words, see
    ``REFUSALS``) becomes the app's own exception with the rule's words; every other error
    stays what it is. A session's flush does this; so does a storage function that sends
    its own statement."""
    try:
        yield
    except DBAPIError as error:
        said = str(error.orig)
        refusal = next((r for words, r in REFUSALS.items() if words in said), None)
        if refusal is None:
            raise
        raise refusal(said.splitlines()[0].strip()) from error


class RecordSession(Session):
    """A session whose flush (and so its commit) turns a change the database's rules
    refuse into the app's own exception, with the rule's words."""

    def flush(self, objects: Any = None) -> None:
        with refusals_as_such():
            super().flush(objects)


event.listen(RecordSession, "after_attach", _remember_brought_in)


class Database:
    """The app's storage: one engine, sessions on demand.

    Opening checks the schema's version (``storage.schema_version``): a new, empty
    database is made at this app's version; one at an older or newer version is
    refused with SchemaVersionError, which says what to run.
    """

    def __init__(self, url: str, *, workstation: str | None = None) -> None:
        """``workstation``: this tablet's or station's id, recorded on every audit event
        written through its sessions."""
        from intake_app.storage import tables  # noqa: F401  (registers the tables)
        from intake_app.storage.schema_version import check_on_open

        self.url = url
        self.workstation = workstation
        self.engine = create_database_engine(url, station=workstation)
        try:
            with unavailable_as_such():
                check_on_open(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises.

        The storage functions only flush, so what one call of the app stores is
        stored whole or not at all. Objects stay readable after the commit (the
        screens keep them). ``DatabaseUnavailable`` when the database could not be
        reached, whether on the way or at the commit.
        """
        with RecordSession(self.engine, expire_on_commit=False) as session:
            if self.workstation is not None:
                session.info[WORKSTATION] = self.workstation
            try:
                yield session
                session.commit()
            except BaseException as error:
                _roll_back(session)
                if unreachable(error):
                    raise DatabaseUnavailable() from error
                raise

    def pragma(self, name: str) -> str:
        """Read one SQLite pragma back (for checks and tests)."""
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql(f"PRAGMA {name}").scalar())

    def dispose(self) -> None:
        self.engine.dispose()
