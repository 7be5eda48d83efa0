"""Writing a sealed document to the documents folder so that a kill at any moment leaves
no stray copy and never a second document for one signing.

1. ``stage``: the PDF is written to ``.incoming-<document id>.pdf`` (a new file, readable
   by its owner only), fsynced, and the folder fsynced;
2. the caller commits the document's row (and removes the staged file if that fails):
   ``intake_app.services.filing``;
3. ``put_in_place``: the staged file is linked to the document's name, never over another
   file, the folder fsynced, and the staged name removed.

What a kill between these steps leaves is finished or undone by
``intake_app.services.document_recovery``, which compares the staged files
(``staged_files``) with the document rows. This module works on files only: it
reads no database.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from intake_app.private_files import private_folder, sync_folder

LOG = logging.getLogger(__name__)
STAGED_PREFIX, STAGED_SUFFIX = ".incoming-", ".pdf"


class DocumentExistsError(FileExistsError):
    """A chart document with this name is already filed; it is never replaced."""


def staged_path(folder: Path, document_id: str) -> Path:
    return folder / f"{STAGED_PREFIX}{document_id}{STAGED_SUFFIX}"


def staged_document_id(staged: Path) -> str:
    """The document id a staged file's name carries (see ``staged_path``)."""
    return staged.name[len(STAGED_PREFIX) : -len(STAGED_SUFFIX)]


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
        # The staged name survives a power cut once the row is committed.
        sync_folder(folder, required=True)
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
    sync_folder(target.parent, required=True)
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


def staged_files(folders: list[Path]) -> Iterator[Path]:
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
