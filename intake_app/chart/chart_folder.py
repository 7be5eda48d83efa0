"""Putting a copy of a sealed document into the clinic's chart folder, never over another file.

The chart folder is the clinic's (a local folder or a network share): a copy there
must be whole or absent, whatever happens while it is written. So:

1. the bytes go to a new temporary file in the same folder (``.filing-<id>-<random>.tmp``),
   flushed and fsynced;
2. the temporary file gets the document's name with ``os.link``, which never replaces
   a file (a folder that cannot link, as some network shares, falls back to a
   rename made only when the name is free);
3. the temporary name is removed and the folder fsynced.

An existing file of that name is left alone: if it holds the same bytes the copy is
there already; otherwise ``OtherFileThere``. Any other failure (the folder missing,
the disk full, no permission) raises the ``OSError`` after removing the temporary
file. This module works on files only: it reads no database.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from intake_app.private_files import sync_folder

TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".filing-", ".tmp"
# What a folder that cannot hard-link says (SMB and FAT disks, some NAS shares).
_CANNOT_LINK = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EXDEV}


class OtherFileThere(FileExistsError):
    """Another file with the document's name is in the chart folder, with other contents."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} is already in the chart folder with other contents; it was not replaced"
        )
        self.name = name


def place_copy(folder: Path, name: str, data: bytes, document_id: str) -> bool:
    """Write ``data`` as ``folder/name``; True when written, False when the very same
    bytes were there already. ``OtherFileThere`` or ``OSError`` otherwise."""
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    target = folder / name
    temporary = folder / f"{TEMPORARY_PREFIX}{document_id}-{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
    try:
        _write_new(temporary, data)
        placed = _give_name(temporary, target, data)
        sync_folder(folder, required=True)
    finally:
        _remove(temporary)
    return placed


def _write_new(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o644)  # the umask decides who else may read it
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _give_name(temporary: Path, target: Path, data: bytes) -> bool:
    try:
        os.link(temporary, target)
    except FileExistsError:
        return _same_there(target, data)
    except OSError as exc:
        if exc.errno not in _CANNOT_LINK:
            raise
        if target.exists():
            return _same_there(target, data)
        os.rename(temporary, target)  # the name was free a moment ago (Windows: never over one)
    return True


def _same_there(target: Path, data: bytes) -> bool:
    """False when ``target`` already holds exactly ``data``; else ``OtherFileThere``."""
    if target.read_bytes() != data:
        raise OtherFileThere(target.name)
    return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
