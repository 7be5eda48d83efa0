"""Finishing or undoing the document writes a kill interrupted, from the document rows.

A document is written in three steps (see ``intake_app.chart.document_files``): its
file is staged, its row committed (``intake_app.services.filing``), then the file put
in place. A kill before the row is committed leaves a staged file that no row names:
``recover_interrupted_writes`` deletes it, and the signing gets its only document from
``make-missing`` as usual. A kill after the row is committed leaves a row whose file is
still staged: the same step links it into place once its SHA-256 matches the row. It
deletes only ``.incoming-*.pdf`` files, and those written in the last moments only once
their document is in place (another tablet may be writing them right now). Its log names
documents by id and files by count only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from intake_app.chart.document_files import (
    discard,
    put_in_place,
    staged_document_id,
    staged_files,
)
from intake_app.storage.tables import FOLDER_OF_PATH, Document

LOG = logging.getLogger(__name__)


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
    for staged in staged_files(_folders(session, documents_dir)):
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
    row = session.get(Document, staged_document_id(staged))
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
    """The documents folder and every folder a document row names, each once.

    Read from the index of each path's beginning (``document_folder``), one step from a
    folder to the next (a few index reads, not every document's path: years of them
    took seconds at every start); each folder is then taken from its beginning as this
    system reads paths."""
    named = {os.path.dirname(begun) for (begun,) in session.execute(text(_FOLDERS))}
    return [documents_dir, *sorted({Path(folder) for folder in named} - {documents_dir})]


# The least beginning, then the least one after it, and so on until none is left: each
# step an index read (the expression is written as the index's, word for word).
_FOLDERS = f"""
WITH RECURSIVE folder(name) AS (
    SELECT min({FOLDER_OF_PATH}) FROM document
    UNION ALL
    SELECT (SELECT min({FOLDER_OF_PATH}) FROM document WHERE {FOLDER_OF_PATH} > folder.name)
    FROM folder WHERE folder.name IS NOT NULL
)
SELECT name FROM folder WHERE name IS NOT NULL
"""
