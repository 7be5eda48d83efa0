"""Folders and files the app makes are its owner's only: folders 0700, files 0600.

The data folder holds patients' answers, signatures, chart documents and the
clinic's seal key, so nobody else on the tablet may read any of it. The modes
are given when a folder or file is made, never fixed up afterwards, so there is
no moment at which another user could open it; a chmod after the fact only
undoes a stricter umask. A folder that already exists is left as it is: it may
be one the clinic shares on purpose (a ``--out`` folder, a documents folder
kept elsewhere). The owner-only umask of the command line is a second line of
defence, not what these rules rely on.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
OWNER_ONLY_UMASK = 0o077
# What a folder that cannot be synced at all says: Windows does not open a folder
# (EACCES), some network shares refuse the fsync (EINVAL, EOPNOTSUPP...).
_FOLDER_CANNOT_BE_SYNCED = frozenset(
    {errno.EINVAL, errno.EBADF, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EACCES}
)

LOG = logging.getLogger(__name__)


@contextmanager
def owner_only_umask() -> Iterator[None]:
    """While it lasts, whatever the process makes is readable by its owner only."""
    previous = os.umask(OWNER_ONLY_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def private_folder(path: Path) -> Path:
    """``path`` as a folder, made 0700 with every missing folder above it.

    A folder that exists already keeps its permissions.
    """
    missing = []
    folder = path
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, FOLDER_MODE)
        except FileExistsError:
            continue  # made at the same moment by another program: left as it is
        os.chmod(made, FOLDER_MODE)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder; the app keeps its files in a folder")
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file, made empty and 0600 if missing; an existing file is not touched."""
    write_private_file(path, b"")
    return path


def synced_temporary(target: Path, data: bytes, mode: int = FILE_MODE) -> Path:
    """``data`` in a new hidden file beside ``target`` (``.NAME.xxxx``, ``mode``), on the
    disk already: to be linked or renamed to ``target`` in one step. The caller removes
    it if that step does not happen."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_private_file(path: Path, data: bytes) -> bool:
    """Write a new 0600 file; False (and nothing written) when ``path`` exists already.

    The file takes its name whole or not at all: the bytes go to a hidden temporary
    file, are put on the disk, then linked under the name (which fails if the name
    was taken meanwhile). A crash or a power cut leaves no empty or half-written file
    under the name (an empty ``device-id`` would make a tablet nameless), at most the
    hidden temporary file, which ``intake-app doctor`` points out."""
    if path.exists():
        return False
    temporary = synced_temporary(path, data)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (some network shares)
            return _write_new_in_place(path, data)
    finally:
        temporary.unlink(missing_ok=True)
    sync_folder(path.parent, required=False)
    return True


def _write_new_in_place(path: Path, data: bytes) -> bool:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def replace_private_file(path: Path, data: bytes) -> None:
    """Write ``path`` as a 0600 file in one step: a reader sees the old file or the new one,
    and after a power cut too (the new file is on the disk before it takes the name)."""
    temporary = synced_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent, required=False)


def sync_folder(folder: Path, *, required: bool) -> None:
    """Put a folder's new entries (a file just linked or renamed into it) on the disk, so
    that the new name survives a power cut.

    Some systems cannot sync a folder at all: Windows does not open a folder for it, some
    network shares refuse it (the errors in ``_FOLDER_CANNOT_BE_SYNCED``); there the name
    is kept by the file system's own journal or by the server, and nothing is done.
    Any other failure (the folder is missing, the disk fails) raises the ``OSError`` when
    the sync is ``required``: the caller promises the name is on the disk. Otherwise it is
    ignored: the file is complete under its name either way.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        if required and exc.errno not in _FOLDER_CANNOT_BE_SYNCED:
            raise
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if required and exc.errno not in _FOLDER_CANNOT_BE_SYNCED:
            raise
    finally:
        os.close(descriptor)


def others_may_open(path: Path) -> bool:
    """Whether users other than the owner have any permission on ``path``."""
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)


def tighten_folder(path: Path) -> int | None:
    """Make an existing folder 0700; its permissions before, or None if none was changed."""
    if not path.is_dir() or not others_may_open(path):
        return None
    before = stat.S_IMODE(path.stat().st_mode)
    os.chmod(path, FOLDER_MODE)
    return before


def keep_data_folder_private(data_dir: Path) -> None:
    """Make a data folder that others may open (an older install) owner-only, and log it.

    The log names the folder and its permissions, nothing from inside it.
    """
    try:
        before = tighten_folder(data_dir)
    except PermissionError:
        LOG.warning(
            "The data folder %s can be opened by other users of this computer and cannot be "
            "made owner-only (it belongs to another user); give it to the app's user with "
            "permissions 700.",
            data_dir,
        )
        return
    if before is not None:
        LOG.warning(
            "The data folder %s could be opened by other users of this computer "
            "(permissions %o); it is now open to its owner only (700).",
            data_dir,
            before,
        )
