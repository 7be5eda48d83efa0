"""The database in a backup: a consistent copy made while stations keep working.

- SQLite: the online backup API (``sqlite3.Connection.backup`` in one step), which
  copies one consistent snapshot even while other connections write (WAL mode lets
  them go on). The copy is switched out of WAL mode, so it is one self-contained
  file, and checked with ``PRAGMA integrity_check``.
- PostgreSQL: ``pg_dump -Fc`` (custom format). The counts and the document list are
  read in a REPEATABLE READ transaction whose snapshot ``pg_dump --snapshot`` then
  uses, so the manifest describes exactly what the dump holds. The password goes to
  the tools in PGPASSWORD, never on their command line.

Restoring: a SQLite copy becomes the database file (which must not exist yet); a
dump goes into an empty PostgreSQL database with ``pg_restore`` in one transaction
(``--single-transaction --exit-on-error``), so a failed restore leaves it empty.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from intake_app.private_files import private_file
from intake_app.services.backup_manifest import BackupFailed, BackupProblem, DatabaseFacts
from intake_app.storage.db import create_database_engine

SQLITE_COPY = "database/intake.sqlite3"
POSTGRES_DUMP = "database/intake.pgdump"
Query = Callable[[str], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class RecordedDocument:
    """A document row in the copy: its id, the file it names, the SHA-256 it records."""

    id: str
    path: str
    sha256: str


@dataclass(frozen=True)
class DatabaseCopy:
    """What a database copy holds, read from the copy's own snapshot."""

    facts: DatabaseFacts
    documents: list[RecordedDocument]


def database_kind(url: str) -> str:
    return "sqlite" if make_url(url).get_backend_name() == "sqlite" else "postgresql"


def sqlite_file(url: str) -> Path:
    """The file of a SQLite URL (a backup needs a file, not an in-memory database)."""
    database = make_url(url).database or ""
    if not database or database == ":memory:":
        raise BackupProblem("The database is in memory only; there is nothing to back up.")
    return Path(database).expanduser()


# --- what a copy holds ---------------------------------------------------------------------


def _facts(kind: str, query: Query, has_table: Callable[[str], bool]) -> DatabaseCopy:
    def count(table: str) -> int:
        return int(query(f"SELECT count(*) FROM {table}")[0][0])

    version = None
    if has_table("alembic_version"):
        rows = query("SELECT version_num FROM alembic_version")
        version = str(rows[0][0]) if rows else None
    facts = DatabaseFacts(kind, version, count("intake"), count("document"), count("audit_event"))
    rows = query("SELECT id, path, sha256 FROM document ORDER BY created_at, id")
    return DatabaseCopy(facts, [RecordedDocument(str(a), str(b), str(c)) for a, b, c in rows])


# --- SQLite --------------------------------------------------------------------------------


def copy_sqlite(url: str, target: Path) -> DatabaseCopy:
    """Copy the SQLite database of ``url`` to the new file ``target`` (owner-only)."""
    source_path = sqlite_file(url)
    if not source_path.is_file():
        raise BackupProblem(f"There is no database at {source_path}; there is nothing to back up.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_file(target)
    source = sqlite3.connect(source_path, timeout=30)  # only read: the backup API reads
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one file; the app sets WAL on open
            if (checked := copy.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
                raise BackupFailed(f"The copy of the database is not intact ({checked}).")
            return _facts("sqlite", _sqlite_query(copy), _sqlite_has_table(copy))
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(
            f"The database {source_path} could not be copied ({type(exc).__name__}: {exc})."
        ) from exc
    finally:
        source.close()


def _sqlite_query(connection: sqlite3.Connection) -> Query:
    return lambda sql: connection.execute(sql).fetchall()


def _sqlite_has_table(connection: sqlite3.Connection) -> Callable[[str], bool]:
    def has(name: str) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return connection.execute(sql, (name,)).fetchone() is not None

    return has


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on PATH, else the newest in /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    installed = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if installed:
        return max(installed, key=_major_version)
    raise BackupFailed(
        f"{name} was not found (not on PATH, not in /usr/lib/postgresql/*/bin). Install the "
        "PostgreSQL client tools of the server's version or newer, e.g. "
        "sudo apt-get install postgresql-client."
    )


def _major_version(path: str) -> int:
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def connection_info(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string of ``url`` without its password, and the environment
    that carries the password (PGPASSWORD) for a child process."""
    parsed: URL = make_url(url)
    words = {
        "host": parsed.host,
        "port": str(parsed.port) if parsed.port else None,
        "user": parsed.username,
        "dbname": parsed.database,
        **{key: str(value) for key, value in parsed.query.items()},
    }
    conninfo = " ".join(f"{key}={_quoted(value)}" for key, value in words.items() if value)
    environment = dict(os.environ)
    environment.pop("PGPASSWORD", None)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    return conninfo, environment


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@contextmanager
def postgres_snapshot(url: str) -> Iterator[tuple[str, DatabaseCopy]]:
    """An exported snapshot (for ``pg_dump --snapshot``) and what the database holds in it;
    the snapshot lasts while the block runs."""
    engine = create_database_engine(url)
    try:
        repeatable = engine.execution_options(isolation_level="REPEATABLE READ")
        with repeatable.connect() as connection, connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            snapshot = str(connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar())

            def query(sql: str) -> Sequence[Sequence[Any]]:
                return [tuple(row) for row in connection.execute(text(sql))]

            def has_table(name: str) -> bool:
                return query(f"SELECT to_regclass('{name}') IS NOT NULL")[0][0] is True

            yield snapshot, _facts("postgresql", query, has_table)
    finally:
        engine.dispose()


def dump_postgres(url: str, snapshot: str, target: Path) -> None:
    """``pg_dump -Fc`` of the database of ``url`` as seen in ``snapshot``, to ``target``:
    the app's schema and the extensions, not the schemas beside it (another program's, a
    benchmark's), which are not the app's and which a restore could not make again
    beside themselves."""
    tool = postgres_tool("pg_dump")
    conninfo, environment = connection_info(url)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_file(target)  # pg_dump writes into it: it stays owner-only
    others = [f"--exclude-schema={_literal(name)}" for name in other_schemas(url)]
    command = [tool, "-Fc", "--no-password", f"--snapshot={snapshot}", "-f", str(target),
               *others]  # fmt: skip
    _run([*command, f"--dbname={conninfo}"], environment, "pg_dump", _tool_lines)


def other_schemas(url: str) -> list[str]:
    """The schemas of the database of ``url`` other than the app's (the first of its search
    path, where the app makes its tables), PostgreSQL's own and those holding an extension
    (pg_trgm may live in a schema of its own: the backup needs it to make the indexes)."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return [str(name) for name in connection.execute(text(_OTHER_SCHEMAS)).scalars()]
    finally:
        engine.dispose()


_OTHER_SCHEMAS = (
    "SELECT nspname FROM pg_namespace n WHERE nspname <> current_schema() "
    "AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extnamespace = n.oid) "
    "AND nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY nspname"
)


def _literal(schema: str) -> str:
    """A schema's name as a pg_dump pattern that matches that name only."""
    return '"' + schema.replace('"', '""') + '"'


def postgres_is_empty(url: str) -> bool:
    """Whether the app's schema in the database of ``url`` (the first on its search path,
    where the app makes its tables) has no tables, views, sequences or functions. Other
    schemas are not the app's: another program's, or the benchmarks' made-up clinic."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text(_OWN_OBJECTS)).scalar()
    finally:
        engine.dispose()
    return not found


_OWN_OBJECTS = (
    "SELECT EXISTS (SELECT 1 FROM pg_class c "
    "WHERE c.relnamespace = current_schema()::regnamespace "
    "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')) "
    "OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))"
)


def restore_postgres(url: str, dump: Path) -> None:
    """``pg_restore`` of ``dump`` into the (empty) database of ``url``, in one transaction.

    Objects belong to the restoring role (``--no-owner``: restore as the clinic's owner
    role, docs/storage.md); the grants to the app's role come back with the dump."""
    tool = postgres_tool("pg_restore")
    conninfo, environment = connection_info(url)
    command = [tool, "--no-owner", "--no-password", "--single-transaction", "--exit-on-error"]
    _run([*command, f"--dbname={conninfo}", str(dump)], environment, "pg_restore", _safe_lines)


def _run(
    command: list[str],
    environment: dict[str, str],
    name: str,
    shown: Callable[[str], list[str]],
) -> None:
    try:
        done = subprocess.run(command, check=False, env=environment, capture_output=True, text=True)
    except OSError as exc:
        raise BackupFailed(f"{name} could not be started ({exc.strerror or exc}).") from exc
    if done.returncode != 0:
        said = shown(done.stderr)
        detail = (": " + " ".join(said)) if said else ""
        raise BackupFailed(f"{name} stopped with exit status {done.returncode}{detail}")


def _tool_lines(stderr: str) -> list[str]:
    """pg_dump's errors (about the connection, the server version, permissions: no rows)."""
    return [line.strip() for line in stderr.splitlines() if line.strip()][:3]


# pg_restore's errors may quote a row it could not load (a name, a date of birth): only
# these, which never quote a row, are shown.
_SAFE = re.compile(
    r"(connection to server|could not connect|password authentication failed|"
    r"role \"[^\"]*\" does not exist|permission denied|already exists|"
    r"unsupported version|not a valid archive|input file)",
    re.IGNORECASE,
)


def _safe_lines(stderr: str) -> list[str]:
    lines = [line.strip() for line in stderr.splitlines() if _SAFE.search(line)]
    if lines:
        return lines[:3]
    return [
        "its messages are not shown because they could quote patient records; run "
        "pg_restore by hand on the dump to see them. Nothing was restored (one transaction)."
    ]
