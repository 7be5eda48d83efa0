"""``intake-app backup DIR``: one consistent copy of a clinic's records, made while it works.

A backup folder holds (see ``backup_manifest`` for the manifest)::

    database/intake.sqlite3 or database/intake.pgdump   the database (backup_database)
    documents/<document id>.pdf    every chart document a document row names
    documents/other-<n>.<ext>      anything else in the documents folder
    clinic/clinic.toml             the clinic file
    forms/...                      the clinic's own forms folder, if it has one
    keys/<name>                    the seal certificates (public)
    keys.enc                       the private keys, only with --include-keys (backup_keys)
    manifest.json                  written last: every file's size and SHA-256

The database is copied first; the documents listed are those of the copy's own
snapshot, so every document row in the backup has its file (a document being made
at that moment is taken from its staged file, ``chart.document_files``). The folder
must be new or empty: a backup never overwrites an earlier one. Everything written
is owner-only.

Backups are made at the machine's command line by whoever can read the data folder
and the database: that access is the gate, as it is for the files themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from intake_app import __version__
from intake_app.chart.document_files import staged_path
from intake_app.chart.seal import EARLIER_FOLDER
from intake_app.paths import shipped_forms_dir
from intake_app.private_files import private_folder
from intake_app.services.backup_database import (
    POSTGRES_DUMP,
    SQLITE_COPY,
    DatabaseCopy,
    RecordedDocument,
    copy_sqlite,
    database_kind,
    dump_postgres,
    postgres_snapshot,
    sqlite_file,
)
from intake_app.services.backup_keys import KEYS_FILE, encrypt_keys, is_private
from intake_app.services.backup_manifest import (
    BackupFailed,
    BackupProblem,
    FileEntry,
    Manifest,
    Progress,
    copy_new_file,
    entry_for,
    write_manifest,
    write_new_file,
)
from intake_app.settings import Settings

EVERY = 100  # a progress line per this many documents


@dataclass
class BackupMade:
    """The manifest written, and what the person should know about the backup."""

    manifest: Manifest
    notes: list[str] = field(default_factory=list)


def make_backup(
    settings: Settings,
    folder: Path,
    *,
    passphrase: str | None = None,
    progress: Progress = lambda _line: None,
    every: int = EVERY,
) -> BackupMade:
    """Back up the database, documents, clinic file, own forms and certificates to
    ``folder``; the private keys too (encrypted) when ``passphrase`` is given."""
    _check_new_folder(folder)
    kind = database_kind(settings.database_url)
    if kind == "sqlite" and not sqlite_file(settings.database_url).is_file():
        raise BackupProblem(
            f"There is no database at {sqlite_file(settings.database_url)}; there is nothing "
            "to back up (is INTAKE_DATA_DIR or INTAKE_DATABASE_URL right?)."
        )
    private_folder(folder)
    progress(f"Copying the database ({_HOW[kind]})")
    copy, database_entry = _copy_database(settings.database_url, folder, kind)
    manifest = Manifest(
        app_version=__version__,
        made_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        database=copy.facts,
        data_dir=str(settings.data_dir.absolute()),
        documents_dir=str(settings.documents_dir.absolute()),
        pkcs12_file=settings.clinic.seal.pkcs12_file,
        files=[database_entry],
    )
    made = BackupMade(manifest)
    _copy_documents(
        copy.documents, settings.documents_dir, folder, made, progress=progress, every=every
    )
    _copy_clinic_file(settings, folder, made, progress)
    _copy_own_forms(settings, folder, made, progress)
    _copy_keys(settings, folder, made, passphrase, progress)
    progress("Writing the manifest")
    write_manifest(folder, manifest)
    return made


_HOW = {"sqlite": "SQLite online backup", "postgresql": "pg_dump"}


def _check_new_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupProblem(f"{folder} is a file; give a new or empty folder for the backup.")
    if folder.is_dir() and any(folder.iterdir()):
        raise BackupProblem(
            f"{folder} is not empty; a backup never overwrites an earlier one. "
            "Give a new or empty folder."
        )


def _copy_database(url: str, folder: Path, kind: str) -> tuple[DatabaseCopy, FileEntry]:
    try:
        if kind == "sqlite":
            copy = copy_sqlite(url, folder / SQLITE_COPY)
            return copy, entry_for(folder, SQLITE_COPY, "database")
        with postgres_snapshot(url) as (snapshot, copy):
            dump_postgres(url, snapshot, folder / POSTGRES_DUMP)
        return copy, entry_for(folder, POSTGRES_DUMP, "database")
    except SQLAlchemyError as exc:
        raise BackupFailed(
            f"The database could not be read ({type(exc).__name__}): is the server running, "
            "and is INTAKE_DATABASE_URL right?"
        ) from exc


def _copy_documents(
    documents: list[RecordedDocument],
    documents_dir: Path,
    folder: Path,
    made: BackupMade,
    *,
    progress: Progress,
    every: int,
) -> None:
    """Every document the copy's rows name, then the rest of the documents folder."""
    sources = [(document, _document_source(document)) for document in documents]
    taken = {Path(document.path) for document in documents} | {s for _, s in sources if s}
    others = _other_files(documents_dir, taken)
    total = len(documents) + len(others)
    progress(f"Copying {total} document file(s)")
    for done, (document, source) in enumerate(sources, start=1):
        if source is None:
            made.notes.append(
                f"Document {document.id}: its file is missing; it is not in the backup."
            )
        else:
            name = f"documents/{document.id}.pdf"
            entry = _copy(
                source, folder, name, "document", original=document.path, document_id=document.id
            )
            made.manifest.files.append(entry)
            if entry.sha256 != document.sha256:
                made.notes.append(
                    f"Document {document.id}: its file does not match the SHA-256 its record "
                    "holds; copied as it is. Run `intake-app audit verify`."
                )
        _report(progress, done, total, every)
    for number, source in enumerate(others, start=1):
        name = f"documents/other-{number}{source.suffix}"
        made.manifest.files.append(
            _copy(source, folder, name, "documents_folder", original=str(source.absolute()))
        )
        _report(progress, len(documents) + number, total, every)


def _report(progress: Progress, done: int, total: int, every: int) -> None:
    if done % every == 0 or done == total:
        progress(f"copied {done} of {total} documents")


def _document_source(document: RecordedDocument) -> Path | None:
    """The document's file, or its staged file while it is being put in place."""
    path = Path(document.path)
    for candidate in (path, staged_path(path.parent, document.id)):
        if candidate.is_file():
            return candidate
    return None


def _other_files(documents_dir: Path, recorded: set[Path]) -> list[Path]:
    """The files of the documents folder that no document row names (sorted)."""
    if not documents_dir.is_dir():
        return []
    named = {path.absolute() for path in recorded}
    files = (path for path in documents_dir.rglob("*") if path.is_file() and not path.is_symlink())
    return sorted(path for path in files if path.absolute() not in named)


def _copy_clinic_file(
    settings: Settings, folder: Path, made: BackupMade, progress: Progress
) -> None:
    if not settings.clinic_file.is_file():
        made.notes.append(f"There is no clinic file ({settings.clinic_file}) to back up.")
        return
    progress("Copying the clinic file")
    original = str(settings.clinic_file.absolute())
    made.manifest.files.append(
        _copy(settings.clinic_file, folder, "clinic/clinic.toml", "clinic_file", original=original)
    )


def _copy_own_forms(settings: Settings, folder: Path, made: BackupMade, progress: Progress) -> None:
    """The clinic's own forms folder (INTAKE_FORMS_DIR); the shipped forms come with the app."""
    forms = settings.forms_dir
    if forms.resolve() == shipped_forms_dir().resolve() or not forms.is_dir():
        return
    progress("Copying the clinic's forms")
    made.manifest.forms_dir = str(forms.absolute())
    for source in sorted(path for path in forms.rglob("*") if path.is_file()):
        relative = source.relative_to(forms).as_posix()
        made.manifest.files.append(
            _copy(source, folder, f"forms/{relative}", "form", original=str(source.absolute()))
        )


def _copy_keys(
    settings: Settings, folder: Path, made: BackupMade, passphrase: str | None, progress: Progress
) -> None:
    """Certificates as they are; private keys encrypted with ``passphrase``, or left out."""
    keys = settings.keys_dir
    files = sorted(path for path in keys.iterdir() if path.is_file()) if keys.is_dir() else []
    earlier = keys / EARLIER_FOLDER  # the certificates documents sealed before still need
    files += sorted(earlier.glob("*.pem")) if earlier.is_dir() else []
    private = {path.name: path.read_bytes() for path in files if is_private(path)}
    for path in files:
        if path.name not in private:
            original = str(path.absolute())
            name = f"keys/{path.relative_to(keys).as_posix()}"
            entry = _copy(path, folder, name, "certificate", original=original)
            made.manifest.files.append(entry)
    if settings.clinic.seal.pkcs12_file:
        made.notes.append(
            f"The clinic's own certificate file ({settings.clinic.seal.pkcs12_file}) is not in "
            "the backup: keep a copy of it, and of its password, somewhere safe."
        )
    if not private:
        return
    if passphrase is None:
        made.manifest.keys_left_out = sorted(private)
        made.notes.append(
            "The private seal key is not in the backup (add --include-keys to include it, "
            "encrypted); without it a restored machine makes a new key on its next seal."
        )
        return
    progress("Encrypting the private keys")
    size, sha256 = write_new_file(folder / KEYS_FILE, encrypt_keys(private, passphrase))
    made.manifest.files.append(
        FileEntry(KEYS_FILE, "keys", size, sha256, original=str(keys.absolute()))
    )
    made.manifest.keys_included = made.manifest.keys_encrypted = True


def _copy(
    source: Path,
    folder: Path,
    name: str,
    kind: str,
    *,
    original: str,
    document_id: str | None = None,
) -> FileEntry:
    size, sha256 = copy_new_file(source, folder / name)
    return FileEntry(name, kind, size, sha256, original, document_id)
