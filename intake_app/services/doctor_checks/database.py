"""Whether the database answers, and whether it holds the app's tables at the right version.

The database is only read: doctor opens its own engine (never ``storage.db.Database``,
which would create tables on a new database) and makes no SQLite file that is not
there. The URL is shown with its password hidden; a connection error is shown by its
first line, the password taken out should the driver repeat it.

The schema's version is what Alembic records in the ``alembic_version`` table.
``schema_version_finding`` compares it with the version this app expects
(``expected_schema_version``), once the migrations give one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from intake_app.services.doctor_checks.findings import Finding, ok, problem
from intake_app.settings import Settings
from intake_app.storage import schema_version
from intake_app.storage.db import create_database_engine

CHECK = "Database"
SCHEMA = "Database schema"
VERSION_TABLE = "alembic_version"
# The tables the other checks read; a database without them is not the app's (or is new).
APP_TABLES = ("patient", "intake", "document", "audit_event", "audit_chain_head")
CONNECT_TIMEOUT_SECONDS = 10  # a server that does not answer: say so, do not wait minutes


@dataclass(frozen=True)
class Reached:
    """The database as doctor reached it: ``engine`` is None when it could not be read."""

    engine: Engine | None
    finding: Finding


def shown_url(database_url: str) -> str:
    """The database URL as it may be printed: the password replaced by ``***``."""
    return make_url(database_url).render_as_string(hide_password=True)


def reach_database(settings: Settings) -> Reached:
    """Connect to the app's database and read its list of tables; never create one."""
    url = make_url(settings.database_url)
    shown = shown_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        missing = _missing_sqlite_file(url)
        if missing:
            return Reached(None, missing)
    engine = create_database_engine(_with_connect_timeout(url).render_as_string(False))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            inspect(connection).get_table_names()
    except SQLAlchemyError as error:
        engine.dispose()
        return Reached(None, _unreachable(url, shown, error))
    return Reached(engine, ok(CHECK, f"The database answers ({shown})."))


def _missing_sqlite_file(url: URL) -> Finding | None:
    if not url.database or url.database == ":memory:":
        return problem(
            CHECK,
            "INTAKE_DATABASE_URL names no database file, so nothing is kept.",
            "Set INTAKE_DATABASE_URL to the clinic's database (or unset it to use the data "
            "folder's intake.sqlite3).",
        )
    path = Path(url.database).expanduser()
    if path.exists():
        return None
    return problem(
        CHECK,
        f"There is no database file: {path} does not exist.",
        "On a computer never set up, start the app once: it makes the database. If the "
        "data folder was moved, set INTAKE_DATA_DIR (or INTAKE_DATABASE_URL) to where it "
        "is now. If the file was lost, restore the latest backup into an empty data folder "
        "(`intake-app restore DIR`).",
    )


def _with_connect_timeout(url: URL) -> URL:
    """PostgreSQL waits at most ``CONNECT_TIMEOUT_SECONDS`` for the server (unless the URL
    says otherwise)."""
    if url.get_backend_name() != "postgresql" or "connect_timeout" in url.query:
        return url
    return url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})


def _unreachable(url: URL, shown: str, error: SQLAlchemyError) -> Finding:
    said = _first_line(error, url.password)
    if url.get_backend_name() == "sqlite":
        return problem(
            CHECK,
            f"The database file {url.database} cannot be read ({said}).",
            "Check that the file belongs to the app's user and is not damaged; if it is "
            "damaged, restore the latest backup into an empty data folder "
            "(`intake-app restore DIR`).",
        )
    return problem(
        CHECK,
        f"The database server does not answer or refuses the connection ({shown}: {said}).",
        f"Check that the database server{_at(url)} is running and that this computer can "
        "reach it (network, firewall), and that the user name, password and database name "
        "in INTAKE_DATABASE_URL are right. Then run `intake-app doctor` again.",
    )


def _at(url: URL) -> str:
    if not url.host:
        return ""
    return f" at {url.host}" + (f", port {url.port}" if url.port else "")


def _first_line(error: SQLAlchemyError, password: str | None) -> str:
    """The driver's first line of the error, or the error's kind; never the password."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    said = " ".join(lines[0].split()) if lines else type(cause).__name__
    if password:
        said = said.replace(password, "***")
    return said.removeprefix("connection failed: ")


# --- the schema ---------------------------------------------------------------------------


def expected_schema_version() -> str | None:
    """The schema version (the newest migration) this app works with."""
    return schema_version.head()


def missing_app_tables(engine: Engine) -> list[str]:
    """The app's tables the database lacks (all of them: a new, empty database)."""
    tables = set(inspect(engine).get_table_names())
    return [name for name in APP_TABLES if name not in tables]


def schema_version_finding(engine: Engine, expected: str | None = None) -> Finding:
    """Whether the database records its schema version, and whether it is ``expected``
    (the app's; None: not compared)."""
    missing = missing_app_tables(engine)
    if missing:
        return problem(
            SCHEMA,
            f"The database lacks the app's tables ({', '.join(missing)}): it is empty or "
            "not the clinic's intake database.",
            "Check INTAKE_DATABASE_URL. For a new database, run `intake-app db upgrade` as "
            "the database's owner (docs/storage.md) to make the tables.",
        )
    if VERSION_TABLE not in inspect(engine).get_table_names():
        return problem(
            SCHEMA,
            "The database does not record its schema version (no version table): it was "
            "made before the app's upgrades were versioned, and the app will not open it.",
            "Make a backup (`intake-app backup DIR`), then run `intake-app db upgrade` once "
            "so that the database records its version.",
        )
    with engine.connect() as connection:
        versions = sorted(
            str(row[0])
            for row in connection.execute(text("SELECT version_num FROM alembic_version"))
        )
    return _version_finding(versions, expected)


def _version_finding(versions: list[str], expected: str | None) -> Finding:
    said = ", ".join(versions) or "none"
    if expected is None or versions == [expected]:
        return ok(SCHEMA, f"The database's schema version is {said}.")
    return problem(
        SCHEMA,
        f"The database's schema version is {said}; this version of the app works with {expected}.",
        "If the database is older, make a backup (`intake-app backup DIR`) and run "
        "`intake-app db upgrade`. If it is newer, this computer runs an older version of "
        "the app than the others: update the app here.",
    )
