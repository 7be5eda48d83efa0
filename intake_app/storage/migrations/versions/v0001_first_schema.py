"""0001: the schema as first released: every table, index and constraint, and the triggers
that keep the audit trail append-only and signed records unchanged.

Frozen (see ``storage/migrations/first_schema.py``): a later change is a new migration.
"""

from __future__ import annotations

from alembic import op

from intake_app.storage.migrations import first_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    first_schema.tables().create_all(connection, checkfirst=False)
    for statement in first_schema.trigger_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)
