"""The schema's versions: the migrations make what ``storage/tables.py`` and
``storage/guards.py`` describe, on SQLite and PostgreSQL; the app opens a database at
its version without changing it, makes a new one, and refuses an older or a newer one
with the words that say what to run."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_mock_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.schema import DDL
from sqlmodel import SQLModel

from intake_app.storage.audit import append_event
from intake_app.storage.db import Database, create_database_engine
from intake_app.storage.guards import AUDIT_EVENT_KEPT
from intake_app.storage.schema_version import (
    HEAD,
    UNKNOWN_TABLES,
    SchemaVersionError,
    Upgrade,
    head,
    newest_migration,
    upgrade,
)
from intake_app.storage.tables import FOLDER_OF_PATH
from tests.storage.conftest import empty_postgres_url

OLDER = (
    "The database is at version 0001; this app needs 0006. Run `intake-app db upgrade` "
    "(with the database's owner account on PostgreSQL) and start again."
)
NEWER = (
    "The database is at version 0099; this app needs 0006. It was upgraded by a newer "
    "version of the app; install that version."
)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database of each kind: no table, no version."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    return empty_postgres_url()


@pytest.fixture
def engine(empty_url) -> Iterator[Engine]:
    engine = create_database_engine(empty_url)
    yield engine
    engine.dispose()


def version_recorded(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def change(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


# --- what the migrations make ------------------------------------------------------------


def test_the_newest_version_makes_exactly_the_tables_the_app_describes(database):
    sqlite = database.engine.dialect.name == "sqlite"
    with database.engine.connect() as connection, warnings.catch_warnings():
        if sqlite:  # SQLite's expression indexes cannot be read back: checked below instead
            warnings.filterwarnings("ignore", message=".*expression-based index document_folder")
            warnings.filterwarnings("ignore", message=".*expression-based index 'document_folder'")
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        if sqlite:
            made = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'document_folder'"
            ).scalar()
            assert made is not None and FOLDER_OF_PATH.replace(" ", "") in made.replace(" ", "")
    assert differences == []
    assert version_recorded(database.engine) == head() == "0006"


def written_today(dialect: str) -> list[str]:
    """The triggers ``storage.guards`` and ``storage.tables`` write for ``dialect`` today."""
    statements: list[str] = []

    def keep(sql, *_args, **_kwargs) -> None:
        if isinstance(sql, DDL):
            statements.append(sql.statement)

    url = {"sqlite": "sqlite://", "postgresql": "postgresql+psycopg://"}[dialect]
    SQLModel.metadata.create_all(create_mock_engine(url, keep), checkfirst=False)
    return statements


FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(\) RETURNS trigger AS \$\$(.*?)\$\$")
TRIGGER = re.compile(r"CREATE TRIGGER .*?\(\)")
EVENTS = re.compile(r"(?<= BEFORE )(.*?)(?= ON )")


def events_in_order(trigger: str) -> str:
    """PostgreSQL writes "UPDATE OR DELETE" back as "DELETE OR UPDATE"."""
    return EVENTS.sub(lambda found: " OR ".join(sorted(found[1].split(" OR "))), trigger, 1)


def triggers_in(engine: Engine) -> set[str]:
    """Each trigger of the app's schema as its statement; on PostgreSQL with its function's
    body (another schema in the database, such as a benchmark's, is not the app's)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
            return {row[0] for row in connection.exec_driver_sql(query)}
        query = (
            "SELECT pg_get_triggerdef(t.oid), p.proname, p.prosrc FROM pg_trigger t "
            "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
        )
        return {
            f"{events_in_order(trigger.replace('ON public.', 'ON '))} / {name}: {body}"
            for trigger, name, body in connection.exec_driver_sql(query)
        }


def triggers_written_today(dialect: str) -> set[str]:
    if dialect == "sqlite":
        return set(written_today("sqlite"))
    bodies, triggers = {}, []
    for statement in written_today("postgresql"):
        bodies.update(FUNCTION.findall(statement))
        triggers += TRIGGER.findall(statement)
    return {
        f"{events_in_order(trigger)} / {name}: {bodies[name]}"
        for trigger in triggers
        for name in re.findall(r"EXECUTE FUNCTION (\w+)\(\)$", trigger)
    }


def test_the_triggers_are_those_the_app_writes_today(database, another_schema):
    # A rule changed in storage/guards.py without a migration fails here; another
    # schema's triggers in the same database are not the app's.
    made = triggers_in(database.engine)
    assert len(made) == {"sqlite": 26, "postgresql": 35}[database.engine.dialect.name]
    assert made == triggers_written_today(database.engine.dialect.name)


def test_after_the_upgrade_the_database_refuses_to_change_an_audit_event(database):
    with database.session() as session:
        append_event(session, actor="system", action="settings_recorded")
    with pytest.raises(DatabaseError, match=re.escape(AUDIT_EVENT_KEPT)):
        change(database.engine, "UPDATE audit_event SET action = 'edited'")
    with pytest.raises(DatabaseError, match=re.escape(AUDIT_EVENT_KEPT)):
        change(database.engine, "DELETE FROM audit_event")


# --- opening a database --------------------------------------------------------------------


def statements_while(opening) -> list[str]:
    """Every statement any engine sends while ``opening()`` runs."""
    sent: list[str] = []

    def keep(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", keep)
    try:
        opening()
    finally:
        event.remove(Engine, "before_cursor_execute", keep)
    return sent


def test_opening_a_database_at_this_apps_version_only_reads(database):
    # On PostgreSQL the app's role may not create anything: opening must not try.
    sent = statements_while(lambda: Database(database.url).dispose())
    written = [s for s in sent if not s.lstrip().upper().startswith(("SELECT", "PRAGMA"))]
    assert sent and written == []


def test_this_apps_version_is_the_newest_migration():
    # A new migration in storage/migrations/versions changes HEAD in schema_version too.
    assert newest_migration() == HEAD


OPEN_AND_LIST_MODULES = """
import sys
from intake_app.storage.db import Database
Database(sys.argv[1]).dispose()
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_opening_a_database_at_this_apps_version_loads_no_migration_code(database):
    # The tablet's start-up waits for what opening imports: Alembic's script machinery
    # (with Mako and Pygments) is for making and upgrading a database only.
    child = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, database.url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-500:]
    loaded = set(child.stdout.split())
    assert "sqlalchemy" in loaded
    assert loaded & {"alembic", "mako", "pygments"} == set()


def test_an_older_database_is_refused_with_what_to_run(engine, empty_url):
    assert upgrade(engine, "0001") == Upgrade(None, "0001")
    with pytest.raises(SchemaVersionError) as refused:
        Database(empty_url)
    assert str(refused.value) == OLDER
    assert (refused.value.found, refused.value.needed) == ("0001", "0006")
    assert version_recorded(engine) == "0001"  # refused, not changed


def test_a_newer_database_is_refused_and_not_upgraded(engine, empty_url):
    upgrade(engine)
    change(engine, "UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(SchemaVersionError) as refused:
        Database(empty_url)
    assert str(refused.value) == NEWER
    with pytest.raises(SchemaVersionError, match="install that version"):
        upgrade(engine)
    assert version_recorded(engine) == "0099"


def test_upgrading_twice_changes_nothing_the_second_time(engine, empty_url):
    assert upgrade(engine) == Upgrade(None, "0006")
    assert upgrade(engine) == Upgrade("0006", "0006")
    assert not upgrade(engine).changed
    Database(empty_url).dispose()


def test_a_database_made_before_versions_were_kept_counts_as_0001(engine, empty_url):
    upgrade(engine, "0001")
    change(engine, "DROP TABLE alembic_version")  # as the app made it before migrations
    with pytest.raises(SchemaVersionError) as refused:
        Database(empty_url)
    assert str(refused.value) == OLDER
    assert upgrade(engine) == Upgrade("0001", "0006")
    Database(empty_url).dispose()


def test_tables_of_no_known_version_are_neither_opened_nor_upgraded(engine, empty_url):
    upgrade(engine, "0001")
    # An early database: the audit chain's head and columns came later (docs/storage.md).
    change(engine, "DROP TABLE alembic_version", "DROP TABLE audit_chain_head")
    with pytest.raises(SchemaVersionError) as refused:
        Database(empty_url)
    assert str(refused.value) == UNKNOWN_TABLES
    with pytest.raises(SchemaVersionError, match="neither open nor upgrade"):
        upgrade(engine)
