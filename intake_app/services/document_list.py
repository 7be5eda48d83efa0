"""The sealed documents on file, as records staff and the command line see them.

A document's row says when it was made, its kind (``chart_packet``,
``patient_copy``, ``withdrawal``, ``review_addendum``), its file and whether it was filed into the
chart, and the SHA-256 recorded when it was made, so a PDF brought back can be
compared with what the clinic made. Rows name no patient. Each call reads in
one transaction, for an actor who may list documents; the list is read as it is
gone through (``yield_per``), so years of documents take no more memory than a few.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import col

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.db import Database
from intake_app.storage.tables import Document

__all__ = ["Document", "DocumentList", "ListedDocument"]

BATCH = 1000  # documents read at a time while the list is gone through


class ListedDocument(NamedTuple):
    """One document as the list shows it."""

    id: str
    kind: str
    path: str
    created_at: dt.datetime
    filed_at: dt.datetime | None


class DocumentList:
    """The documents on file, read for ``by``."""

    def __init__(self, database: Database, by: Actor) -> None:
        self.database, self.by = database, by

    def oldest_first(self) -> Iterator[ListedDocument]:
        """Every document on file, the oldest first, read a batch at a time as the caller
        goes through them: the memory used stays the same however many there are. The
        right to list is checked at once; the reading holds a transaction until the last
        document is read."""
        require(self.by, Permission.LIST_DOCUMENTS)
        return self._read_oldest_first()

    def _read_oldest_first(self) -> Iterator[ListedDocument]:
        columns = (
            Document.id,
            Document.kind,
            Document.path,
            Document.created_at,
            Document.filed_at,
        )
        query = select(*(col(c) for c in columns)).order_by(
            col(Document.created_at), col(Document.id)
        )
        with self.database.session() as session:
            for row in session.execute(query.execution_options(yield_per=BATCH)):
                yield ListedDocument(*row)

    def recorded_sha256(self, document_id: str) -> str | None:
        """The SHA-256 recorded when the document was made; None when it is not on file
        (removed, or made with another database)."""
        require(self.by, Permission.LIST_DOCUMENTS)
        with self.database.session() as session:
            row = session.get(Document, document_id)
            return None if row is None else row.sha256
