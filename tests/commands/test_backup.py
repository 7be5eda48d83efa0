"""``intake-app backup DIR`` and ``intake-app restore DIR`` at the command line."""

from __future__ import annotations

import io

import pytest

from intake_app.cli import main
from intake_app.settings import load_settings
from tests.services.backup_helpers import (
    PASSPHRASE,
    PATIENT_NAMES,
    _sealed_visit,  # noqa: F401  (the fixture clinic_with_a_visit uses)
    clinic_with_a_visit,  # noqa: F401
    file_sums,
    lose_the_machine,
)

pytestmark = pytest.mark.usefixtures("clinic_with_a_visit")


def run(monkeypatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(args))


def test_backup_and_restore_show_progress_and_never_a_patient(tmp_path, monkeypatch, capsys):
    folder = str(tmp_path / "backup")
    settings = load_settings()

    assert run(monkeypatch, "backup", folder) == 0
    made = capsys.readouterr()
    lose_the_machine(settings.data_dir)
    assert run(monkeypatch, "restore", folder) == 0
    restored = capsys.readouterr()

    assert "Copying the database (SQLite online backup)" in made.err
    assert "copied 2 of 2 documents" in made.err
    assert "1 intake(s), 2 document(s)" in made.out
    assert "private keys not included" in made.out
    assert "Checking the SHA-256 of" in restored.err
    assert "copied 2 of 2 documents" in restored.err
    assert "Audit trail: intact" in restored.out
    said = made.out + made.err + restored.out + restored.err
    assert not any(name in said for name in PATIENT_NAMES)


def test_a_backup_folder_that_holds_files_is_refused(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "last-week.txt").write_text("an earlier backup")
    assert run(monkeypatch, "backup", str(folder)) == 2
    assert "is not empty; a backup never overwrites an earlier one" in capsys.readouterr().err
    assert [path.name for path in folder.iterdir()] == ["last-week.txt"]


def test_restore_into_a_data_folder_in_use_is_refused(tmp_path, monkeypatch, capsys):
    assert run(monkeypatch, "backup", str(tmp_path / "backup")) == 0
    before = file_sums(load_settings().data_dir)
    assert run(monkeypatch, "restore", str(tmp_path / "backup")) == 2
    assert "is not empty; a restore never overwrites records" in capsys.readouterr().err
    assert file_sums(load_settings().data_dir) == before


def test_a_damaged_backup_is_named_and_nothing_is_restored(tmp_path, monkeypatch, capsys):
    settings = load_settings()
    assert run(monkeypatch, "backup", str(tmp_path / "backup")) == 0
    database = tmp_path / "backup" / "database" / "intake.sqlite3"
    database.write_bytes(database.read_bytes()[:-1] + b"\x00")
    lose_the_machine(settings.data_dir)
    capsys.readouterr()

    assert run(monkeypatch, "restore", str(tmp_path / "backup")) == 1

    err = capsys.readouterr().err
    assert "database/intake.sqlite3: changed" in err
    assert "nothing was restored" in err
    assert not settings.data_dir.exists()


def test_a_folder_without_a_manifest_is_not_a_finished_backup(tmp_path, monkeypatch, capsys):
    settings = load_settings()
    assert run(monkeypatch, "backup", str(tmp_path / "backup")) == 0
    (tmp_path / "backup" / "manifest.json").unlink()
    lose_the_machine(settings.data_dir)
    assert run(monkeypatch, "restore", str(tmp_path / "backup")) == 1
    assert "has no manifest.json" in capsys.readouterr().err
    assert not settings.data_dir.exists()


def test_keys_go_in_with_a_passphrase_and_come_back_only_with_it(tmp_path, monkeypatch, capsys):
    settings = load_settings()
    key = (settings.keys_dir / "clinic-seal-key.pem").read_bytes()
    folder = str(tmp_path / "backup")
    args = ("backup", folder, "--include-keys", "--passphrase-stdin")
    assert run(monkeypatch, *args, stdin=PASSPHRASE + "\n") == 0
    assert "private keys included, encrypted" in capsys.readouterr().out
    lose_the_machine(settings.data_dir)

    assert run(monkeypatch, "restore", folder, "--passphrase-stdin", stdin="guess\n") == 2
    assert "The passphrase does not open the backup's keys" in capsys.readouterr().err
    assert not settings.data_dir.exists()
    assert run(monkeypatch, "restore", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n") == 0
    assert (settings.keys_dir / "clinic-seal-key.pem").read_bytes() == key


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ((("--include-keys", "--passphrase-stdin"), "short\n"), "passphrase is too short"),
        ((("--include-keys",), ""), "no terminal to ask for the passphrase"),
        ((("--passphrase-stdin",), PASSPHRASE + "\n"), "goes with --include-keys"),
    ],
)
def test_a_passphrase_that_cannot_be_used_writes_nothing(
    tmp_path, monkeypatch, capsys, asked, said
):
    folder = tmp_path / "backup"
    args, stdin = asked
    assert run(monkeypatch, "backup", str(folder), *args, stdin=stdin) == 2
    assert said in capsys.readouterr().err
    assert not folder.exists()


def test_backup_with_no_database_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "new-machine"))
    assert run(monkeypatch, "backup", str(tmp_path / "backup")) == 2
    assert "There is no database at" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_the_help_says_what_the_command_does(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "manifest" in capsys.readouterr().out
