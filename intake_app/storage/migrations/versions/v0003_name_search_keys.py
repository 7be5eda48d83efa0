"""0003: the patient's name as the staff searches read it, and the consent decisions by
intake, so that no search or list reads every patient or every large consent row.

``patient.name_key``: the whole name without accents, case or punctuation ("María José
Núñez" -> "maria jose nunez"), set by the app on every save and filled here for the
patients on file, a batch at a time. The searches look for each typed word anywhere in
it: on PostgreSQL through a trigram index (the ``pg_trgm`` extension, which ships with
PostgreSQL and which the database's owner may create), on SQLite by reading the index's
short keys instead of the patients' rows.

``consent_record_decisions`` (intake, decision, time signed): the start-up check for
documents still owed, the records list and the nurse's queue read each intake's decision
from the index alone, never the consent's text and signature. ``supersedes_id``: the
staff search shows whether a patient's agreement was withdrawn without reading every
consent record. ``intake_unfinished`` (device, status, id): a tablet's unfinished list
reads its intakes in progress or awaiting the consent from the index, not every intake
the tablet ever took.

The name is not changed, so the rule that a signed patient's name stays
(``patient_identity_kept``) lets the key be filled.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.add_column("patient", sa.Column("name_key", sa.String(), nullable=False, server_default=""))
    _fill_name_keys()
    operator_class = "gin_trgm_ops"
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        operator_class = f"{_trigram_schema()}.gin_trgm_ops"
    op.create_index(
        "patient_name_key",
        "patient",
        ["name_key"],
        postgresql_using="gin",
        postgresql_ops={"name_key": operator_class},
    )
    op.create_index(
        "consent_record_decisions", "consent_record", ["intake_id", "decision", "signed_at"]
    )
    op.create_index("ix_consent_record_supersedes_id", "consent_record", ["supersedes_id"])
    op.create_index("intake_unfinished", "intake", ["device", "status", "id"])


def _trigram_schema() -> str:
    """The schema pg_trgm lives in (quoted), which need not be on the search path: the
    extension exists once per database, and the app's tables may be in another schema."""
    connection = op.get_bind()
    found = connection.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one()
    return str(connection.dialect.identifier_preparer.quote_schema(found))


def _fill_name_keys() -> None:
    """Every patient's key, a batch of patients at a time (in id order)."""
    connection = op.get_bind()
    patient = sa.table(
        "patient",
        sa.column("id", sa.String()),
        sa.column("given_names", sa.String()),
        sa.column("family_name", sa.String()),
        sa.column("name_key", sa.String()),
    )
    read = sa.select(patient.c.id, patient.c.given_names, patient.c.family_name)
    write = (
        sa.update(patient)
        .where(patient.c.id == sa.bindparam("patient_id"))
        .values(name_key=sa.bindparam("key"))
    )
    last = ""
    while batch := connection.execute(
        read.where(patient.c.id > last).order_by(patient.c.id).limit(BATCH)
    ).all():
        keys = [{"patient_id": row[0], "key": _key(f"{row[1]} {row[2]}")} for row in batch]
        connection.execute(write, keys)
        last = batch[-1][0]


def _key(name: str) -> str:
    """The key as the app made it at this version (``storage.tables.name_key``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = " ".join(bare.casefold().split())
    return "".join(c for c in plain if c.isalnum() or c == " ")
