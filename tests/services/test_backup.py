"""Backup and restore: every record and every document back, byte for byte; nothing over
anything; a damaged backup named; the seal key only encrypted."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.paths import shipped_forms_dir
from intake_app.services import backup_database
from intake_app.services.backup import make_backup
from intake_app.services.backup_keys import WrongPassphrase
from intake_app.services.backup_manifest import BackupFailed, BackupProblem
from intake_app.services.restore import restore_backup
from intake_app.settings import load_settings
from intake_app.storage.audit import append_event
from intake_app.storage.audit_check import check_chain
from intake_app.storage.db import Database, create_database_engine
from intake_app.storage.guards import AUDIT_EVENT_KEPT
from tests.services.backup_helpers import (
    PASSPHRASE,
    PATIENT_NAMES,
    _sealed_visit,  # noqa: F401  (the fixture clinic_with_a_visit uses)
    clinic_with_a_visit,  # noqa: F401
    empty_postgres,
    file_sums,
    lose_the_machine,
    signed_visit,
    table_contents,
)
from tests.storage.conftest import BESIDE, POSTGRES_URL, _postgres_database

pytestmark = pytest.mark.usefixtures("clinic_with_a_visit")


def _no_passphrase() -> str:
    raise AssertionError("a backup without keys asks for no passphrase")


def _round_trip(tmp_path: Path, url: str) -> None:
    """A backup, the machine lost, a restore: every row and every file back as it was."""
    settings = load_settings()
    progress: list[str] = []
    made = make_backup(settings, tmp_path / "backup", progress=progress.append, every=1)
    before = table_contents(url)
    assert made.manifest.database.intakes == 1
    assert made.manifest.database.documents == len(before["document"]) == 2
    assert made.manifest.database.audit_events == len(before["audit_event"])
    assert {"copied 1 of 2 documents", "copied 2 of 2 documents"} <= set(progress)
    assert not any(name in line for line in progress for name in PATIENT_NAMES)
    lost = lose_the_machine(settings.data_dir)
    if url.startswith("postgresql"):
        empty_postgres(url)

    restored = restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)

    assert restored.chain_problem is None
    assert restored.chain_events == len(before["audit_event"])
    assert table_contents(url) == before
    assert file_sums(settings.documents_dir) == file_sums(lost / "documents")
    assert settings.clinic_file.read_bytes() == (lost / "clinic.toml").read_bytes()
    certificate = "keys/clinic-seal-cert.pem"
    assert (settings.data_dir / certificate).read_bytes() == (lost / certificate).read_bytes()
    _the_audit_trail_still_only_grows(url)


def _the_audit_trail_still_only_grows(url: str) -> None:
    """The database's own guards (triggers) came back with the records."""
    database = Database(url)
    try:
        with pytest.raises(Exception, match=AUDIT_EVENT_KEPT), database.engine.begin() as db:
            db.exec_driver_sql("DELETE FROM audit_event")
    finally:
        database.dispose()


def test_backup_then_restore_reproduces_every_record_and_document_on_sqlite(tmp_path):
    _round_trip(tmp_path, load_settings().database_url)


def test_backup_then_restore_reproduces_every_record_and_document_on_postgresql(
    tmp_path, monkeypatch
):
    # intake_ci may not CREATE DATABASE: the same database, emptied, is the empty one.
    # Another program's schema beside the app's is neither backed up nor in the way.
    _postgres_database().dispose()  # skipped (or failed, in CI) without a server
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTAKE_DATABASE_URL", POSTGRES_URL)
    empty_postgres(POSTGRES_URL)
    beside = create_database_engine(POSTGRES_URL)
    try:
        _in(beside, f"DROP SCHEMA IF EXISTS {BESIDE} CASCADE; CREATE SCHEMA {BESIDE}; "
                    f"CREATE TABLE {BESIDE}.kept (id integer); INSERT INTO {BESIDE}.kept VALUES (1)")  # fmt: skip
        signed_visit(tmp_path / "data")
        _round_trip(tmp_path, POSTGRES_URL)
        with beside.connect() as connection:
            assert connection.exec_driver_sql(f"SELECT id FROM {BESIDE}.kept").all() == [(1,)]
    finally:
        _in(beside, f"DROP SCHEMA IF EXISTS {BESIDE} CASCADE")
        beside.dispose()


def _in(engine, statements: str) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(statements)


def test_a_copy_made_while_another_connection_writes_is_whole(tmp_path):
    """The online backup copies one snapshot: the copy opens, is intact, and its audit chain
    verifies, while a second connection keeps adding events."""
    database = Database(load_settings().database_url)
    with sqlite3.connect(load_settings().data_dir / "intake.sqlite3") as connection:
        before = connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    stop, written = threading.Event(), [0]

    def keep_writing() -> None:
        while not stop.is_set():
            with database.session() as session:
                append_event(session, actor="system", action="busy", detail={"pad": "x" * 500})
            written[0] += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while written[0] < 50:
            stop.wait(0.01)
        copies = [make_backup(load_settings(), tmp_path / f"copy-{n}") for n in range(3)]
    finally:
        stop.set()
        writer.join()
        database.dispose()
    counts = [made.manifest.database.audit_events for made in copies]
    assert before + 50 <= counts[0] <= counts[-1] <= before + written[0]
    for number, made in enumerate(copies):
        copy = tmp_path / f"copy-{number}" / "database" / "intake.sqlite3"
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = Database(f"sqlite:///{copy}")
        try:
            with copied.session() as session:
                report = check_chain(session)
        finally:
            copied.dispose()
        assert report.problem is None
        assert report.events == made.manifest.database.audit_events


def test_a_changed_byte_is_found_named_and_nothing_is_restored(tmp_path):
    settings = load_settings()
    made = make_backup(settings, tmp_path / "backup")
    document = made.manifest.of_kind("document")[0]
    changed = tmp_path / "backup" / document.name
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    (tmp_path / "backup" / "clinic" / "clinic.toml").unlink()
    lose_the_machine(settings.data_dir)

    with pytest.raises(BackupFailed) as refused:
        restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)

    said = str(refused.value)
    assert f"{document.name}: changed" in said
    assert "clinic/clinic.toml: missing" in said
    assert not settings.data_dir.exists()


def test_nothing_is_ever_written_over(tmp_path, monkeypatch):
    """Not an earlier backup, not a data folder in use, not a data folder elsewhere whose
    records would name files that are not there."""
    settings = load_settings()
    earlier = tmp_path / "backup"
    make_backup(settings, earlier)
    in_backup, in_use = file_sums(earlier), file_sums(settings.data_dir)

    with pytest.raises(BackupProblem, match="not empty; a backup never overwrites"):
        make_backup(settings, earlier)
    with pytest.raises(BackupProblem, match="is not empty") as refused:
        restore_backup(settings, earlier, passphrase=_no_passphrase)
    assert refused.value.exit_status == 2
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(BackupProblem, match=f"INTAKE_DATA_DIR={settings.data_dir}"):
        restore_backup(load_settings(), earlier, passphrase=_no_passphrase)

    assert file_sums(earlier) == in_backup
    assert file_sums(settings.data_dir) == in_use
    assert not (tmp_path / "elsewhere").exists()


def test_documents_kept_outside_the_data_folder_go_back_where_their_records_say(tmp_path):
    shared = tmp_path / "shared-documents"
    assert main(["packet", "--sample", "--out", str(shared)]) == 0
    settings = load_settings()
    make_backup(settings, tmp_path / "backup")
    sums = file_sums(shared)
    lose_the_machine(settings.data_dir)

    with pytest.raises(BackupProblem, match="the file of document") as refused:
        restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)
    assert not any(name in str(refused.value) for name in PATIENT_NAMES)

    shared.rename(tmp_path / "shared-documents.lost")
    restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)
    assert file_sums(shared) == sums


def test_the_private_key_is_left_out_without_a_passphrase(tmp_path):
    settings = load_settings()
    key = (settings.keys_dir / "clinic-seal-key.pem").read_bytes()
    made = make_backup(settings, tmp_path / "backup")
    assert made.manifest.keys_left_out == ["clinic-seal-key.pem"]
    assert not made.manifest.keys_included
    assert not any(_key_body(key) in path.read_bytes() for path in _files(tmp_path / "backup"))
    assert any("--include-keys" in note for note in made.notes)


def test_keys_are_encrypted_and_open_only_with_the_passphrase(tmp_path):
    settings = load_settings()
    key = (settings.keys_dir / "clinic-seal-key.pem").read_bytes()
    made = make_backup(settings, tmp_path / "backup", passphrase=PASSPHRASE)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["keys_included"] is manifest["keys_encrypted"] is True
    assert made.manifest.of_kind("keys")[0].name == "keys.enc"
    assert not any(_key_body(key) in path.read_bytes() for path in _files(tmp_path / "backup"))
    for path in [tmp_path / "backup", *(tmp_path / "backup").rglob("*")]:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is open to others"
    lose_the_machine(settings.data_dir)

    with pytest.raises(WrongPassphrase, match="nothing was restored"):
        restore_backup(load_settings(), tmp_path / "backup", passphrase=lambda: "not the one")
    assert not settings.data_dir.exists()

    restore_backup(load_settings(), tmp_path / "backup", passphrase=lambda: PASSPHRASE)
    assert (settings.keys_dir / "clinic-seal-key.pem").read_bytes() == key


def test_without_pg_dump_the_backup_says_what_to_install(monkeypatch):
    monkeypatch.setattr(backup_database.shutil, "which", lambda _name: None)
    monkeypatch.setattr(backup_database.glob, "glob", lambda _pattern: [])
    with pytest.raises(BackupFailed, match=r"pg_dump was not found.*postgresql-client"):
        backup_database.postgres_tool("pg_dump")


def test_the_database_password_reaches_pg_dump_only_in_its_environment():
    url = "postgresql+psycopg://clinic:s3cret-pw@db.example:5433/intake?sslmode=require"
    conninfo, environment = backup_database.connection_info(url)
    assert "s3cret-pw" not in conninfo
    assert environment["PGPASSWORD"] == "s3cret-pw"
    assert (
        conninfo == "host='db.example' port='5433' user='clinic' dbname='intake' sslmode='require'"
    )


def _key_body(pem: bytes) -> bytes:
    """A line of the key itself, not its PEM header."""
    return pem.strip().splitlines()[1]


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_clinics_own_forms_come_back_and_the_restore_says_where(tmp_path, monkeypatch):
    forms = tmp_path / "clinic-forms"
    shutil.copytree(shipped_forms_dir(), forms)
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(forms))
    settings = load_settings()
    made = make_backup(settings, tmp_path / "backup")
    assert made.manifest.forms_dir == str(forms)
    lose_the_machine(settings.data_dir)
    monkeypatch.delenv("INTAKE_FORMS_DIR")

    restored = restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)

    assert file_sums(settings.data_dir / "forms") == file_sums(forms)
    assert f"INTAKE_FORMS_DIR={settings.data_dir / 'forms'}" in " ".join(restored.notes)


def test_the_earlier_seal_certificates_come_back_so_old_documents_still_verify(tmp_path):
    settings = load_settings()
    earlier = settings.keys_dir / "earlier-certificates"
    earlier.mkdir()
    old = (settings.keys_dir / "clinic-seal-cert.pem").read_bytes()
    (earlier / "2026-01-01-clinic-seal-cert.pem").write_bytes(old)
    make_backup(settings, tmp_path / "backup")
    lose_the_machine(settings.data_dir)
    restore_backup(load_settings(), tmp_path / "backup", passphrase=_no_passphrase)
    assert (earlier / "2026-01-01-clinic-seal-cert.pem").read_bytes() == old
