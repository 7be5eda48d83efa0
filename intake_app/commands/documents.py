"""``intake-app documents list | make-missing | file``: the sealed documents, for records staff.

``list`` shows every document (created time, document id, kind, file name,
filed or not); the kinds are ``chart_packet`` (the chart document),
``patient_copy`` (the patient's copy of what they signed), ``withdrawal`` and
``review_addendum`` (a signed review, sealed).
``make-missing`` makes the documents signed intakes and reviews still lack (see
``intake_app.services.pending_documents``); failures are named by intake id, the document
and the kind of failure, never by patient.
``file`` copies documents into the clinic's chart folder and marks them filed (see
``intake_app.services.chart_filing``): ``--all`` the documents not yet filed, or the
ones named by id (filed again if they were filed before); ``--to`` names the folder
in place of the clinic file's. One line per document, ``filed 3/10: NAME`` or
``FAILED 4/10: NAME: reason``; 1 when any failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from intake_app.services import pending_documents
from intake_app.services.actor import Actor
from intake_app.services.chart_filing import ChartFiling, ChartFolderNotSet, FilingResult
from intake_app.services.document_list import DocumentList
from intake_app.services.documents import Documents
from intake_app.services.filing import DOCUMENT_KINDS
from intake_app.services.pending_documents import LOG, DocumentAttempt
from intake_app.services.this_machine import UnreadableDatabase, existing_database
from intake_app.settings import Settings, load_settings

LINES_WRITTEN_AT_ONCE = 1000  # `documents list` writes its lines in batches, not one by one


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.documents_command == "list":
        return list_documents(settings)
    if args.documents_command == "file":
        return file_documents(settings, args.document_ids, every=args.all, folder=args.to)
    return make_missing(settings)


Found = Literal["no id", "no database", "unreadable", "not on file", "on file"]


@dataclass(frozen=True)
class FiledRecord:
    """What this machine's database says of one document, for ``intake-app verify``.

    ``found`` is one of: ``"no id"`` (the file names no document id), ``"no database"``
    (this machine has none), ``"unreadable"`` (it could not be read), ``"not on file"``
    (it has no row for the id: removed, or the document was made elsewhere) and
    ``"on file"`` (``sha256`` is the one recorded when the document was made).
    """

    found: Found
    sha256: str | None = None


def filed_record(settings: Settings, document_id: str) -> FiledRecord:
    """The database's record of a document, without ever creating a database."""
    if not document_id:
        return FiledRecord("no id")
    try:
        database = existing_database(settings)
    except UnreadableDatabase:  # e.g. a PostgreSQL server that does not answer
        return FiledRecord("unreadable")
    if database is None:
        return FiledRecord("no database")
    try:
        sha256 = DocumentList(database, _console(settings)).recorded_sha256(document_id)
    except UnreadableDatabase:
        return FiledRecord("unreadable")
    finally:
        database.dispose()
    return FiledRecord("on file", sha256) if sha256 is not None else FiledRecord("not on file")


def list_documents(settings: Settings) -> int:
    """One line per document, oldest first, tab-separated with a header."""
    database = existing_database(settings)
    if database is None:
        print("No documents: this machine has no intake database yet.")
        return 0
    count = 0
    try:
        rows = DocumentList(database, _console(settings)).oldest_first()
        print("created\tdocument id\tkind\tfile\tfiled", flush=True)
        lines: list[str] = []
        for row in rows:  # written as read, a batch of lines at a time: memory stays flat
            count += 1
            filed = f"filed {_local(row.filed_at)}" if row.filed_at else "not filed"
            name = os.path.basename(row.path)  # as Path(...).name, without building a Path
            lines.append(f"{_local(row.created_at)}\t{row.id}\t{row.kind}\t{name}\t{filed}\n")
            if len(lines) == LINES_WRITTEN_AT_ONCE:
                sys.stdout.write("".join(lines))
                lines.clear()
        sys.stdout.write("".join(lines))
    finally:
        database.dispose()
    print(f"{count} document(s)", file=sys.stderr)
    return 0


def make_missing(settings: Settings) -> int:
    """Make the documents signed intakes still lack; 1 when any could not be made."""
    from intake_app.forms.catalog import FormCatalog

    database = existing_database(settings)
    if database is None:
        print("Made 0 missing document(s): this machine has no intake database yet.")
        return 0
    catalog = FormCatalog.from_folders(settings.form_folders)
    level = LOG.level
    LOG.setLevel(logging.CRITICAL)  # this command prints each result itself
    documents = Documents(database, settings, catalog, _console(settings))
    try:
        attempts = documents.missing(today=dt.date.today())
        recent = documents.left_for_now(attempts)
    finally:
        LOG.setLevel(level)
        database.dispose()
    return _report(attempts, recent)


def _report(attempts: list[DocumentAttempt], recent: int) -> int:
    failed = [attempt for attempt in attempts if not attempt.made]
    print(f"Made {len(attempts) - len(failed)} missing document(s).")
    for attempt in failed:
        why = f": {attempt.detail}" if attempt.detail else ""
        what = DOCUMENT_KINDS[attempt.kind].said
        print(f"Not made: {what} of intake {attempt.intake_id}: {attempt.error}{why}")
    if recent:
        minutes = int(pending_documents.SETTLE_TIME.total_seconds() // 60)
        print(
            f"Left for now: {recent} signed in the last {minutes} minutes "
            "(the tablet may still be making them); run this again later."
        )
    if failed:
        print(f"{len(failed)} not made; fix the cause and run this again.", file=sys.stderr)
    return 1 if failed else 0


def file_documents(
    settings: Settings, document_ids: list[str], *, every: bool, folder: Path | None
) -> int:
    """File the documents into the chart folder, one line each; 1 when any failed."""
    database = existing_database(settings)
    if database is None:
        print("Filed 0 document(s): this machine has no intake database yet.")
        return 0
    filing = ChartFiling(database, _console(settings), settings, folder=folder)
    try:
        if filing.folder is None:
            print(
                f"intake-app: {ChartFolderNotSet()}, or name it with --to FOLDER.", file=sys.stderr
            )
            return 1
        ids = [row.document_id for row in reversed(filing.unfiled())] if every else document_ids
        results = [
            _said(filing.attempt(i, refile=not every), n, len(ids)) for n, i in enumerate(ids, 1)
        ]
    finally:
        database.dispose()
    failed = sum(1 for result in results if not result.ok)
    print(f"Filed {len(results) - failed} of {len(results)} document(s) into {filing.folder}.")
    if failed:
        print(f"{failed} not filed; fix the cause and run this again.", file=sys.stderr)
    return 1 if failed else 0


def _said(result: FilingResult, done: int, total: int) -> FilingResult:
    """Print one document's line as soon as it is done."""
    if result.ok:
        print(f"filed {done}/{total}: {result.name}", flush=True)
    else:
        print(f"FAILED {done}/{total}: {result.name}: {result.problem}", flush=True)
    return result


def _console(settings: Settings) -> Actor:
    """Whoever runs this command, at this machine."""
    return Actor.console(settings.device_id())


def _local(moment: dt.datetime) -> str:
    """The moment in this machine's time zone, to the minute, with the zone's name
    (``2026-11-30 09:00 CST``); written out field by field, which costs less than
    ``strftime`` for years of documents."""
    at = moment.astimezone()
    return f"{at.year:04}-{at.month:02}-{at.day:02} {at.hour:02}:{at.minute:02} {at.tzname()}"
