"""Files no record explains: a PDF in the documents folder no document on file points to,
and what an interrupted write leaves behind.

The writers and the names they leave when killed mid-way:

- a document: ``.incoming-<id>.pdf`` beside its name (``chart.document_files``), which
  ``intake-app documents make-missing`` finishes or removes (``document_recovery``);
- a copy filed into the chart folder: ``.filing-<id>-<random>.tmp`` there
  (``chart.chart_folder``), which nothing needs;
- the clinic's first key pair: a ``.new-pair-*`` folder in the keys folder
  (``chart.seal``), which holds a private key nobody uses;
- a file replaced in one step (the clinic file, the PKCS#12 file's certificate):
  ``.<name>.<random>`` beside it (``private_files.replace_private_file``).

A staged or temporary file younger than ``SETTLE_TIME`` may be being written right now
by another station, so it is left out. A PDF is never there before its row (the row is
committed first), so one without a row is an orphan at once. The documents folder is
read one name at a time and its PDFs looked up ``BATCH`` at a time, so a folder of many
thousands of files keeps memory flat.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from intake_app.chart.chart_folder import TEMPORARY_PREFIX, TEMPORARY_SUFFIX
from intake_app.chart.document_files import STAGED_PREFIX, STAGED_SUFFIX
from intake_app.services.doctor_checks.findings import Finding, ok, problem, quoted, warning
from intake_app.services.pending_documents import SETTLE_TIME
from intake_app.settings import Settings
from intake_app.storage.tables import Document

CHECK = "Documents folder"
LEFTOVER = "Left-over file"
BATCH = 200  # PDF names looked up at a time
MOST_LISTED = 100  # files no document points to listed one by one; the rest are counted
KEY_PAIR_STAGING = ".new-pair-"  # chart.seal._place_new_pair
PKCS12_CERT_FILE = "clinic-pkcs12-cert.pem"  # chart.seal.clinic_seal_keys


def check_leftovers(
    engine: Engine, settings: Settings, row_folders: set[Path], *, now: dt.datetime
) -> list[Finding]:
    """Orphaned PDFs in the documents folder, and files interrupted writes left anywhere
    the app writes."""
    settled = (now - SETTLE_TIME).timestamp()
    documents_dir = settings.documents_dir
    findings, files = _documents_folder(engine, documents_dir, settled)
    for folder in sorted(row_folders - {documents_dir}):
        findings += [_staged(entry) for entry in _staged_files(folder, settled)]
    findings += _temporary_files(settings, settled)
    if not findings:
        said = f"{files} file(s) in {documents_dir}, each a document on file"
        findings.append(ok(CHECK, f"{said}; no temporary file left behind."))
    return findings


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """The plain files of ``folder``, one at a time (none when it is not there)."""
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_file(follow_symlinks=False):
                    yield entry
    except (FileNotFoundError, NotADirectoryError):
        return


def _settled_files(folder: Path, settled: float) -> Iterator[os.DirEntry[str]]:
    """The plain files of ``folder`` last written before ``settled``: nobody is writing
    them now."""
    return (entry for entry in _files(folder) if entry.stat().st_mtime < settled)


def _is_staged(name: str) -> bool:
    return name.startswith(STAGED_PREFIX) and name.endswith(STAGED_SUFFIX)


def _staged_files(folder: Path, settled: float) -> Iterator[os.DirEntry[str]]:
    return (entry for entry in _settled_files(folder, settled) if _is_staged(entry.name))


def _documents_folder(engine: Engine, folder: Path, settled: float) -> tuple[list[Finding], int]:
    """The findings for the documents folder's files, and how many files it holds."""
    findings: list[Finding] = []
    pdfs: list[Path] = []
    orphans = files = 0
    for entry in _files(folder):
        files += 1
        if _is_staged(entry.name) or _is_temporary(entry.name):
            if entry.stat().st_mtime < settled:
                findings.append(_staged(entry) if _is_staged(entry.name) else _temporary(entry))
        elif entry.name.lower().endswith(".pdf"):
            pdfs.append(Path(entry.path))
        else:
            findings.append(_stranger(entry))
        if len(pdfs) >= BATCH:
            orphans = _add_orphans(engine, pdfs, findings, orphans)
            pdfs = []
    orphans = _add_orphans(engine, pdfs, findings, orphans)
    if orphans > MOST_LISTED:
        findings.append(
            problem(
                CHECK,
                f"{orphans - MOST_LISTED} more PDF file(s) in {folder} belong to no "
                "document on file.",
                "See the files listed above: the same applies to these.",
            )
        )
    return findings, files


def _add_orphans(engine: Engine, pdfs: list[Path], findings: list[Finding], counted: int) -> int:
    """Add a finding per PDF of ``pdfs`` that no document row points to (up to
    ``MOST_LISTED`` in all); the count of such PDFs so far."""
    if not pdfs:
        return counted
    for path in _unknown(engine, pdfs):
        counted += 1
        if counted <= MOST_LISTED:
            findings.append(_orphan(path))
    return counted


def _unknown(engine: Engine, pdfs: list[Path]) -> list[Path]:
    """The PDFs no document row points to (a row's path may spell the folder otherwise:
    the resolved path counts too)."""
    spellings = {path: {str(path), str(path.resolve())} for path in pdfs}
    every = set().union(*spellings.values())
    with Session(engine) as session:
        known = set(session.exec(select(Document.path).where(col(Document.path).in_(every))))
    return [path for path in pdfs if not spellings[path] & known]


def _orphan(path: Path) -> Finding:
    return problem(
        CHECK,
        f"{path.name} is in {path.parent}, but no document on file points to it.",
        "If the database was restored from a backup older than the documents folder, the "
        "records made since are missing from it: restore the database and the documents "
        "from the same backup (`intake-app restore DIR`). Otherwise move the file out of the "
        "documents folder and keep it: it may be part of a patient's record.",
    )


def _staged(entry: os.DirEntry[str]) -> Finding:
    return warning(
        LEFTOVER,
        f"{entry.name} in {Path(entry.path).parent} was left by a document write that was "
        "interrupted (a crash or a power cut).",
        "Run `intake-app documents make-missing`: it puts the document in place or removes "
        "the file.",
    )


def _is_temporary(name: str) -> bool:
    return name.endswith(TEMPORARY_SUFFIX)


def _temporary(entry: os.DirEntry[str]) -> Finding:
    return warning(
        LEFTOVER,
        f"{entry.name} in {Path(entry.path).parent} is a temporary file an interrupted write "
        "left behind.",
        f"Delete it (nothing needs it): rm {quoted(entry.path)}",
    )


def _stranger(entry: os.DirEntry[str]) -> Finding:
    return warning(
        CHECK,
        f"{entry.name} in {Path(entry.path).parent} is not one of the app's documents.",
        "Move it out of the documents folder: the folder should hold only the app's sealed "
        "documents.",
    )


def _temporary_files(settings: Settings, settled: float) -> list[Finding]:
    """What interrupted writes left outside the documents folder: the chart folder's
    copies, a half-made key pair, a file replaced in one step."""
    findings = []
    chart_folder = settings.clinic.documents.chart_folder
    if chart_folder:
        findings += [
            _temporary(entry)
            for entry in _settled_files(Path(chart_folder), settled)
            if entry.name.startswith(TEMPORARY_PREFIX) and _is_temporary(entry.name)
        ]
    replaced = [
        (settings.keys_dir, f".{PKCS12_CERT_FILE}."),
        (settings.clinic_file.parent, f".{settings.clinic_file.name}."),
    ]
    for folder, prefix in replaced:
        findings += [
            _temporary(entry)
            for entry in _settled_files(folder, settled)
            if entry.name.startswith(prefix)
        ]
    return findings + _key_pair_staging(settings.keys_dir, settled)


def _key_pair_staging(keys_dir: Path, settled: float) -> list[Finding]:
    try:
        names = sorted(
            path
            for path in keys_dir.iterdir()
            if path.name.startswith(KEY_PAIR_STAGING) and path.lstat().st_mtime < settled
        )
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        warning(
            LEFTOVER,
            f"{path.name} in {keys_dir} is a key pair an interrupted first start left half "
            "made; it holds a private key nobody uses.",
            f"Delete it: rm -r {quoted(path)}",
        )
        for path in names
    ]
