"""0004: one index fewer to write with every answer the patient gives.

``ix_answer_intake_id`` (intake) repeated the first column of the answer's unique
index (intake, item), which already finds an intake's answers and serves the foreign
key to the intake on both databases. Every answer stored wrote both; it now writes one.
Nothing else changes: no row, no rule.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_answer_intake_id", table_name="answer")
