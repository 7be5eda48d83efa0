"""Storage tests run on a SQLite file and, when configured, on a real PostgreSQL server.

Set ``INTAKE_TEST_POSTGRES_URL`` (e.g. postgresql+psycopg://user:pw@127.0.0.1/db)
to run them against PostgreSQL. Without it they are skipped with that reason,
unless ``INTAKE_REQUIRE_POSTGRES=1`` (as in CI), where a missing server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel

from intake_app.storage.db import Database

POSTGRES_URL = os.environ.get("INTAKE_TEST_POSTGRES_URL", "")
POSTGRES_REQUIRED = os.environ.get("INTAKE_REQUIRE_POSTGRES") == "1"


def _postgres_database() -> Database:
    if not POSTGRES_URL:
        reason = "PostgreSQL tests need INTAKE_TEST_POSTGRES_URL (CI sets it)"
        if POSTGRES_REQUIRED:
            pytest.fail(reason + "; INTAKE_REQUIRE_POSTGRES=1 forbids skipping them")
        pytest.skip(reason)
    database = Database(POSTGRES_URL)
    SQLModel.metadata.drop_all(database.engine)
    SQLModel.metadata.create_all(database.engine)
    return database


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
