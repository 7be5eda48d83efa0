"""0006: the records page and the start-up scan find their few documents from small indexes.

``document_unfiled`` (made, id) holds only the chart's documents not filed yet (a
chart document, a withdrawal or a review addendum without ``filed_at``): a few
hundred rows however many years of filed documents the clinic has. The records page
(``services.unfiled_documents``) reads its newest first from this index alone. Before,
the planner took the patient's copies, never filed, for a third of the documents
waiting and walked every document newest first to find the few that were.

``document_folder`` indexes each document's path up to its last slash or backslash:
the start-up scan for interrupted writes (``services.document_recovery``) steps from
one folder to the next in it, a few index reads, instead of reading every path.

The condition and the expression are written here as they were at this revision,
word for word as the queries state them: SQLite uses a partial index, and both
databases an index on an expression, only for a query that does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UNFILED_FOR_CHART = "filed_at IS NULL AND kind IN ('chart_packet', 'withdrawal', 'review_addendum')"
FOLDER_OF_PATH = "rtrim(path, replace(replace(path, '/', ''), '\\', ''))"


def upgrade() -> None:
    op.create_index(
        "document_unfiled",
        "document",
        ["created_at", "id"],
        sqlite_where=sa.text(UNFILED_FOR_CHART),
        postgresql_where=sa.text(UNFILED_FOR_CHART),
    )
    op.create_index("document_folder", "document", [sa.text(FOLDER_OF_PATH)])
