"""0005: the nurse's queue counts the intakes in each review state from a small index.

``intake_review_counts`` (status, review state, worst flag, language): the counts beside
the queue (``services.review_queue``) are read from this index alone, in review-state
order, under the queue's filters (severity, language), never from the intakes' rows. The
queue's own index (``intake_review_queue``) ends with the time answers were confirmed,
which makes it too large to count from: every key differs. Here the keys repeat, so
PostgreSQL stores each once with its rows (a few MB for a million intakes). The columns
change only when an intake is completed, reviewed or flagged: an answer or a page change
writes no entry.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "intake_review_counts", "intake", ["status", "review_state", "worst_flag", "language"]
    )
