"""``intake-app db upgrade | version [--url URL]``: the database's schema version.

``upgrade`` applies the migrations the database has not had yet, in one transaction,
on SQLite or PostgreSQL (there, with the owner's account: ``docs/storage.md``), and
says from which version to which; at this app's version it changes nothing and says
so. ``version`` prints the database's version and the one this app needs, and what to
run when they differ (exit 1 then). Without
``--url``, the database this machine uses (``INTAKE_DATABASE_URL`` or the data
folder's SQLite file). Exit 0 when done, 1 when the database is newer than this app
or cannot be read. Only versions are printed: never a record, never the URL (it may
hold a password).
"""

from __future__ import annotations

import argparse
import sys

UNREADABLE = (
    "intake-app: the database cannot be read ({kind}); check that its server answers "
    "and that the account in the URL may use it."
)
NO_DATABASE = "There is no database here yet; `intake-app db upgrade` makes one."


def add_db_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``db upgrade [--url URL]`` and ``db version [--url URL]``."""
    db = commands.add_parser("db", help="the database's schema version; upgrade it")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for action, what in (
        ("upgrade", "bring the database to this app's version (on PostgreSQL as its owner)"),
        ("version", "print the database's version and the one this app needs"),
    ):
        parser = actions.add_parser(action, help=what)
        parser.add_argument(
            "--url",
            metavar="URL",
            help="the database (default: INTAKE_DATABASE_URL, or the data folder's SQLite file)",
        )


def run(args: argparse.Namespace) -> int:
    # Imported here: the parser (built for every command) needs none of the storage.
    from intake_app.services.schema_upgrade import SchemaVersionError
    from intake_app.services.this_machine import UnreadableDatabase
    from intake_app.settings import load_settings

    url = args.url or load_settings().database_url
    try:
        if args.db_command == "upgrade":
            return upgrade(url)
        return version(url)
    except SchemaVersionError as exc:
        print(f"intake-app: {exc}", file=sys.stderr)
        return 1
    except UnreadableDatabase as exc:
        print(UNREADABLE.format(kind=type(exc).__name__), file=sys.stderr)
        return 1


def upgrade(url: str) -> int:
    from intake_app.services.schema_upgrade import upgrade_database

    done = upgrade_database(url)
    if done.before is None:
        print(f"Made a new database at version {done.after}.")
    elif done.changed:
        print(f"Upgraded the database from version {done.before} to {done.after}.")
    else:
        print(f"The database is already at version {done.after}; nothing to do.")
    return 0


def version(url: str) -> int:
    from intake_app.services.schema_upgrade import database_versions

    versions = database_versions(url)
    if versions is None:
        print(NO_DATABASE)
        return 0
    print(f"Database version: {versions.found or 'none (empty database)'}")
    print(f"This app's version: {versions.needed}")
    if versions.advice:
        print(versions.advice)
        return 1
    return 0
