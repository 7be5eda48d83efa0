"""The sealed documents on file, as records staff and the command line see them.

A document's row says when it was made, its kind (``chart_packet``,
``patient_copy``, ``withdrawal``, ``review_addendum``), its file and whether it was filed into the
chart, and the SHA-256 recorded when it was made, so a PDF brought back can be
compared with what the clinic made. Rows name no patient. Each call reads in
one transaction, for an actor who may list documents.
"""

from __future__ import annotations

from sqlmodel import col, select

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.db import Database
from intake_app.storage.tables import Document

__all__ = ["Document", "DocumentList"]


class DocumentList:
    """The documents on file, read for ``by``."""

    def __init__(self, database: Database, by: Actor) -> None:
        self.database, self.by = database, by

    def oldest_first(self) -> list[Document]:
        """Every document on file, the oldest first."""
        require(self.by, Permission.LIST_DOCUMENTS)
        with self.database.session() as session:
            return list(session.exec(select(Document).order_by(col(Document.created_at))))

    def recorded_sha256(self, document_id: str) -> str | None:
        """The SHA-256 recorded when the document was made; None when it is not on file
        (removed, or made with another database)."""
        require(self.by, Permission.LIST_DOCUMENTS)
        with self.database.session() as session:
            row = session.get(Document, document_id)
            return None if row is None else row.sha256
