"""A clinic with one signed visit, and what a restore must reproduce of it.

Sealing a visit takes a second or two, so ``clinic_with_a_visit`` seals one per test
module and copies its data folder into place for each test. Document rows name their
files by full path, so the copy always goes to the same path (one per test run).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from intake_app.cli import main
from intake_app.settings import load_settings
from intake_app.storage.db import Database, create_database_engine
from tests.conftest import CLINIC_TOML, PRODUCT_TOML

PASSPHRASE = "staple battery horse correct"
PATIENT_NAMES = ("Núñez", "María", "NUNEZ", "MARIA")  # the sample patient's


def signed_visit(data_dir: Path) -> None:
    """A clinic file in ``data_dir`` and one signed visit with its chart document and
    patient's copy (``packet --sample``), sealed with the key made on first use."""
    data_dir.mkdir(mode=0o700, parents=True)
    (data_dir / "clinic.toml").write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    assert main(["packet", "--sample", "--out", str(data_dir / "documents")]) == 0


@pytest.fixture(scope="module")
def _sealed_visit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the data folder's place, a copy of it holding one signed visit), made once."""
    place = tmp_path_factory.getbasetemp() / "backup-clinic" / "data"
    template = tmp_path_factory.mktemp("sealed-visit") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTAKE_DATA_DIR", str(place))
        for name in ("INTAKE_DATABASE_URL", "INTAKE_CLINIC_FILE", "INTAKE_FORMS_DIR"):
            patch.delenv(name, raising=False)
        signed_visit(place)
    shutil.move(place, template)
    yield place, template


@pytest.fixture
def clinic_with_a_visit(
    _sealed_visit: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """This test's data folder (SQLite), holding one signed visit; its clinic file inside."""
    place, template = _sealed_visit
    shutil.copytree(template, place)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(place))
    monkeypatch.delenv("INTAKE_CLINIC_FILE", raising=False)
    yield place
    shutil.rmtree(place.parent)


def table_contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the app, in a stable order."""
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(row) for row in connection.execute(table.select())), key=repr
                )
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        database.dispose()


def file_sums(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under ``folder``, by its path inside it."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def lose_the_machine(data_dir: Path) -> Path:
    """Move the data folder away, as after a lost disk; where it went."""
    kept = data_dir.with_name(data_dir.name + ".lost")
    os.rename(data_dir, kept)
    return kept


def empty_postgres(url: str) -> None:
    """Drop every extension, table, sequence and function of the database (what its owner
    may do)."""
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(_DROP_EVERYTHING))
    finally:
        engine.dispose()


def data_dir() -> Path:
    return load_settings().data_dir


_DROP_EVERYTHING = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE 'DROP EXTENSION IF EXISTS ' || quote_ident(r.extname) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE 'DROP TABLE IF EXISTS public.' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE 'DROP SEQUENCE IF EXISTS public.' || quote_ident(r.sequencename) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.f::text || ' CASCADE';
  END LOOP;
END $$;
"""
