"""A backup's manifest: every file it holds, with its size and SHA-256, and what it is of.

``manifest.json`` is written last (in one step, owner-only), so a backup folder without
one is visibly incomplete. Files keep neutral names inside a backup (a chart document is
``documents/<document id>.pdf``, never the patient's name), so a line naming a missing or
changed file carries no patient data; where each file came from (``original``) is in the
manifest, which is as private as the database beside it.

The files are copied here too: streamed, hashed as written, each new file owner-only
(0600) and fsynced, its folder made owner-only if new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from intake_app.private_files import (
    FILE_MODE,
    private_folder,
    replace_private_file,
    sync_folder,
)

MANIFEST = "manifest.json"
FORMAT = "intake-app backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
# Where progress lines go (the command prints them on standard error): steps and counts
# only, never a patient's name or a document's file name.
Progress = Callable[[str], None]


class BackupProblem(Exception):
    """The backup or the restore cannot go on; the message says why and what to do.

    ``exit_status``: 2 for what the person asked (a folder in use, a wrong passphrase),
    1 for what failed (a missing tool, a damaged backup)."""

    exit_status = 2


class BackupFailed(BackupProblem):
    exit_status = 1


@dataclass(frozen=True)
class FileEntry:
    """One file of a backup: its name inside the backup folder, what it is, its sums.

    ``kind``: database | clinic_file | document | documents_folder | certificate | keys |
    form. ``original``: where it was when the backup was made (absolute).
    ``document_id``: the document row a chart document belongs to.
    """

    name: str
    kind: str
    size: int
    sha256: str
    original: str = ""
    document_id: str | None = None


@dataclass(frozen=True)
class DatabaseFacts:
    """What the manifest says about the database copy."""

    kind: str  # sqlite | postgresql
    schema_version: str | None
    intakes: int
    documents: int
    audit_events: int


@dataclass
class Manifest:
    """Everything a restore needs to know besides the files themselves."""

    app_version: str
    made_at: str  # UTC, ISO 8601
    database: DatabaseFacts
    data_dir: str
    documents_dir: str
    keys_included: bool = False
    keys_encrypted: bool = False
    keys_left_out: list[str] = field(default_factory=list)
    pkcs12_file: str = ""  # the clinic's own certificate file: never copied
    forms_dir: str | None = None  # the clinic's own forms folder, if it has one
    files: list[FileEntry] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[FileEntry]:
        return [entry for entry in self.files if entry.kind in kinds]

    def as_json(self) -> bytes:
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` in one step (a reader never sees half of it; its bytes are on
    the disk before it takes the name), then sync the folder so that the name is too."""
    path = folder / MANIFEST
    replace_private_file(path, manifest.as_json())
    sync_folder(folder, required=True)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the backup in ``folder``; BackupProblem when there is none or it is
    not one this version can read."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupProblem(f"{folder} is not a folder; give the folder a backup was made in.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupFailed(
            f"{folder} has no {MANIFEST}: it is not a backup, or a backup that did not "
            "finish (the manifest is written last). Use another backup."
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupFailed(f"{path} cannot be read ({type(exc).__name__}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupFailed(f"{path} is not the manifest of an intake-app backup.")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupFailed(
            f"{path} is of backup format {data.get('format_version')!r}; this version of the "
            f"app reads format {FORMAT_VERSION}. Restore it with the app version that made it "
            f"({data.get('app_version', 'unknown')})."
        )
    return _manifest_from(data, path)


def _manifest_from(data: dict[str, Any], path: Path) -> Manifest:
    try:
        fields = {
            key: value for key, value in data.items() if key not in ("format", "format_version")
        }
        fields["database"] = DatabaseFacts(**fields["database"])
        fields["files"] = [FileEntry(**entry) for entry in fields["files"]]
        return Manifest(**fields)
    except (KeyError, TypeError) as exc:
        raise BackupFailed(f"{path} is incomplete or damaged ({type(exc).__name__}).") from exc


def damaged_files(folder: Path, entries: Iterable[FileEntry]) -> list[str]:
    """One line per file of the manifest that is missing or whose bytes changed, by its
    name inside the backup (never a patient's name)."""
    problems = []
    for entry in entries:
        path = folder / entry.name
        if not path.is_file():
            problems.append(f"{entry.name}: missing from the backup")
        elif path.stat().st_size != entry.size:
            problems.append(
                f"{entry.name}: changed ({path.stat().st_size} bytes, the manifest says "
                f"{entry.size})"
            )
        elif file_sha256(path) != entry.sha256:
            problems.append(f"{entry.name}: changed (its SHA-256 is not the manifest's)")
    return problems


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_new_file(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to the new owner-only file ``target`` (never over another file);
    its size and the SHA-256 of the bytes written. A copy cut short is removed."""
    private_folder(target.parent)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(descriptor, "wb") as out, source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def write_new_file(target: Path, data: bytes) -> tuple[int, str]:
    """Write ``data`` to the new owner-only file ``target``; its size and SHA-256."""
    private_folder(target.parent)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return len(data), hashlib.sha256(data).hexdigest()


def entry_for(folder: Path, name: str, kind: str, **more: Any) -> FileEntry:
    """The manifest entry of a file already in the backup folder (e.g. a database dump)."""
    path = folder / name
    return FileEntry(name, kind, path.stat().st_size, file_sha256(path), **more)
