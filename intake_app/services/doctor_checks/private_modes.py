"""Whether the data folder, the keys, the database file and the documents are their
owner's only, as the app makes them (folders 700, files 600: ``private_files``).

A private key (the clinic's seal key, a key set aside, the clinic's own PKCS#12 file)
or the database file that other users of the computer may open is a problem: whoever
reads the key can seal documents as the clinic, whoever reads the database reads every
patient's answers. A certificate others may read gives nothing away, but the app keeps
it private too: a warning. Each finding gives the ``chmod`` to run.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from intake_app.chart.seal import KEY_FILE
from intake_app.private_files import FILE_MODE, FOLDER_MODE
from intake_app.services.doctor_checks.findings import Finding, Level, ok, quoted
from intake_app.settings import Settings

CHECK = "Permissions"


@dataclass(frozen=True)
class Private:
    """A file or folder that must be its owner's only, and why (for the finding)."""

    path: Path
    holds: str  # "the clinic's private seal key"
    level: Level  # when others may open it
    mode: int  # what chmod makes it


def check_private_modes(settings: Settings) -> list[Finding]:
    """A finding per file or folder others may open; one ok finding when none."""
    checked = [item for item in _private_items(settings) if item.path.exists()]
    findings = [finding for item in checked if (finding := _open_to_others(item))]
    if not findings:
        findings.append(
            ok(
                CHECK,
                "The data folder, the keys and the files that hold patients' records are "
                f"their owner's only ({len(checked)} checked).",
            )
        )
    return findings


def _private_items(settings: Settings) -> list[Private]:
    data_dir, keys_dir = settings.data_dir, settings.keys_dir
    items = [
        Private(data_dir, "the data folder", "problem", FOLDER_MODE),
        Private(keys_dir, "the folder of the clinic's seal key", "problem", FOLDER_MODE),
        _documents_folder(settings),
        *_keys_folder(keys_dir),
        *_sqlite_files(settings.database_url),
    ]
    pkcs12 = settings.clinic.seal.pkcs12_file
    if pkcs12:
        items.append(Private(Path(pkcs12), "the clinic's private seal key", "problem", FILE_MODE))
    return items


def _documents_folder(settings: Settings) -> Private:
    """Inside the data folder, the documents must be private; a folder kept elsewhere may
    be shared on purpose (a network drive the desks read): a warning only."""
    inside = settings.documents_dir.parent == settings.data_dir
    level: Level = "problem" if inside else "warning"
    return Private(settings.documents_dir, "the patients' sealed documents", level, FOLDER_MODE)


def _keys_folder(keys_dir: Path) -> list[Private]:
    try:
        files = sorted(path for path in keys_dir.iterdir() if path.is_file())
    except OSError:
        return []
    return [
        Private(path, "the clinic's private seal key", "problem", FILE_MODE)
        if path.name.startswith(KEY_FILE)  # the key, and keys set aside
        else Private(path, "a seal certificate", "warning", FILE_MODE)
        for path in files
    ]


def _sqlite_files(database_url: str) -> list[Private]:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return []
    database = Path(url.database).expanduser()
    return [
        Private(path, "every patient's answers", "problem", FILE_MODE)
        for path in (database, database.with_name(database.name + "-wal"))
    ]


def _open_to_others(item: Private) -> Finding | None:
    try:
        mode = stat.S_IMODE(item.path.stat().st_mode)
    except OSError:
        return None  # gone meanwhile, or not ours to read: the other checks say so
    if not mode & 0o077:
        return None
    who = "anyone on this computer" if mode & 0o007 else "other users in its group"
    return Finding(
        CHECK,
        item.level,
        f"{item.path} ({item.holds}) can be opened by {who} (permissions {mode:03o}).",
        f"Make it its owner's only: chmod {item.mode:o} {quoted(item.path)}",
    )
