"""``intake-app restore DIR``: a backup back into an empty data folder and an empty database.

Nothing is written until everything is known to be right:

1. the backup's manifest is read (a folder without one is not a finished backup);
2. the places it goes to are free: the data folder empty (or not there yet), the
   SQLite database file not there, or the PostgreSQL database without tables; the
   clinic file, the forms folder and every document's file not there;
3. every file's size and SHA-256 match the manifest (each missing or changed file
   is named, by its neutral name inside the backup);
4. the private keys, if the backup has them, open with the passphrase.

Then the database, the documents, the clinic file, the forms and the keys are
written, with a progress line per step and per so many documents, and the restored
database's audit trail is walked.

Document rows name their files by full path, and the database refuses to change a
document row; so documents go back to the very paths their rows name, and a backup
whose documents were in its data folder restores into a data folder at the same
path (the usual case: a machine replaced, the same install). Moving a data folder is
refused with what to do instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from intake_app.paths import shipped_forms_dir
from intake_app.private_files import private_folder
from intake_app.services.backup_database import (
    database_kind,
    postgres_is_empty,
    restore_postgres,
    sqlite_file,
)
from intake_app.services.backup_keys import KEYS_FILE, decrypt_keys
from intake_app.services.backup_manifest import (
    BackupFailed,
    BackupProblem,
    FileEntry,
    Manifest,
    Progress,
    copy_new_file,
    damaged_files,
    read_manifest,
    write_new_file,
)
from intake_app.settings import Settings
from intake_app.storage.audit_check import check_chain
from intake_app.storage.db import Database

EVERY = 100  # a progress line per this many documents


@dataclass
class Restored:
    """What was restored, the audit trail's state, and what the person should do next."""

    manifest: Manifest
    chain_events: int = 0
    chain_problem: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Targets:
    """Where each kind of file of the backup goes on this machine."""

    settings: Settings
    forms_dir: Path
    forms_from_environment: bool

    def place(self, entry: FileEntry, manifest: Manifest) -> Path:
        if entry.kind == "clinic_file":
            return self.settings.clinic_file
        if entry.kind == "certificate":  # keys/NAME, or keys/earlier-certificates/NAME
            return self.settings.keys_dir / Path(entry.name).relative_to("keys")
        if entry.kind == "form":
            return self.forms_dir / Path(entry.name).relative_to("forms")
        return Path(entry.original)  # a document: where its row names it


def restore_backup(
    settings: Settings,
    folder: Path,
    *,
    passphrase: Callable[[], str],
    progress: Progress = lambda _line: None,
    every: int = EVERY,
) -> Restored:
    """Restore the backup in ``folder`` into this machine's empty data folder and database.

    ``passphrase`` is asked only when the backup holds encrypted keys."""
    manifest = read_manifest(folder)
    targets = _targets(settings)
    progress("Checking that the data folder and the database are empty")
    _check_targets_free(manifest, targets)
    progress(f"Checking the SHA-256 of {len(manifest.files)} file(s) of the backup")
    damaged = damaged_files(folder, manifest.files)
    if damaged:
        raise BackupFailed(
            f"The backup in {folder} is damaged; nothing was restored:\n  " + "\n  ".join(damaged)
        )
    keys = (
        decrypt_keys((folder / KEYS_FILE).read_bytes(), passphrase())
        if manifest.keys_included
        else {}
    )
    private_folder(settings.data_dir)
    _restore_database(settings, folder, manifest, progress)
    _restore_files(folder, manifest, targets, progress, every)
    _restore_keys(settings, keys, progress)
    restored = Restored(manifest, notes=_notes(manifest, targets))
    progress("Checking the restored audit trail")
    restored.chain_events, restored.chain_problem = _chain(settings.database_url)
    return restored


def _targets(settings: Settings) -> _Targets:
    from_environment = settings.forms_dir.resolve() != shipped_forms_dir().resolve()
    forms = settings.forms_dir if from_environment else settings.data_dir / "forms"
    return _Targets(settings, forms, from_environment)


def _check_targets_free(manifest: Manifest, targets: _Targets) -> None:
    settings = targets.settings
    kind = database_kind(settings.database_url)
    if kind != manifest.database.kind:
        raise BackupProblem(
            f"The backup is of a {manifest.database.kind} database and INTAKE_DATABASE_URL names "
            f"a {kind} one; point INTAKE_DATABASE_URL at an empty {manifest.database.kind} "
            "database."
        )
    if settings.data_dir.is_dir() and any(settings.data_dir.iterdir()):
        raise BackupProblem(
            f"The data folder {settings.data_dir} is not empty; a restore never overwrites "
            "records. Restore into an empty data folder (INTAKE_DATA_DIR)."
        )
    _check_database_empty(settings.database_url, kind)
    _check_same_data_folder(manifest, settings)
    taken = [
        _named(entry, path)
        for entry in manifest.files
        if entry.kind not in ("database", "keys")
        and (path := targets.place(entry, manifest)).exists()
    ]
    if targets.forms_dir.is_dir() and any(targets.forms_dir.iterdir()) and manifest.forms_dir:
        taken.append(str(targets.forms_dir))
    if taken:
        raise BackupProblem(
            f"{len(taken)} place(s) the backup restores to are taken already, e.g. {taken[0]}; "
            "a restore never overwrites a file. Move them away or restore elsewhere."
        )


def _named(entry: FileEntry, path: Path) -> str:
    """A place named for a person at the terminal: a document by its id (its file name
    holds the patient's name), anything else by its path."""
    if entry.kind == "document":
        return f"the file of document {entry.document_id}"
    if entry.kind == "documents_folder":
        return f"a file of the documents folder {path.parent}"
    return str(path)


def _check_database_empty(url: str, kind: str) -> None:
    if kind == "sqlite":
        if sqlite_file(url).exists():
            raise BackupProblem(
                f"The database file {sqlite_file(url)} exists already; a restore never "
                "overwrites a database. Move it away, or restore into another data folder."
            )
        return
    try:
        empty = postgres_is_empty(url)
    except SQLAlchemyError as exc:
        raise BackupFailed(
            f"The database could not be reached ({type(exc).__name__}): is the server "
            "running, and is INTAKE_DATABASE_URL right?"
        ) from exc
    if not empty:
        raise BackupProblem(
            "The PostgreSQL database INTAKE_DATABASE_URL names is not empty (it has tables, "
            "sequences or functions of its own); restore into a new, empty database "
            "(CREATE DATABASE ... OWNER the clinic's owner role)."
        )


def _check_same_data_folder(manifest: Manifest, settings: Settings) -> None:
    """Document rows name full paths: documents once in the data folder need that path."""
    old = Path(manifest.data_dir)
    if settings.data_dir.absolute() == old:
        return
    inside = [e for e in manifest.of_kind("document") if Path(e.original).is_relative_to(old)]
    if inside:
        raise BackupProblem(
            f"The backup's chart documents were in the data folder {old}, and the records "
            "name them there (a record of a sealed document never changes). Restore with "
            f"INTAKE_DATA_DIR={old}."
        )


def _restore_database(
    settings: Settings, folder: Path, manifest: Manifest, progress: Progress
) -> None:
    (entry,) = manifest.of_kind("database")
    if manifest.database.kind == "sqlite":
        progress("Restoring the database (SQLite)")
        _copy_checked(folder, entry, sqlite_file(settings.database_url))
        return
    progress("Restoring the database (pg_restore)")
    restore_postgres(settings.database_url, folder / entry.name)


def _restore_files(
    folder: Path, manifest: Manifest, targets: _Targets, progress: Progress, every: int
) -> None:
    documents = manifest.of_kind("document", "documents_folder")
    progress(f"Restoring {len(documents)} document file(s)")
    for done, entry in enumerate(documents, start=1):
        _copy_checked(folder, entry, targets.place(entry, manifest))
        if done % every == 0 or done == len(documents):
            progress(f"copied {done} of {len(documents)} documents")
    rest = manifest.of_kind("clinic_file", "form", "certificate")
    if rest:
        progress("Restoring the clinic file, forms and certificates")
    for entry in rest:
        _copy_checked(folder, entry, targets.place(entry, manifest))


def _restore_keys(settings: Settings, keys: dict[str, bytes], progress: Progress) -> None:
    if not keys:
        return
    progress("Restoring the private keys")
    for name, data in sorted(keys.items()):
        write_new_file(settings.keys_dir / Path(name).name, data)


def _copy_checked(folder: Path, entry: FileEntry, target: Path) -> None:
    """Copy one file of the backup; its bytes are hashed again as they are written."""
    size, sha256 = copy_new_file(folder / entry.name, target)
    if (size, sha256) != (entry.size, entry.sha256):
        target.unlink(missing_ok=True)
        raise BackupFailed(
            f"{entry.name} changed while it was being restored; the restore stopped. "
            "Empty the data folder and the database before trying again."
        )


def _notes(manifest: Manifest, targets: _Targets) -> list[str]:
    notes = []
    if manifest.keys_left_out:
        notes.append(
            "The backup holds no private seal key; copy it into "
            f"{targets.settings.keys_dir} from a safe copy, or the next seal makes a new key."
        )
    if manifest.pkcs12_file:
        notes.append(f"The clinic's own certificate file must be at {manifest.pkcs12_file}.")
    if manifest.forms_dir and not targets.forms_from_environment:
        notes.append(
            f"The clinic's own forms are in {targets.forms_dir}: set "
            f"INTAKE_FORMS_DIR={targets.forms_dir} for the app to use them."
        )
    return notes


def _chain(url: str) -> tuple[int, str | None]:
    """The restored audit trail, walked: its event count and its first problem, if any."""
    database = Database(url)
    try:
        with database.session() as session:
            report = check_chain(session)
    finally:
        database.dispose()
    return report.events, report.problem
