"""0006: the records page finds the documents not filed yet from a small index.

``document_unfiled`` (made, id) holds only the chart's documents not filed yet (a
chart document, a withdrawal or a review addendum without ``filed_at``): a few
hundred rows however many years of filed documents the clinic has. The records page
(``services.unfiled_documents``) reads its newest first from this index alone. Before,
the planner took the patient's copies, never filed, for a third of the documents
waiting and walked every document newest first to find the few that were. Its
condition is written here as it was at this revision, word for word as the page's
query states it: SQLite uses a partial index only for a query that does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UNFILED_FOR_CHART = "filed_at IS NULL AND kind IN ('chart_packet', 'withdrawal', 'review_addendum')"


def upgrade() -> None:
    op.create_index(
        "document_unfiled",
        "document",
        ["created_at", "id"],
        sqlite_where=sa.text(UNFILED_FOR_CHART),
        postgresql_where=sa.text(UNFILED_FOR_CHART),
    )
