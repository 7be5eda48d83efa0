"""This machine's intake database, as the command line and the tablet open it.

Most commands only read or change what is on file, so they never create a
database (``existing_database``): ``users list`` on a new machine says there is
none instead of leaving an empty file behind. Adding a person is the one command
that makes it (``open_database``): the first administrator is added there.
Every session records this machine's id (``Settings.device_id``) on the audit
events it writes.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from intake_app.settings import Settings
from intake_app.storage.db import Database, DatabaseUnavailable

# A database that could not be opened or read (a server that does not answer, a file
# made by an older version); its class name says which, and never holds patient data.
# For ``except``: the driver's errors, and the server out of reach as the app says it.
UnreadableDatabase = (SQLAlchemyError, DatabaseUnavailable)

__all__ = ["Database", "UnreadableDatabase", "existing_database", "open_database"]


def existing_database(settings: Settings) -> Database | None:
    """The app's database, or None when this machine has none yet (never creates one)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        if not Path(url.database).expanduser().exists():
            return None
    return open_database(settings)


def open_database(settings: Settings) -> Database:
    """The app's database, made (empty) when this machine has none yet."""
    return Database(settings.database_url, workstation=settings.device_id())
