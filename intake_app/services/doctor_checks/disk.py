"""Whether the disk of the data folder (and of the documents folder, when it is on another
one) has room: every answer and every sealed document is written there.

Under ``LOW_BYTES`` or ``LOW_SHARE`` of the disk free is a warning; under
``TOO_LOW_BYTES`` a problem, as a full disk stops the app storing answers.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from intake_app.services.doctor_checks.findings import Finding, ok, problem, warning
from intake_app.settings import Settings

CHECK = "Free disk space"
LOW_BYTES = 1024**3  # 1 GB
LOW_SHARE = 0.05  # 5% of the disk
TOO_LOW_BYTES = 200 * 1024**2  # 200 MB


class Usage(NamedTuple):
    total: int
    used: int
    free: int


DiskUsage = Callable[[Path], Usage]


def _disk_usage(path: Path) -> Usage:
    total, used, free = shutil.disk_usage(path)
    return Usage(total, used, free)


def check_disk_space(settings: Settings, usage: DiskUsage = _disk_usage) -> list[Finding]:
    """A finding for the data folder's disk, and the documents folder's if it is another."""
    folders = [settings.data_dir]
    if _other_disk(settings.documents_dir, settings.data_dir):
        folders.append(settings.documents_dir)
    return [_room(folder, usage(folder)) for folder in folders if folder.exists()]


def _other_disk(folder: Path, data_dir: Path) -> bool:
    try:
        return os.stat(folder).st_dev != os.stat(data_dir).st_dev
    except OSError:
        return False


def _room(folder: Path, usage: Usage) -> Finding:
    free = f"{_size(usage.free)} free of {_size(usage.total)} on the disk of {folder}"
    todo = (
        "Make room on that disk (move old files elsewhere, never the app's own), or move the "
        "data folder to a larger disk (`intake-app backup DIR`, then `intake-app restore DIR` "
        "on the new disk)."
    )
    if usage.free < TOO_LOW_BYTES:
        return problem(CHECK, f"Only {free}: the app may soon fail to store answers.", todo)
    if usage.free < LOW_BYTES or usage.free < LOW_SHARE * usage.total:
        return warning(CHECK, f"Only {free}.", todo)
    return ok(CHECK, free[0].upper() + free[1:] + ".")


def _size(count: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count // 1024} KB"
