"""The database connection: SQLite on one tablet, PostgreSQL when several share one.

SQLite is opened in WAL mode with ``synchronous=FULL`` and foreign keys on, so
an answer whose commit returned survives a crash or a power cut, and no row can
point at a patient or intake that does not exist.

Engines hide statement parameters: a failed insert's error text then never
carries an answer, a name or a date of birth to a log or a screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import asbool
from sqlmodel import Session, create_engine

from intake_app.private_files import private_file, private_folder

# Session.info key: the workstation the audit events of a session are recorded from.
WORKSTATION = "audit_workstation"
SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "FULL", "foreign_keys": "ON"}


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


def create_database_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and the safe pragmas.

    A new SQLite file and its folder are readable by their owner only (0600, 0700).

    Parameters are hidden from error messages (they are patient data).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
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


# A database refusal (a trigger's words) -> the exception the app's own code gets for it;
# filled by ``storage.guards``, which writes each rule once.
REFUSALS: dict[str, type[Exception]] = {}


class RecordSession(Session):
    """A session whose flush (and so its commit) turns a change the database's rules
    refuse into the app's own exception, with the rule's words."""

    def flush(self, objects: Any = None) -> None:
        try:
            super().flush(objects)
        except DBAPIError as error:
            said = str(error.orig)
            refusal = next((r for words, r in REFUSALS.items() if words in said), None)
            if refusal is None:
                raise
            raise refusal(said.splitlines()[0].strip()) from error


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
        self.engine = create_database_engine(url)
        try:
            check_on_open(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises.

        The storage functions only flush, so what one call of the app stores is
        stored whole or not at all. Objects stay readable after the commit (the
        screens keep them).
        """
        with RecordSession(self.engine, expire_on_commit=False) as session:
            if self.workstation is not None:
                session.info[WORKSTATION] = self.workstation
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    def pragma(self, name: str) -> str:
        """Read one SQLite pragma back (for checks and tests)."""
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql(f"PRAGMA {name}").scalar())

    def dispose(self) -> None:
        self.engine.dispose()
