"""``intake-app verify`` says what this machine's database knows of the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.settings import load_settings
from intake_app.storage.db import Database

NOT_ON_FILE = (
    "Database record: NOT ON FILE in this clinic's database (the seal alone was checked; "
    "the record may have been removed or the document made elsewhere)"
)


@pytest.fixture
def sealed_document(tmp_path, capsys) -> str:
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    return capsys.readouterr().out.strip()


def test_verify_says_plainly_when_the_database_has_no_record_of_the_document(
    sealed_document, tmp_path, monkeypatch, capsys
):
    other = tmp_path / "other.sqlite3"  # a clinic database that never had this document
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{other}")
    Database(load_settings().database_url).dispose()

    assert main(["verify", sealed_document]) == 0, "the seal itself is intact"
    lines = capsys.readouterr().out.splitlines()
    assert NOT_ON_FILE in lines
    assert lines[-1].startswith("VALID: intact")


def test_verify_on_a_machine_without_a_database_says_it_has_none(
    sealed_document, tmp_path, monkeypatch, capsys
):
    missing = tmp_path / "none.sqlite3"
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{missing}")

    assert main(["verify", sealed_document]) == 0
    out = capsys.readouterr().out
    assert "Database record: none on this machine (the seal alone was checked)" in out
    assert "NOT ON FILE" not in out
    assert not Path(missing).exists(), "checking never makes a database"


def test_verify_names_a_database_it_cannot_read(sealed_document, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")

    assert main(["verify", sealed_document]) == 0
    out = capsys.readouterr().out
    assert "Database record: this machine's database could not be read" in out
