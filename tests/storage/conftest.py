"""Storage tests run on a SQLite file and, when configured, on a real PostgreSQL server.

Set ``INTAKE_TEST_POSTGRES_URL`` (e.g. postgresql+psycopg://user:pw@127.0.0.1/db)
to run them against PostgreSQL. Without it they are skipped with that reason,
unless ``INTAKE_REQUIRE_POSTGRES=1`` (as in CI), where a missing server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from intake_app.storage import tables  # noqa: F401  (the tables to drop)
from intake_app.storage.db import Database, create_database_engine


def worker_database(url: str) -> str:
    """The test server's database for this test process: the one named in ``url``, or,
    when pytest-xdist runs the suite in several processes, one of its own per process
    (``<name>_gw0``...), made on first use, so that no test empties another's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            if connection.exec_driver_sql(query, (name,)).scalar() is None:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as error:
        raise RuntimeError(
            f"Could not make the test database {name} for this test process: give the role "
            "of INTAKE_TEST_POSTGRES_URL the CREATEDB right, or run the tests with -n 0"
        ) from error
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


POSTGRES_URL = worker_database(os.environ.get("INTAKE_TEST_POSTGRES_URL", ""))
POSTGRES_REQUIRED = os.environ.get("INTAKE_REQUIRE_POSTGRES") == "1"


def empty_postgres_url() -> str:
    """The test server's URL, its database emptied; skips (or fails in CI) without one."""
    if not POSTGRES_URL:
        reason = "PostgreSQL tests need INTAKE_TEST_POSTGRES_URL (CI sets it)"
        if POSTGRES_REQUIRED:
            pytest.fail(reason + "; INTAKE_REQUIRE_POSTGRES=1 forbids skipping them")
        pytest.skip(reason)
    empty_postgres_database(POSTGRES_URL)
    return POSTGRES_URL


def _postgres_database() -> Database:
    return Database(empty_postgres_url())  # made anew by the migrations, as on a server


def empty_postgres_database(url: str) -> None:
    """Drop every table of the app and the record of the schema's version."""
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            SQLModel.metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    else:
        db = _postgres_database()
    yield db
    db.dispose()


@pytest.fixture
def postgresql_database() -> Iterator[Database]:
    """A fresh, empty PostgreSQL database, for what only PostgreSQL has (TRUNCATE)."""
    db = _postgres_database()
    yield db
    db.dispose()


BESIDE = "beside_the_app"  # a schema of another program in the app's database


@pytest.fixture
def another_schema(database: Database) -> Iterator[str]:
    """On PostgreSQL, a schema beside the app's with a table, a row and a trigger of its
    own (as the benchmarks' made-up clinic has), dropped afterwards; on SQLite nothing."""
    if database.engine.dialect.name != "postgresql":
        yield ""
        return
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            f"DROP SCHEMA IF EXISTS {BESIDE} CASCADE; CREATE SCHEMA {BESIDE}; "
            f"CREATE TABLE {BESIDE}.kept (id integer); INSERT INTO {BESIDE}.kept VALUES (1); "
            f"CREATE FUNCTION {BESIDE}.refuse() RETURNS trigger AS $$ BEGIN RETURN NULL; END; "
            f"$$ LANGUAGE plpgsql; CREATE TRIGGER kept_refused BEFORE DELETE ON {BESIDE}.kept "
            f"FOR EACH ROW EXECUTE FUNCTION {BESIDE}.refuse()"
        )
    yield BESIDE
    with database.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {BESIDE} CASCADE")
