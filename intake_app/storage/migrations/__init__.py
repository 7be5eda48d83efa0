"""The schema's versions: Alembic migrations, run from code (no ``alembic.ini``, no ``env.py``).

``storage.schema_version`` builds Alembic's configuration in code, pointing at this
folder, so the same migrations run from a checkout and from an installed wheel.
Each file in ``versions/`` is one step (``revision`` and ``down_revision``), named
by its number: 0001 makes the schema as first released (``first_schema``, frozen),
and each later one changes it. SQLite alters a table by copying it, so a migration
that changes a column or a constraint uses ``op.batch_alter_table``.

Writing the next migration:

1. Change ``storage/tables.py`` (and ``storage/guards.py`` for a rule).
2. Copy the newest file in ``versions/`` to the next number; set ``revision`` to it
   and ``down_revision`` to the one before; write ``upgrade()`` with ``op``
   (``op.add_column``, ``op.create_index``, ``op.batch_alter_table`` for SQLite,
   ``op.execute`` for a trigger on each database); describe the schema at its
   revision, never by calling ``SQLModel.metadata.create_all`` or reading
   ``storage.tables`` (they will have moved on by the next release).
3. ``tests/storage/test_migrations.py`` checks that ``upgrade head`` makes what
   ``storage/tables.py`` describes (on SQLite and PostgreSQL) and that a database
   filled at 0001 keeps every record through the upgrade.

Migrations only move forward: there is no downgrade. Restore a backup instead.
"""
