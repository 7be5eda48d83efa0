"""The installation check behind ``intake-app doctor``: on a healthy installation it finds
no problem; each thing that goes wrong with a clinic's records, keys or disk is found and
named with what to do (on SQLite, and on PostgreSQL when it is set up)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from intake_app.cli import main
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.private_files import FILE_MODE, private_folder
from intake_app.services.actor import Actor
from intake_app.services.doctor import Checkup, Finding, check_installation
from intake_app.services.doctor_checks.certificate import check_certificate
from intake_app.services.doctor_checks.database import (
    expected_schema_version,
    schema_version_finding,
)
from intake_app.services.doctor_checks.disk import (
    LOW_BYTES,
    TOO_LOW_BYTES,
    Usage,
    check_disk_space,
)
from intake_app.services.permissions import NotPermitted
from intake_app.settings import Settings, load_settings
from intake_app.staff.rules import Role
from intake_app.storage.db import Database, create_database_engine
from intake_app.storage.tables import AuditEvent, Document
from tests.chart.test_seal import make_pkcs12
from tests.conftest import CLINIC_TOML, PRODUCT_TOML
from tests.storage.conftest import _postgres_database as postgres_database
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)
from tests.storage.test_audit_chain import drop_audit_triggers, rewrite_consistently, tamper

CONSOLE = Actor.console()
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
LONG_AGO = (NOW - dt.timedelta(hours=1)).timestamp()  # before any station could be writing


@dataclass(frozen=True)
class Installation:
    database: Database
    settings: Settings

    def documents(self) -> list[Document]:
        with self.database.session() as session:
            query = select(Document).order_by(col(Document.created_at))
            return list(session.exec(query))

    def chart(self) -> Document:
        return next(d for d in self.documents() if d.kind == "chart_packet")


@pytest.fixture(scope="module")
def pristine_installation(tmp_path_factory) -> tuple[Path, Path]:
    """A sample visit signed, its chart document and patient's copy sealed into the data
    folder's documents folder, as `intake-app packet --sample` makes them: made once (the
    data folder, and a copy each test starts from, as the rows name the files' paths)."""
    root = tmp_path_factory.mktemp("installation")
    data, clinic = root / "data", root / "clinic.toml"
    clinic.write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTAKE_DATA_DIR", str(data))
        patch.setenv("INTAKE_CLINIC_FILE", str(clinic))
        patch.delenv("INTAKE_DATABASE_URL", raising=False)
        assert main(["packet", "--sample", "--out", str(data / "documents")]) == 0
    shutil.copytree(data, root / "pristine")
    return data, root / "pristine"


@pytest.fixture
def installation(pristine_installation, monkeypatch) -> Iterator[Installation]:
    """The sample installation on SQLite, as it was made."""
    data, pristine = pristine_installation
    shutil.rmtree(data)
    shutil.copytree(pristine, data)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(data.parent / "clinic.toml"))
    settings = load_settings()
    opened = Database(settings.database_url)
    yield Installation(opened, settings)
    opened.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def on_each_database(request, monkeypatch, configured_clinic) -> Iterator[Installation]:
    """The sample installation on SQLite, and on PostgreSQL when it is set up."""
    if request.param == "sqlite":
        yield request.getfixturevalue("installation")
        return
    opened = postgres_database()
    monkeypatch.setenv("INTAKE_DATABASE_URL", opened.url)
    settings = load_settings()
    assert main(["packet", "--sample", "--out", str(settings.documents_dir)]) == 0
    yield Installation(opened, settings)
    opened.dispose()


def examine(settings: Settings) -> Checkup:
    return check_installation(settings, by=CONSOLE)


def at(checkup: Checkup, level: str) -> list[Finding]:
    return [finding for finding in checkup.findings if finding.level == level]


def the_problem(checkup: Checkup) -> Finding:
    found = at(checkup, "problem")
    assert len(found) == 1, found
    return found[0]


# --- a healthy installation ---------------------------------------------------------------


def test_a_healthy_installation_has_no_problem(on_each_database):
    installation = on_each_database
    checkup = examine(installation.settings)

    assert checkup.clean, at(checkup, "problem")
    assert {f.check for f in at(checkup, "warning")} <= {"Database schema"}  # no version yet
    said = {f.check: f.found for f in at(checkup, "ok")}
    assert said["Documents"].startswith("2 document(s) checked: every file is in place")
    assert said["Audit trail"].startswith("The audit trail is intact: ")
    assert {"Database", "Documents folder", "Permissions", "Seal certificate"} <= set(said)


def test_problems_come_first_then_warnings_then_what_is_ok(installation):
    Path(installation.chart().path).unlink()

    levels = [finding.level for finding in examine(installation.settings).findings]

    assert levels == sorted(levels, key=["problem", "warning", "ok"].index)
    assert levels[0] == "problem" and levels[-1] == "ok"


def test_only_someone_who_may_read_the_audit_trail_may_check(installation):
    nurse = Actor.staff("S-nurse", "Nora Ruiz", frozenset({Role.NURSE}), "tablet-1")
    with pytest.raises(NotPermitted):
        check_installation(installation.settings, by=nurse)


# --- the documents ------------------------------------------------------------------------


def test_a_deleted_document_file_is_named_with_where_to_get_it_back(installation):
    chart = installation.chart()
    path = Path(chart.path)
    path.unlink()

    found = the_problem(examine(installation.settings))

    assert found.check == "Document"
    assert found.found == (
        f"Document {chart.id} ({path.name}): the file is missing from {path.parent}."
    )
    assert found.todo.startswith(f"Copy documents/{chart.id}.pdf of the latest backup ")
    assert f"back to {path}, unchanged" in found.todo
    outside_the_file_name = (found.found + found.todo).replace(path.name, "")
    assert SAMPLE_PATIENT.family_name.upper() not in outside_the_file_name.upper()


def test_a_changed_byte_in_a_document_is_named_with_what_to_do(installation):
    chart = installation.chart()
    path = Path(chart.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))

    found = the_problem(examine(installation.settings))

    assert found.found.startswith(f"Document {chart.id} ({path.name}): Seal INVALID: ")
    assert found.todo.startswith("The file is not the one the app sealed. Move ")
    assert f"copy documents/{chart.id}.pdf of the latest backup back to {path}" in found.todo


def test_a_document_whose_staged_file_was_never_put_in_place_points_to_make_missing(
    installation,
):
    chart = installation.chart()
    path = Path(chart.path)
    path.rename(path.with_name(f".incoming-{chart.id}.pdf"))

    found = the_problem(examine(installation.settings))

    assert found.found == (
        f"Document {chart.id} ({path.name}): the file is not in place; a write that was "
        f"interrupted left it as .incoming-{chart.id}.pdf."
    )
    assert found.todo.startswith("Run `intake-app documents make-missing`")


def test_without_the_clinic_certificate_seals_are_not_checked_but_hashes_are(installation):
    settings = installation.settings
    (settings.keys_dir / "clinic-seal-cert.pem").unlink()

    checkup = examine(settings)

    assert checkup.clean
    seals = next(f for f in at(checkup, "warning") if f.check == "Document seals")
    assert seals.found.startswith("Seals not checked, only each file's SHA-256: ")
    assert "keys/clinic-seal-cert.pem" in seals.todo


# --- the audit trail ----------------------------------------------------------------------


def test_an_audit_row_edited_behind_the_triggers_back_is_named_by_its_number(on_each_database):
    installation = on_each_database
    engine = installation.database.engine
    with installation.database.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == "answer_given")
        edited = session.exec(query.order_by(col(AuditEvent.sequence))).first()
    drop_audit_triggers(engine)  # as the database's owner could
    tamper(engine, f"UPDATE audit_event SET detail = NULL WHERE id = '{edited.id}'")

    found = the_problem(examine(installation.settings))

    assert (found.check, found.found) == (
        "Audit trail",
        f"The audit trail is not intact: event {edited.sequence} was altered: its content "
        "no longer matches its hash.",
    )
    assert found.todo.startswith("Someone changed the audit trail around the app")
    assert "make a copy for the investigation now (`intake-app backup DIR`)" in found.todo


def test_a_consistent_rewrite_of_the_trail_is_named_by_the_documents_sealed_with_it(
    on_each_database,
):
    installation = on_each_database
    drop_audit_triggers(installation.database.engine)

    def pain_was_two(event: AuditEvent) -> None:
        if event.item_id == "pain_now":
            event.detail = {"new": 2}

    rewrite_consistently(installation.database, pain_was_two)

    found = at(examine(installation.settings), "problem")

    assert [f.check for f in found] == ["Document", "Document"]
    assert all("the trail was rewritten" in f.found for f in found)


# --- files no record explains -------------------------------------------------------------


def test_an_orphaned_pdf_and_the_files_interrupted_writes_left_are_found(on_each_database):
    installation = on_each_database
    documents = installation.settings.documents_dir
    (documents / "STRAY.pdf").write_bytes(b"%PDF-1.7 not the app's")
    staged = documents / ".incoming-0f0e.pdf"
    temporary = documents / ".filing-0f0e-1a2b.tmp"
    for leftover in (staged, temporary):
        leftover.write_bytes(b"half")
        os.utime(leftover, (LONG_AGO, LONG_AGO))
    (documents / ".incoming-being-written-now.pdf").write_bytes(b"half")

    checkup = check_installation(installation.settings, by=CONSOLE, now=NOW)

    orphan = the_problem(checkup)
    assert (orphan.check, orphan.found) == (
        "Documents folder",
        f"STRAY.pdf is in {documents}, but no document on file points to it.",
    )
    assert "move the file out of the documents folder and keep it" in orphan.todo
    left = {f.found: f.todo for f in at(checkup, "warning") if f.check == "Left-over file"}
    assert left == {
        f".incoming-0f0e.pdf in {documents} was left by a document write that was "
        "interrupted (a crash or a power cut).": "Run `intake-app documents make-missing`: "
        "it puts the document in place or removes the file.",
        f".filing-0f0e-1a2b.tmp in {documents} is a temporary file an interrupted write left "
        f"behind.": f"Delete it (nothing needs it): rm {temporary}",
    }


# --- the database -------------------------------------------------------------------------


def test_a_database_server_that_does_not_answer_is_a_finding_without_its_password(tmp_path):
    url = "postgresql+psycopg://intake:pw-never-shown@127.0.0.1:1/intake"
    settings = replace(load_settings(), database_url=url)
    private_folder(settings.data_dir)

    checkup = examine(settings)

    found = the_problem(checkup)
    assert found.check == "Database"
    assert found.found.startswith(
        "The database server does not answer or refuses the connection "
        "(postgresql+psycopg://intake:***@127.0.0.1:1/intake: "
    )
    assert "at 127.0.0.1, port 1 is running" in found.todo
    assert "pw-never-shown" not in repr(checkup)
    assert not any(f.check in ("Documents", "Audit trail") for f in checkup.findings)


def test_a_missing_sqlite_file_is_a_finding_and_is_not_made(tmp_path):
    settings = load_settings()
    private_folder(settings.data_dir)

    found = the_problem(examine(settings))

    assert found.found == (
        f"There is no database file: {settings.data_dir / 'intake.sqlite3'} does not exist."
    )
    assert "restore the latest backup" in found.todo
    assert not (settings.data_dir / "intake.sqlite3").exists()


def test_the_schema_version_is_read_from_the_version_table(database):  # noqa: F811
    engine = database.engine
    head = expected_schema_version()
    assert schema_version_finding(engine, head).found == (
        f"The database's schema version is {head}."
    )
    tamper(engine, "UPDATE alembic_version SET version_num = '0001'")
    older = schema_version_finding(engine, head)
    assert (older.level, older.found) == (
        "problem",
        f"The database's schema version is 0001; this version of the app works with {head}.",
    )
    assert "run `intake-app db upgrade`" in older.todo
    tamper(engine, "DROP TABLE alembic_version")
    unversioned = schema_version_finding(engine, head)
    assert (unversioned.level, unversioned.found) == (
        "problem",
        "The database does not record its schema version (no version table): it was made "
        "before the app's upgrades were versioned, and the app will not open it.",
    )


def test_a_database_without_the_apps_tables_is_a_problem(tmp_path):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))

    found = schema_version_finding(engine)

    assert found.level == "problem"
    assert found.found.startswith("The database lacks the app's tables (patient, intake, ")
    engine.dispose()


# --- permissions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "mode", "who", "chmod"),
    [
        ("keys/clinic-seal-key.pem", 0o644, "anyone on this computer", "600"),
        ("keys", 0o750, "other users in its group", "700"),
        ("intake.sqlite3", 0o604, "anyone on this computer", "600"),
        (".", 0o755, "anyone on this computer", "700"),
    ],
    ids=["key", "keys-folder", "database", "data-folder"],
)
def test_a_private_file_others_can_open_is_a_problem_with_the_chmod_to_run(
    installation, where, mode, who, chmod
):
    path = (installation.settings.data_dir / where).resolve()
    os.chmod(path, mode)

    problems = at(examine(installation.settings), "problem")

    assert {f.check for f in problems} == {"Permissions"}
    [found] = [f for f in problems if f.found.startswith(f"{path} (")]  # (and its -wal file)
    assert found.found.endswith(f"can be opened by {who} (permissions {mode:03o}).")
    assert found.todo == f"Make it its owner's only: chmod {chmod} {path}"


# --- the seal certificate -----------------------------------------------------------------


def own_seal_pair(keys_dir: Path, *, ends: dt.datetime) -> None:
    """The app's own seal key and certificate, the certificate ending at ``ends``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Riverside chart seal")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(ends - dt.timedelta(days=365)).not_valid_after(ends)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for name_, data in (
        ("clinic-seal-key.pem", pem),
        ("clinic-seal-cert.pem", cert.public_bytes(serialization.Encoding.PEM)),
    ):
        (keys_dir / name_).write_bytes(data)
        os.chmod(keys_dir / name_, FILE_MODE)


@pytest.mark.parametrize(
    ("ends", "level", "said"),
    [
        (NOW + dt.timedelta(days=10), "warning", "expires on 2026-12-05, in 10 day(s)."),
        (NOW - dt.timedelta(days=1), "problem", "expired on 2026-11-24: documents sealed from "
         "now on carry an expired seal."),
        (NOW + dt.timedelta(days=31), "ok", "is valid until 2026-12-26."),
    ],
    ids=["within-30-days", "expired", "good"],
)  # fmt: skip
def test_the_apps_own_seal_certificate_is_checked_for_30_more_days(ends, level, said):
    settings = load_settings()
    own_seal_pair(settings.keys_dir, ends=ends)

    found = check_certificate(settings, now=NOW)

    assert (found.level, found.found) == (
        level,
        f"The seal certificate ({settings.keys_dir / 'clinic-seal-cert.pem'}) {said}",
    )
    if level != "ok":
        assert found.todo.startswith("Renew the app's own key ")
        assert f"into {settings.keys_dir / 'earlier-certificates'}" in found.todo


def test_the_clinics_own_pkcs12_certificate_is_checked_and_its_password(tmp_path, monkeypatch):
    bundle = tmp_path / "clinic.p12"
    make_pkcs12(bundle, b"s3cret")  # valid for 30 days from now
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(f'[seal]\npkcs12_file = "{bundle}"\n', encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    monkeypatch.setenv("INTAKE_SEAL_PASSWORD", "s3cret")
    settings = load_settings()

    found = check_certificate(settings, now=dt.datetime.now(dt.UTC))

    assert found.level == "warning"
    assert found.found.startswith(f"The seal certificate ({bundle}) expires on ")
    assert found.todo.startswith("Ask the certificate's issuer for a renewed certificate before ")
    monkeypatch.setenv("INTAKE_SEAL_PASSWORD", "wrong")
    wrong = check_certificate(settings, now=dt.datetime.now(dt.UTC))
    assert (wrong.level, wrong.found) == (
        "problem",
        f"The clinic certificate {bundle} cannot be opened (wrong INTAKE_SEAL_PASSWORD?).",
    )


# --- free disk space ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("free", "total", "level"),
    [
        (TOO_LOW_BYTES - 1, 100 * LOW_BYTES, "problem"),
        (LOW_BYTES - 1, 100 * LOW_BYTES, "warning"),
        (40 * LOW_BYTES, 1000 * LOW_BYTES, "warning"),  # 4% of the disk
        (60 * LOW_BYTES, 1000 * LOW_BYTES, "ok"),
    ],
    ids=["under-200-MB", "under-1-GB", "under-5-percent", "room"],
)
def test_free_disk_space_under_the_thresholds_is_a_warning_then_a_problem(free, total, level):
    settings = load_settings()
    settings.data_dir.mkdir(parents=True)

    [found] = check_disk_space(settings, lambda _path: Usage(total, total - free, free))

    assert found.level == level
    assert f"free of {total / 1024**3:.1f} GB on the disk of {settings.data_dir}" in found.found
    if level != "ok":
        assert found.todo.startswith("Make room on that disk")


@pytest.fixture(autouse=True)
def _no_seal_password(monkeypatch) -> Iterator[None]:
    monkeypatch.delenv("INTAKE_SEAL_PASSWORD", raising=False)
    yield
