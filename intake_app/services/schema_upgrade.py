"""The database's schema version, and bringing it to this app's (``intake-app db``).

Run by whoever looks after the database, not by a signed-in person: on PostgreSQL
with the owner's account (``docs/storage.md``), since the app's own role may not
create or alter tables. It reports versions only, never a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from intake_app.storage.db import create_database_engine
from intake_app.storage.schema_version import (
    SchemaVersionError,
    Upgrade,
    current_version,
    head,
    refusal,
    upgrade,
)

__all__ = ["SchemaVersionError", "Upgrade", "Versions", "database_versions", "upgrade_database"]


@dataclass(frozen=True)
class Versions:
    """The database's version (None: it is empty) and the one this app needs."""

    found: str | None
    needed: str
    advice: str | None  # what to run when the database is older or newer; None when at it


def has_database(url: str) -> bool:
    """False for a SQLite file that does not exist yet (nothing is made to find out)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and Path(parsed.database or "").expanduser().exists()


def database_versions(url: str) -> Versions | None:
    """The versions, or None when there is no database at ``url`` yet."""
    if not has_database(url):
        return None
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            found = current_version(connection)
    finally:
        engine.dispose()
    if found is None or found == head():
        return Versions(found, head(), None)
    return Versions(found, head(), str(refusal(found)))


def upgrade_database(url: str) -> Upgrade:
    """Bring the database at ``url`` to this app's version (made anew when there is none).

    SchemaVersionError when it is newer than this app, or has tables of no known version.
    """
    engine = create_database_engine(url)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
