"""``intake-app backup DIR`` and ``intake-app restore DIR``.

``backup`` copies the database (while stations keep working), every chart document,
the clinic file, the clinic's own forms and the seal certificates into a new or empty
folder, with a manifest of every file's SHA-256 written last; the private seal key
only with ``--include-keys``, encrypted with a passphrase (asked twice, or read from
the first line of standard input with ``--passphrase-stdin``).

``restore`` checks every file of a backup against its manifest, then writes it into
an empty data folder and an empty database; a passphrase is asked (once) when the
backup holds keys. Progress lines go to standard error: steps and counts, never a
patient's name. The work is done by ``services.backup`` and ``services.restore``.

Exit status: 0 done; 2 when the folder or the target is not usable or the passphrase
is wrong (nothing written to the target); 1 when something failed (a damaged backup,
a missing ``pg_dump``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built on every command: the rest loads when backing up
    from intake_app.services.restore import Restored

PASSPHRASE_STDIN = "--passphrase-stdin"


def add_backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``backup DIR [--include-keys [--passphrase-stdin]]`` and ``restore DIR``."""
    backup = commands.add_parser(
        "backup",
        help="copy the database, documents, clinic file and certificates to a new folder",
        description="Write a consistent copy of this clinic's records into DIR (new or "
        "empty) while stations keep working: the database (SQLite's online backup or "
        "pg_dump), every chart document, the clinic file, the clinic's own forms and the "
        "seal certificates, with manifest.json (every file's size and SHA-256) written last.",
    )
    backup.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    backup.add_argument(
        "--include-keys",
        action="store_true",
        help="also the private seal key, encrypted with a passphrase (asked twice)",
    )
    backup.add_argument("--passphrase-stdin", action="store_true", help=_STDIN)
    restore = commands.add_parser(
        "restore",
        help="restore a backup into an empty data folder and an empty database",
        description="Check every file of the backup in DIR against its manifest, then "
        "restore it into the empty data folder (INTAKE_DATA_DIR) and the empty database "
        "(INTAKE_DATABASE_URL). Nothing is written when a file is missing or changed.",
    )
    restore.add_argument("folder", type=Path, metavar="DIR", help="the folder of a backup")
    restore.add_argument("--passphrase-stdin", action="store_true", help=_STDIN)


_STDIN = "read the keys' passphrase from the first line of standard input instead of asking"


def run(args: argparse.Namespace) -> int:
    from intake_app.services.backup_manifest import BackupProblem

    try:
        if args.command == "restore":
            return restore(args.folder, from_stdin=args.passphrase_stdin)
        return backup(args.folder, include_keys=args.include_keys, from_stdin=args.passphrase_stdin)
    except BackupProblem as exc:
        print(f"intake-app: {exc}", file=sys.stderr)
        return exc.exit_status


def backup(folder: Path, *, include_keys: bool, from_stdin: bool) -> int:
    from intake_app.services.backup import make_backup
    from intake_app.services.backup_manifest import BackupProblem
    from intake_app.settings import load_settings

    if from_stdin and not include_keys:
        raise BackupProblem(f"{PASSPHRASE_STDIN} goes with --include-keys; nothing was written.")
    settings = load_settings()
    passphrase = _new_passphrase(from_stdin) if include_keys else None
    made = make_backup(settings, folder, passphrase=passphrase, progress=_progress)
    for note in made.notes:
        print(f"intake-app: {note}", file=sys.stderr)
    facts = made.manifest.database
    keys = "included, encrypted" if made.manifest.keys_included else "not included"
    print(
        f"Backup written to {folder}: {len(made.manifest.files)} file(s); {facts.intakes} "
        f"intake(s), {facts.documents} document(s), {facts.audit_events} audit event(s); "
        f"private keys {keys}."
    )
    return 0


def restore(folder: Path, *, from_stdin: bool) -> int:
    from intake_app.services.restore import restore_backup
    from intake_app.settings import load_settings

    settings = load_settings()
    done = restore_backup(
        settings, folder, passphrase=lambda: _passphrase(from_stdin), progress=_progress
    )
    for note in done.notes:
        print(f"intake-app: {note}", file=sys.stderr)
    print(_restored_line(done, settings.data_dir))
    if done.chain_problem:
        print(f"Audit trail: NOT INTACT: {done.chain_problem}")
        return 1
    print(f"Audit trail: intact, {done.chain_events} event(s).")
    return 0


def _restored_line(done: Restored, data_dir: Path) -> str:
    facts = done.manifest.database
    return (
        f"Restored the backup made {done.manifest.made_at} (app {done.manifest.app_version}) "
        f"into {data_dir}: {facts.intakes} intake(s), {facts.documents} document(s), "
        f"{facts.audit_events} audit event(s)."
    )


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _new_passphrase(from_stdin: bool) -> str:
    """A passphrase for the keys: the first line of standard input, or asked twice."""
    from intake_app.services.backup_keys import passphrase_problem
    from intake_app.services.backup_manifest import BackupProblem

    if from_stdin:
        passphrase = _stdin_line()
    else:
        _need_terminal()
        passphrase = getpass.getpass("Passphrase for the backup's keys: ")
        if getpass.getpass("The same passphrase again: ") != passphrase:
            raise BackupProblem("The two passphrases differ; nothing was written.")
    problem = passphrase_problem(passphrase)
    if problem:
        raise BackupProblem(f"{problem} Nothing was written.")
    return passphrase


def _passphrase(from_stdin: bool) -> str:
    """The passphrase the backup's keys were encrypted with."""
    if from_stdin:
        return _stdin_line()
    _need_terminal()
    return getpass.getpass("Passphrase of the backup's keys: ")


def _stdin_line() -> str:
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


def _need_terminal() -> None:
    from intake_app.services.backup_manifest import BackupProblem

    if not sys.stdin.isatty():
        raise BackupProblem(
            f"There is no terminal to ask for the passphrase: give it on standard input "
            f"with {PASSPHRASE_STDIN}."
        )
