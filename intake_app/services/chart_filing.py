"""Filing sealed documents into the clinic's chart folder, for records staff.

``ChartFiling`` lists the documents still to file (``services.unfiled_documents``),
checks one document's seal (slow: the records page runs it per row off the GUI
thread), and files: a document is filed only when its file is there, its SHA-256 is
the one recorded when the app made it and its seal is the clinic's, intact (else
``NotFileable``: an administrator must look at it). The very bytes checked are
copied to ``<chart folder>/<name>`` (``chart.file_pattern`` makes the name,
``chart.chart_folder`` writes it, never over another file), and only then is the
document marked filed, with who and when, and the audit trail told
(``document_filed``; ``document_refiled`` when it was filed before: filing again is
allowed and recorded). A failure leaves no copy being written and no mark.

Every call checks first that ``by`` may file documents (the records role, and this
machine's command line). Marking a document is one transaction; ``file_many`` files
one document at a time, so one failure leaves every other file and mark as it
should be. Messages name the document's file, as staff see it in the folder, and
never more of the patient.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from intake_app.chart.chart_folder import OtherFileThere, place_copy
from intake_app.chart.file_pattern import ChartNameParts, chart_folder_name
from intake_app.services.actor import Actor, ActorKind
from intake_app.services.permissions import Permission, require
from intake_app.services.seal_status import SealStatus, checked_data, checked_file
from intake_app.services.unfiled_documents import (
    DocumentSearch,
    UnfiledDocument,
    doctype_of,
    found_documents,
)
from intake_app.settings import Settings
from intake_app.storage.audit import append_event
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import Document, Patient

__all__ = [
    "AlreadyFiled",
    "ChartFiling",
    "ChartFolderNotSet",
    "DocumentSearch",
    "Filed",
    "FilingConflict",
    "FilingFailed",
    "FilingProblem",
    "FilingResult",
    "NotFileable",
    "UnfiledDocument",
]

FILED, REFILED = "document_filed", "document_refiled"
LOOK_AT_IT = "; an administrator must look at it before it can be filed"


class FilingProblem(Exception):
    """Why a document was not filed: ``name`` is its file's name in the chart folder
    ("" when not known), ``reason`` in plain words."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}" if name else reason)
        self.name, self.reason = name, reason


class ChartFolderNotSet(FilingProblem):
    """The clinic file names no chart folder yet."""

    def __init__(self) -> None:
        super().__init__(
            "",
            "no chart folder is set up: set [documents] chart_folder in the clinic file "
            "to the folder (local or on the network) where the chart's documents go",
        )


class NotFileable(FilingProblem):
    """The document may not go into the chart as it is (missing, changed, seal broken)."""


class AlreadyFiled(NotFileable):
    """The document was filed already; file it again only on purpose (``refile``)."""


class FilingConflict(FilingProblem):
    """Another file of the same name, with other contents, is in the chart folder."""


class FilingFailed(FilingProblem):
    """The copy could not be written (folder missing, disk full, no permission)."""


@dataclass(frozen=True)
class Filed:
    """A document in the chart folder and marked filed."""

    document_id: str
    name: str
    path: Path
    refiled: bool  # it was filed before
    copied: bool  # False: the same bytes were in the folder already


@dataclass(frozen=True)
class FilingResult:
    """One document of a batch: filed, or why not."""

    document_id: str
    name: str  # the file's name in the chart folder, or the document id when not known
    filed: Filed | None
    problem: str | None  # in words, when not filed

    @property
    def ok(self) -> bool:
        return self.filed is not None


# (done, total, name of the document just done) -> False to stop
Progress = Callable[[int, int, str], bool]


class ChartFiling:
    """Filing for ``by``: into ``folder``, else the clinic file's ``[documents] chart_folder``."""

    def __init__(
        self,
        database: Database,
        by: Actor,
        settings: Settings,
        clock: Callable[[], dt.datetime] = utc_now,
        *,
        folder: Path | None = None,
    ) -> None:
        self.database, self.by, self.settings, self.clock = database, by, settings, clock
        chosen = settings.clinic.documents.chart_folder.strip()
        self.folder = folder or (Path(chosen) if chosen else None)

    def unfiled(
        self,
        search: DocumentSearch | None = None,
        *,
        include_filed: bool = False,
        limit: int | None = None,
    ) -> list[UnfiledDocument]:
        """The documents to file that ``search`` finds, newest first (no seal checked); at
        most ``limit`` (None: every one)."""
        require(self.by, Permission.FILE_DOCUMENT)
        with self.database.session() as session:
            return found_documents(
                session, search or DocumentSearch(), include_filed=include_filed, limit=limit
            )

    def check(self, document_id: str) -> SealStatus:
        """Whether the document's file is the one the app made, its seal intact (slow)."""
        require(self.by, Permission.FILE_DOCUMENT)
        row = self._document(document_id)
        return checked_file(row.id, Path(row.path), row.sha256, self.settings)

    def file(self, document_id: str, *, refile: bool = False) -> Filed:
        """Check the document, copy it into the chart folder and mark it filed.

        ``LookupError`` for an unknown id; ``AlreadyFiled`` unless ``refile``;
        ``NotFileable``, ``FilingConflict``, ``FilingFailed`` or ``ChartFolderNotSet``
        otherwise, with nothing marked.
        """
        require(self.by, Permission.FILE_DOCUMENT)
        folder = self._folder()
        row, name = self._named(document_id)
        if row.filed_at is not None and not refile:
            raise AlreadyFiled(name, f"already filed on {_local(row.filed_at)}")
        data = self._checked_bytes(row, name)
        copied = _copy(folder, name, data, row.id)
        refiled = self._mark(row.id, folder, copied, name=name, refile=refile)
        return Filed(row.id, name, folder / name, refiled, copied)

    def attempt(self, document_id: str, *, refile: bool = False) -> FilingResult:
        """``file``, with what went wrong as words rather than an exception."""
        try:
            filed = self.file(document_id, refile=refile)
        except FilingProblem as problem:
            return FilingResult(document_id, problem.name or document_id, None, problem.reason)
        except LookupError:
            return FilingResult(document_id, document_id, None, "no document with this id")
        return FilingResult(document_id, filed.name, filed, None)

    def file_many(
        self, document_ids: Iterable[str], progress: Progress, *, refile: bool = False
    ) -> list[FilingResult]:
        """File each document in turn, each on its own; ``progress`` after each one
        (False stops the batch there). A failure is reported and the rest go on."""
        require(self.by, Permission.FILE_DOCUMENT)
        self._folder()  # not set up: say so once, not per document
        ids = list(document_ids)
        results: list[FilingResult] = []
        for done, document_id in enumerate(ids, 1):
            results.append(self.attempt(document_id, refile=refile))
            if not progress(done, len(ids), results[-1].name):
                break
        return results

    def _folder(self) -> Path:
        if self.folder is None:
            raise ChartFolderNotSet()
        return self.folder

    def _document(self, document_id: str) -> Document:
        with self.database.session() as session:
            row = session.get(Document, document_id)
        if row is None:
            raise LookupError("no document with this id")
        return row

    def _named(self, document_id: str) -> tuple[Document, str]:
        """The document's row and its name in the chart folder."""
        pattern = self.settings.clinic.documents.chart_file_pattern
        with self.database.session() as session:
            row = session.get(Document, document_id)
            if row is None:
                raise LookupError("no document with this id")
            doctype = doctype_of(session, row)
            patient = session.get(Patient, row.patient_id)
        if doctype is None:
            raise NotFileable(document_id, "a patient's copy is the patient's own; it is not filed")
        assert patient is not None  # a foreign key
        parts = ChartNameParts(
            mrn=patient.mrn,
            last=patient.family_name,
            first=patient.given_names,
            dob=patient.date_of_birth,
            doctype=doctype,
            date=row.created_at.astimezone().date(),
            docid=row.id,
        )
        return row, chart_folder_name(pattern, parts)

    def _checked_bytes(self, row: Document, name: str) -> bytes:
        """The document's bytes, once they are shown to be the sealed file the app made."""
        path = Path(row.path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFileable(name, "the file is missing" + LOOK_AT_IT) from None
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise NotFileable(name, f"the file cannot be read ({why})") from None
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise NotFileable(name, "the file differs from the one the app made" + LOOK_AT_IT)
        status = checked_data(row.id, path, data, row.sha256, self.settings)
        if status.state == "unchecked":
            raise NotFileable(
                name,
                "the seal cannot be checked on this computer: it has no clinic certificate "
                "(copy it from the tablet, or set [seal] pkcs12_file in the clinic file)",
            )
        if status.state != "valid":
            raise NotFileable(name, "the seal does not verify" + LOOK_AT_IT)
        return data

    def _mark(
        self, document_id: str, folder: Path, copied: bool, *, name: str, refile: bool
    ) -> bool:
        """Mark the document filed by ``by``, now, and tell the audit trail; True when it
        had been filed before.

        The row is locked and read again first: two clerks filing one document at the same
        moment both find it unfiled and both copy it (the second finds the same bytes
        there), but only the first marks it; the second is told it is filed already."""
        with self.database.session() as session:
            row = session.get(Document, document_id, with_for_update=True, populate_existing=True)
            assert row is not None  # documents are never deleted
            refiled = row.filed_at is not None
            if row.filed_at is not None and not refile:
                raise AlreadyFiled(name, f"already filed on {_local(row.filed_at)}")
            row.filed_at = self.clock()
            row.filed_by = self.by.staff_id if self.by.kind is ActorKind.STAFF else None
            session.add(row)
            acting = self.by.acting
            detail = {"document": row.id, "kind": row.kind, "folder": str(folder),
                      "copy": "made" if copied else "already there"}  # fmt: skip
            if self.by.kind is ActorKind.CONSOLE:
                detail["via"] = "command line"
            append_event(
                session,
                actor=acting.actor,
                actor_role=acting.role,
                action=REFILED if refiled else FILED,
                intake_id=row.intake_id,
                patient_id=row.patient_id,
                detail=detail,
                workstation=self.by.workstation,
            )
        return refiled


def _copy(folder: Path, name: str, data: bytes, document_id: str) -> bool:
    try:
        return place_copy(folder, name, data, document_id)
    except OtherFileThere:
        raise FilingConflict(
            name,
            "another file of this name, with other contents, is in the chart folder; "
            "it was left as it is",
        ) from None
    except OSError as exc:
        raise FilingFailed(name, _words(exc, folder)) from None


def _words(error: OSError, folder: Path) -> str:
    """Why a file could not be written or read, in words staff can act on."""
    code = error.errno
    if code == errno.ENOENT:
        return f"the chart folder {folder} does not exist (is the network drive connected?)"
    if code == errno.ENOTDIR:
        return f"the chart folder {folder} is not a folder"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk of the chart folder is full"
    if code == errno.EROFS:
        return "the chart folder is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied: this computer's user may not write in the chart folder"
    return f"the file could not be written ({error.strerror or type(error).__name__})"


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M %Z}"
