"""Which version of the schema a database has, and bringing it to this app's version.

The versions are Alembic migrations (``storage/migrations``), run from code: the
configuration is built here, so they run the same from a checkout and from an
installed wheel, on SQLite and PostgreSQL. SQLite migrations run in batch mode
(a changed table is copied), the only way SQLite can alter one.

Opening a database (``check_on_open``) makes a new, empty one at this app's version
and opens one already there; it never changes anything else, so on PostgreSQL the
app's role needs no right to create. Any other database is refused with
SchemaVersionError, whose words say what to run: ``intake-app db upgrade`` for an
older one (the owner's work, ``upgrade``), installing the newer app for a newer one.

A database made before versions were recorded (the app's tables, no
``alembic_version``) counts as version 0001 when its tables and columns are those
of 0001; ``upgrade`` records that version first.

Opening reads ``alembic_version`` with one query and compares it with ``HEAD``: Alembic
(and Mako and Pygments, which its script machinery loads) is imported only to make a
new database, to upgrade, or to tell an older version from an unknown one, so the
tablet's start-up does not wait for it. ``HEAD`` is written here; a test holds it equal
to the newest migration Alembic finds in ``migrations/versions``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ProgrammingError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"
# This app's version of the schema: the newest migration in migrations/versions (a new
# migration changes it too; tests/storage/test_schema_version.py fails until it does).
HEAD = "0006"
VERSION_TABLE = "alembic_version"
UPGRADE = (
    "Run `intake-app db upgrade` (with the database's owner account on PostgreSQL) and start again."
)
INSTALL_NEWER = "It was upgraded by a newer version of the app; install that version."
UNKNOWN_TABLES = (
    "The database has the app's tables but no recorded version, and they are not those "
    "of version 0001, so this app can neither open nor upgrade it. Restore a backup made "
    "by the app that wrote it, or start a new database."
)
NO_RIGHT_TO_CREATE = (
    "The database is empty and this account may not create its tables. "
    "Run `intake-app db upgrade` with the database's owner account, give this account "
    "its grants (docs/storage.md), and start again."
)

BROKEN_REFERENCE = (
    "The upgrade would leave a record pointing at one that does not exist; nothing was "
    "changed. Report this to whoever supports the app."
)


class SchemaVersionError(Exception):
    """The database's schema is not the version this app works with; the message says
    what to run. It names versions only, never a record."""

    def __init__(self, message: str, *, found: str | None = None, needed: str = "") -> None:
        super().__init__(message)
        self.found = found
        self.needed = needed


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` did: the version before (None: the database was empty) and after."""

    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@cache
def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    """This app's version of the schema: the newest migration (``HEAD``)."""
    return HEAD


def newest_migration() -> str | None:
    """The newest migration as Alembic finds it in ``migrations/versions``."""
    return _scripts().get_current_head()


def is_known(version: str) -> bool:
    """Whether ``version`` is one of this app's migrations."""
    return version in {script.revision for script in _scripts().walk_revisions()}


def current_version(connection: Connection) -> str | None:
    """The database's version; None for an empty database.

    A database made before versions were recorded is 0001 when its tables and columns
    are those of 0001; otherwise SchemaVersionError.
    """
    recorded = _recorded(connection)
    if recorded is not None:
        return recorded
    present = set(inspect(connection).get_table_names())
    expected = _first_columns()
    if not present & set(expected):
        return None
    found = _columns(connection)
    if all(found.get(table) == columns for table, columns in expected.items()):
        return FIRST
    raise SchemaVersionError(UNKNOWN_TABLES, needed=head())


def _recorded(connection: Connection) -> str | None:
    """The version in ``alembic_version``; None when there is none.

    Read as Alembic reads it (the table in the connection's default schema), without
    loading Alembic; a table holding more than one version (which no migration of this
    app makes) is left to Alembic, which refuses it."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    if len(versions) <= 1:
        return str(versions[0][0]) if versions else None
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@cache
def _first_columns() -> dict[str, frozenset[str]]:
    """Version 0001's tables and their column names."""
    from intake_app.storage.migrations import first_schema

    return {name: frozenset(t.columns.keys()) for name, t in first_schema.tables().tables.items()}


def _columns(connection: Connection) -> dict[str, frozenset[str]]:
    """The database's tables and their column names."""
    columns = inspect(connection).get_multi_columns()
    return {table: frozenset(c["name"] for c in found) for (_, table), found in columns.items()}


def check_on_open(engine: Engine) -> None:
    """Open ``engine``'s database as the app does: make a new one at this app's version,
    accept one at it, refuse any other (SchemaVersionError, with what to run)."""
    with engine.connect() as connection:
        found = current_version(connection)
    if found is None:
        _make_new(engine)
    elif found != head():
        raise refusal(found)


def _make_new(engine: Engine) -> None:
    try:
        upgrade(engine)
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) == "42501":  # PostgreSQL: no right to create
            raise SchemaVersionError(NO_RIGHT_TO_CREATE, needed=head()) from error
        raise


def refusal(found: str) -> SchemaVersionError:
    """Why the app cannot work with a database at ``found``, and what to run."""
    needed = head()
    said = f"The database is at version {found}; this app needs {needed}."
    then = UPGRADE if is_known(found) else INSTALL_NEWER
    return SchemaVersionError(f"{said} {then}", found=found, needed=needed)


def upgrade(engine: Engine, target: str = "head") -> Upgrade:
    """Bring the database to ``target`` (this app's version unless a test says otherwise),
    in one transaction; a database at it is left as it is. A newer database is refused."""
    with _schema_change(engine) as connection:
        before = current_version(connection)
        if before is not None and not is_known(before):
            raise refusal(before)
        if before == FIRST and _recorded(connection) is None:  # made before versions were kept
            from alembic.migration import MigrationContext

            MigrationContext.configure(connection).stamp(_scripts(), FIRST)
        _run_migrations(connection, target)
        after = _recorded(connection)
    assert after is not None
    return Upgrade(before, after)


@contextmanager
def _schema_change(engine: Engine) -> Iterator[Connection]:
    """One transaction for the whole change, committed when the block ends.

    SQLite's driver commits each CREATE or ALTER on its own unless a transaction was
    begun explicitly, so one is: a change stops whole or not at all, and is written
    once. SQLite alters a table by copying it (batch mode), which foreign keys would
    refuse mid-way; so, as SQLite prescribes for a schema change, they are off during
    the change and every reference is checked before it is committed.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # not inside a transaction
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN")
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaVersionError(BROKEN_REFERENCE)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _run_migrations(connection: Connection, target: str) -> None:
    from alembic.runtime.environment import EnvironmentContext

    scripts = _scripts()

    def steps(version: Any, _context: Any) -> Any:
        return scripts._upgrade_revs(target, version)

    with EnvironmentContext(_config(), scripts, fn=steps, destination_rev=target) as environment:
        environment.configure(connection=connection, render_as_batch=True)
        with environment.begin_transaction():
            environment.run_migrations()
