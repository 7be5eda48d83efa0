"""Writing a sealed document to the documents folder so that a kill at any moment leaves
no stray copy and never a second document for one signing.

1. ``stage``: the PDF is written to ``.incoming-<document id>.pdf`` (a new file, readable
   by its owner only), fsynced, and the folder fsynced;
2. the caller commits the document's row (and removes the staged file if that fails);
3. ``put_in_place``: the staged file is linked to the document's name, never over another
   file, the folder fsynced, and the staged name removed.

A kill before 2 leaves a staged file that no row names: ``recover_interrupted_writes``
deletes it, and the signing gets its only document from ``make-missing`` as usual. A
kill after 2 leaves a row whose file is still staged: the same step links it into place
once its SHA-256 matches the row. It deletes only ``.incoming-*.pdf`` files, and those
written in the last moments only once their document is in place (another tablet may be
writing them right now). Its log names documents by id and files by count only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from intake_app.private_files import private_folder
from intake_app.storage.tables import Document

LOG = logging.getLogger(__name__)
STAGED_PREFIX, STAGED_SUFFIX = ".incoming-", ".pdf"


class DocumentExistsError(FileExistsError):
    """A chart document with this name is already filed; it is never replaced."""


def staged_path(folder: Path, document_id: str) -> Path:
    return folder / f"{STAGED_PREFIX}{document_id}{STAGED_SUFFIX}"


def stage(target: Path, document_id: str, data: bytes) -> Path:
    """Write the document beside its ``target`` name, not yet under it; return the staged file.

    Refuses when ``target`` exists: chart documents are never overwritten.
    """
    folder = target.parent
    private_folder(folder)  # made owner-only if new; a folder the clinic shares stays as it is
    if target.exists():
        raise DocumentExistsError(f"{target} already exists; chart documents are never overwritten")
    staged = staged_path(folder, document_id)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(staged, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _sync_folder(folder)  # the staged name survives a power cut once the row is committed
    except BaseException:
        discard(staged)
        raise
    return staged


def put_in_place(staged: Path, target: Path) -> None:
    """Give the staged document its name (never over another file), then drop the staged name."""
    try:
        os.link(staged, target)
    except FileExistsError as exc:
        if not _placed_from(staged, target):
            raise DocumentExistsError(
                f"{target} already exists; chart documents are never overwritten"
            ) from exc
    except FileNotFoundError:
        if not target.exists():
            raise
        # Another process finishing interrupted writes put it in place and removed it.
    _sync_folder(target.parent)
    discard(staged)


def discard(staged: Path) -> bool:
    """Remove a staged file; False when it was gone already."""
    try:
        os.unlink(staged)
    except FileNotFoundError:
        return False
    return True


def _placed_from(staged: Path, target: Path) -> bool:
    """Whether ``target`` is the staged file itself (placed by a recovery meanwhile)."""
    try:
        return os.path.samefile(staged, target)
    except FileNotFoundError:
        return True  # the staged name is gone: the recovery placed it, then removed it


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@dataclass
class Recovery:
    """What ``recover_interrupted_writes`` did: documents put in place, staged files removed."""

    placed: list[str] = field(default_factory=list)  # document ids
    removed: int = 0


def recover_interrupted_writes(
    session: Session, documents_dir: Path, *, settled_before: dt.datetime
) -> Recovery:
    """Finish or undo the document writes a kill interrupted, in the documents folder and
    every folder a document row names.

    A staged file whose row exists and whose document is missing is put in place when
    its SHA-256 matches the row. A staged file is then removed once its document is in
    place, or once it was last written before ``settled_before`` (nobody is still
    writing it; without a row it belongs to no document).
    """
    recovery = Recovery()
    for staged in _staged_files(_folders(session, documents_dir)):
        try:
            _recover(session, staged, settled_before, recovery)
        except OSError as exc:
            LOG.error("a staged document file could not be recovered: %s", type(exc).__name__)
    if recovery.placed or recovery.removed:
        LOG.warning(
            "interrupted document writing: %d document(s) put in place (%s); "
            "%d staged file(s) no document needed removed",
            len(recovery.placed),
            ", ".join(recovery.placed),
            recovery.removed,
        )
    return recovery


def _recover(session: Session, staged: Path, settled_before: dt.datetime, into: Recovery) -> None:
    written = os.lstat(staged)
    if not stat.S_ISREG(written.st_mode):
        return  # a link or a folder of that name is not ours to touch
    row = session.get(Document, staged.name[len(STAGED_PREFIX) : -len(STAGED_SUFFIX)])
    if row is not None and _owed(staged, row):
        put_in_place(staged, Path(row.path))
        into.placed.append(row.id)
        return
    in_place = row is not None and Path(row.path).exists()
    if (in_place or written.st_mtime < settled_before.timestamp()) and discard(staged):
        into.removed += 1


def _owed(staged: Path, row: Document) -> bool:
    """Whether the staged file is the row's document, still to be put in place beside it."""
    target = Path(row.path)
    return target.parent == staged.parent and not target.exists() and _matches(staged, row)


def _matches(staged: Path, row: Document) -> bool:
    data = staged.read_bytes()
    return len(data) == row.size_bytes and hashlib.sha256(data).hexdigest() == row.sha256


def _folders(session: Session, documents_dir: Path) -> list[Path]:
    """The documents folder and every folder a document row names, each once."""
    named = {Path(path).parent for path in session.exec(select(Document.path))}
    return [documents_dir, *sorted(named - {documents_dir})]


def _staged_files(folders: list[Path]) -> Iterator[Path]:
    """The ``.incoming-*.pdf`` names of the folders."""
    for folder in folders:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except FileNotFoundError:
            continue
        except OSError as exc:
            LOG.error("a documents folder could not be read: %s", type(exc).__name__)
            continue
        for entry in entries:
            if entry.name.startswith(STAGED_PREFIX) and entry.name.endswith(STAGED_SUFFIX):
                yield Path(entry.path)
