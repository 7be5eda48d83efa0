"""A kill while a document is written leaves no stray copy and never a second document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
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
