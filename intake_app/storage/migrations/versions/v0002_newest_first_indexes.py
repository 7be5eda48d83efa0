"""0002: indexes for the lists shown newest first, as a clinic's records grow.

``patient.created_at``: the tablet's staff search lists patients newest first
(``storage.patients.find_patients``). ``document.created_at``: the records desk lists
documents newest first (``services.unfiled_documents``). An MRN is looked up by its
key (``patient.mrn_key``, trimmed and case folded by the app), which its unique
constraint already indexes, so no expression index on ``lower(mrn)`` is needed.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_patient_created_at", "patient", ["created_at"])
    op.create_index("ix_document_created_at", "document", ["created_at"])
