"""A kill while a document is written leaves no stray copy and never a second document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.services import pending_documents
from intake_app.services.document_recovery import recover_interrupted_writes
from intake_app.services.filing import make_chart_document
from intake_app.settings import load_settings
from intake_app.storage.db import Database, DatabaseUnavailable, utc_now
from intake_app.storage.tables import Document, Intake
from tests.services.test_pending_documents import (
    sign_while_sealing_fails,
    with_seal,
    write_clinic_file,
)
from tests.storage.conftest import empty_postgres_url

# `intake-app packet` in a process that dies (as if killed) at one step of writing the
# chart document: just before its row is committed, before the file gets its name, or
# before the staged name is removed.
DIES_AT = """
import os, sys
from intake_app.services import filing
from intake_app.cli import main

step, source, out = sys.argv[1:]
real_link, real_unlink = os.link, os.unlink


def staged(path):
    return os.path.basename(os.fspath(path)).startswith(".incoming-")


def link(source, target, **options):
    if step == "link" and staged(source):
        os._exit(9)
    return real_link(source, target, **options)


def unlink(path, **options):
    if step == "unlink" and staged(path):
        os._exit(9)
    return real_unlink(path, **options)


def audit(*args, **options):  # the document's row is added and committed next
    os._exit(9)


os.link, os.unlink = link, unlink
if step == "commit":
    filing.audit = audit
sys.exit(main(["packet", "--input", source, "--out", out]))
"""


@pytest.fixture
def database():
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def killed_while_writing(tmp_path: Path, step: str) -> Path:
    """Sign an intake whose chart document's writing is killed at ``step``; the folder."""
    write_clinic_file()
    settings = load_settings()
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_sample_input(FormCatalog.from_folder(settings.forms_dir))))
    folder = settings.documents_dir
    killed = subprocess.run(
        [sys.executable, "-c", DIES_AT, step, str(source), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr
    return folder


def staged_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".incoming-*"))


@pytest.mark.parametrize("step", ["commit", "link", "unlink"])
def test_after_a_kill_make_missing_leaves_one_document_and_one_copy_and_no_stray_file(
    tmp_path, monkeypatch, capsys, database, step
):
    folder = killed_while_writing(tmp_path, step)
    monkeypatch.setattr(pending_documents, "SETTLE_TIME", dt.timedelta(0))

    assert main(["documents", "make-missing"]) == 0
    assert main(["documents", "make-missing"]) == 0, "a second run changes nothing"

    assert staged_files(folder) == [], "no hidden copy of the patient's document stays"
    with database.session() as session:
        [intake] = session.exec(select(Intake)).all()
        rows = session.exec(select(Document)).all()
    assert sorted((row.intake_id, row.kind) for row in rows) == [
        (intake.id, "chart_packet"),
        (intake.id, "patient_copy"),
    ]
    assert sorted(folder.iterdir()) == sorted(Path(row.path) for row in rows)
    for row in rows:
        assert hashlib.sha256(Path(row.path).read_bytes()).hexdigest() == row.sha256
    assert capsys.readouterr().out.endswith("Made 0 missing document(s).\n")


def test_a_staged_document_that_differs_from_its_row_is_not_put_in_place(tmp_path, database):
    folder = killed_while_writing(tmp_path, "link")
    [staged] = folder.glob(".incoming-*.pdf")
    staged.write_bytes(staged.read_bytes()[:-10])  # damaged

    with database.session() as session:
        recovery = recover_interrupted_writes(session, folder, settled_before=utc_now())
        [row] = session.exec(select(Document)).all()
    assert (recovery.placed, recovery.removed) == ([], 1)
    assert list(folder.iterdir()) == [] and not Path(row.path).exists()


def test_a_document_whose_row_cannot_be_committed_leaves_no_file(tmp_path, database, monkeypatch):
    sign_while_sealing_fails(tmp_path)
    settings = with_seal(load_settings(), "")
    catalog = FormCatalog.from_folder(settings.forms_dir)
    with pytest.raises(DatabaseUnavailable), database.session() as session:
        [intake] = session.exec(select(Intake)).all()

        def refuse() -> None:
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

        monkeypatch.setattr(session, "commit", refuse)
        make_chart_document(
            session, intake=intake, catalog=catalog, settings=settings, today=dt.date.today()
        )
    folder = settings.documents_dir
    assert not folder.exists() or list(folder.iterdir()) == []


def test_recovery_deletes_only_settled_staged_files_no_row_names(tmp_path, database):
    folder = load_settings().documents_dir
    folder.mkdir(parents=True)
    for name in ("A_1961-07-14_X1.pdf", "notes.txt", ".incoming-X2.txt", ".incoming-NEW.pdf"):
        (folder / name).write_bytes(b"%PDF kept")
    (folder / ".incoming-OLD.pdf").write_bytes(b"%PDF left by a kill")
    (folder / ".incoming-LINK.pdf").symlink_to(folder / "notes.txt")
    an_hour_ago = (utc_now() - dt.timedelta(hours=1)).timestamp()
    os.utime(folder / ".incoming-OLD.pdf", (an_hour_ago, an_hour_ago))

    with database.session() as session:
        recovery = recover_interrupted_writes(
            session, folder, settled_before=utc_now() - dt.timedelta(minutes=2)
        )

    assert (recovery.placed, recovery.removed) == ([], 1)
    assert sorted(path.name for path in folder.iterdir()) == [
        ".incoming-LINK.pdf",
        ".incoming-NEW.pdf",  # another tablet may be writing it right now
        ".incoming-X2.txt",
        "A_1961-07-14_X1.pdf",
        "notes.txt",
    ]


def test_a_tablet_whose_forms_cannot_be_read_still_removes_a_stray_staged_file(tmp_path, database):
    """No document can be made without the forms; the hidden copy still does not stay."""
    folder = load_settings().documents_dir
    folder.mkdir(parents=True)
    stray = folder / ".incoming-OLD.pdf"
    stray.write_bytes(b"%PDF left by a kill")
    an_hour_ago = (utc_now() - dt.timedelta(hours=1)).timestamp()
    os.utime(stray, (an_hour_ago, an_hour_ago))
    with database.session() as session:
        attempts = pending_documents.make_missing_documents(
            session, catalog=None, settings=load_settings(), today=dt.date(2026, 11, 30)
        )
    assert attempts == []
    assert not stray.exists()


def document_in(database: Database, path: Path) -> None:
    """A document row whose file is at ``path`` (made in an earlier documents folder)."""
    from tests.services.test_records_search import completed_intake

    with database.session() as session:
        patient, intake = completed_intake(session, "Ana", "Ruiz")
        session.add(Document(intake_id=intake.id, patient_id=patient.id, kind="patient_copy",
                             path=str(path), sha256="1" * 64, size_bytes=1))  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def sqlite_or_postgres(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A fresh database of each kind (PostgreSQL when INTAKE_TEST_POSTGRES_URL is set)."""
    if request.param == "sqlite":
        found = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    else:
        found = Database(empty_postgres_url())
    yield found
    found.dispose()


def test_a_stray_staged_file_is_removed_from_every_folder_documents_were_written_in(
    tmp_path, sqlite_or_postgres
):
    """The documents folder was moved twice (the second one has a backslash in its name,
    which Linux allows): a kill's stray file goes from each, and nothing else does."""
    earlier = [tmp_path / "2019", tmp_path / "2019" / "moved", tmp_path / "then\\now"]
    strays = []
    for folder in earlier:
        folder.mkdir(parents=True)
        for name in ("A_1961-07-14_X1.pdf", "b\\c.pdf"):
            document_in(sqlite_or_postgres, folder / name)
            (folder / name).write_bytes(b"%PDF kept")
        strays.append(folder / ".incoming-OLD.pdf")
        strays[-1].write_bytes(b"%PDF left by a kill")
        an_hour_ago = (utc_now() - dt.timedelta(hours=1)).timestamp()
        os.utime(strays[-1], (an_hour_ago, an_hour_ago))

    with sqlite_or_postgres.session() as session:
        recovery = recover_interrupted_writes(
            session, load_settings().documents_dir, settled_before=utc_now()
        )

    assert recovery.removed == 3 and not any(stray.exists() for stray in strays)
    assert all((folder / "b\\c.pdf").exists() for folder in earlier)


def test_the_folders_documents_were_written_in_are_read_from_their_index_on_sqlite(tmp_path):
    """Not every document's path read at each start: a few steps in ``document_folder``."""
    sqlite = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    asked: list[str] = []
    event.listen(sqlite.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_args: asked.append(statement))  # fmt: skip
    with sqlite.session() as session:
        recover_interrupted_writes(session, tmp_path / "documents", settled_before=utc_now())
    reads = [statement for statement in asked if "FROM document" in statement]
    assert len(reads) == 1
    with sqlite.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {reads[0]}").all()
    steps = [str(step[-1]) for step in plan if "document" in str(step[-1])]
    assert steps and all("USING INDEX document_folder" in step for step in steps), steps
    sqlite.dispose()
