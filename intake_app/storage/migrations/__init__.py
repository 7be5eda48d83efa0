"""The schema's versions: Alembic migrations, run from code (no ``alembic.ini``, no ``env.py``).

``storage.schema_version`` builds Alembic's configuration in code, pointing at this
folder, so the same migrations run from a checkout and from an installed wheel.
Each file in ``versions/`` is one step (``revision`` and ``down_revision``), named
by its number: 0001 makes the schema as first released (``first_schema``, frozen),
and each later one changes it. SQLite alters a table by copying it, so a migration
that changes a column or a constraint uses ``op.batch_alter_table``.

Writing the next migration (``docs/storage.md`` says the same for the reader):

1. Change ``storage/tables.py`` (and ``storage/guards.py`` for a rule).
2. Add ``versions/v000N_what_it_does.py``: ``revision = "000N"``, ``down_revision`` the
   one before, and ``upgrade()`` made of ``op`` calls describing the change at that
   revision (``op.add_column``, ``op.create_index``; ``op.batch_alter_table`` to change
   a column or a constraint, which SQLite does by copying the table, so make that
   table's triggers again after it; ``op.execute`` for a trigger, once per database).
   Never call ``SQLModel.metadata.create_all`` or read ``storage.tables`` from a
   migration: they will have moved on by the next release.
3. ``tests/storage/test_schema_version.py`` fails until the migrated schema is what
   ``storage/tables.py`` describes and its triggers what ``storage/guards.py`` writes
   (SQLite and PostgreSQL); ``tests/commands/test_db.py`` upgrades a database filled
   at 0001 and checks that every record and the audit chain are unchanged.

Migrations only move forward: there is no downgrade. Restore a backup instead.
"""
