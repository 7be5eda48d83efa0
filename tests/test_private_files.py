"""Nobody but the app's own user can open the data folder or anything the app writes in it.

Every test runs with the permissive umask of a usual desktop session (022), so what
is checked are the permissions the app gives, not what a umask would take away.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app import private_files
from intake_app.chart.seal import SealError, clinic_seal_keys
from intake_app.cli import main
from intake_app.clinic_file import store_clinic_name, write_clinic_file_template
from intake_app.commands.packet import run_packet
from intake_app.forms.catalog import FormCatalog
from intake_app.gui.app_services import build_services
from intake_app.private_files import private_folder, sync_folder, write_private_file
from intake_app.services.pending_documents import make_missing_documents
from intake_app.settings import load_settings
from intake_app.storage.db import utc_now
from tests.chart.test_seal import make_pkcs12
from tests.conftest import PRODUCT_TOML
from tests.services.test_pending_documents import unreachable_url

PERMISSIVE_UMASK = 0o022


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(PERMISSIVE_UMASK)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The permissions of every folder and every file under ``folder``, by relative path."""
    folders, files = {".": mode(folder)}, {}
    for root, names, file_names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            folders[str(path.relative_to(folder))] = mode(path)
        for name in file_names:
            path = Path(root) / name
            files[str(path.relative_to(folder))] = mode(path)
    return folders, files


def clinic_text(timestamp_url: str = "") -> str:
    seal = f'[seal]\ntimestamp_url = "{timestamp_url}"\n' if timestamp_url else ""
    return f'[clinic]\nname = "Riverside"\n{seal}{PRODUCT_TOML}'


@pytest.fixture(scope="module")
def tablet_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A tablet's first day: the app starts on a fresh data folder, a visit is signed
    while the timestamp authority is down, and at the next start its chart document
    and the patient's copy are made into the documents folder."""
    data = tmp_path_factory.mktemp("tablet") / "home" / "intake-app"
    previous_umask = os.umask(PERMISSIVE_UMASK)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("INTAKE_DATA_DIR", str(data))
        env.delenv("INTAKE_CLINIC_FILE", raising=False)
        env.delenv("INTAKE_DATABASE_URL", raising=False)
        services = build_services(load_settings())  # the app's start: clinic file, database, id
        try:
            # Staff fill in the clinic file the app wrote (an edit keeps its permissions).
            services.settings.clinic_file.write_text(clinic_text(unreachable_url()), "utf-8")
            with pytest.raises(SealError):
                run_packet(None, True, tmp_path_factory.mktemp("out"))
            services.settings.clinic_file.write_text(clinic_text(), "utf-8")
            settings = load_settings()
            with services.database.session() as session:
                made = make_missing_documents(
                    session,
                    catalog=FormCatalog.from_folder(settings.forms_dir),
                    settings=settings,
                    today=dt.date.today(),
                    signed_before=utc_now() + dt.timedelta(seconds=1),
                )
            assert [attempt.made for attempt in made] == [True, True]
            yield data  # the database is still open: its -wal and -shm files are there
        finally:
            services.database.dispose()
            os.umask(previous_umask)


def test_every_file_the_app_writes_in_its_data_folder_is_readable_by_its_owner_only(
    tablet_data,
):
    _folders, files = modes_under(tablet_data)
    made = {name for name in files if not name.startswith("documents/")}
    assert made == {
        "clinic.toml",
        "device-id",
        "intake.sqlite3",
        "intake.sqlite3-wal",
        "intake.sqlite3-shm",
        "keys/clinic-seal-key.pem",
        "keys/clinic-seal-cert.pem",
    }
    documents = [name for name in files if name.startswith("documents/")]
    assert len(documents) == 2 and all(name.endswith(".pdf") for name in documents)
    assert {name: oct(value) for name, value in files.items() if value != 0o600} == {}


def test_the_data_folder_and_the_folders_above_it_the_app_made_are_its_owners_only(
    tablet_data,
):
    folders, _files = modes_under(tablet_data)
    assert folders["."] == 0o700
    assert folders["keys"] == 0o700
    assert mode(tablet_data.parent) == 0o700  # "home" did not exist either


def test_the_documents_folder_the_app_made_is_its_owners_only(tablet_data):
    folders, _files = modes_under(tablet_data)
    assert folders["documents"] == 0o700


def test_a_data_folder_others_could_open_is_made_owner_only_at_start_and_logged(
    tmp_path, monkeypatch, caplog
):
    data = tmp_path / "older-install"
    data.mkdir(mode=0o755)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))
    with caplog.at_level(logging.WARNING):
        load_settings()
    assert mode(data) == 0o700
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"The data folder {data} could be opened by other users of this computer "
        "(permissions 755); it is now open to its owner only (700)."
    )
    caplog.clear()
    load_settings()
    assert caplog.records == []  # said once, when it was changed


def test_a_folder_the_clinic_shares_on_purpose_keeps_its_permissions(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(shared / "clinic.toml"))
    assert write_clinic_file_template(load_settings().clinic_file)
    assert mode(shared) == 0o755
    assert mode(shared / "clinic.toml") == 0o600
    assert private_folder(shared) == shared and mode(shared) == 0o755


def test_a_new_clinic_file_elsewhere_gets_owner_only_folders_and_stays_private_when_written(
    tmp_path, monkeypatch
):
    path = tmp_path / "clinic" / "settings" / "clinic.toml"
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(path))
    store_clinic_name(load_settings().clinic_file, "Riverside Joint Clinic")  # the set-up
    assert (mode(path.parent.parent), mode(path.parent), mode(path)) == (0o700, 0o700, 0o600)


def test_the_copy_of_the_clinics_own_certificate_is_owner_only_and_its_file_is_not_changed(
    tmp_path, monkeypatch, caplog
):
    bundle = tmp_path / "clinic.p12"
    make_pkcs12(bundle, b"s3cret")
    os.chmod(bundle, 0o644)
    monkeypatch.setenv("INTAKE_SEAL_PASSWORD", "s3cret")
    keys_dir = tmp_path / "data" / "keys"
    with caplog.at_level(logging.WARNING):
        keys = clinic_seal_keys(keys_dir, "Riverside", str(bundle))
    assert (mode(keys_dir), mode(keys.cert_file)) == (0o700, 0o600)
    assert mode(bundle) == 0o644, "the clinic's own file is not changed behind its back"
    assert [record.getMessage() for record in caplog.records] == [
        f"The clinic certificate {bundle} holds the seal's private key and other users of "
        f"this computer may read it; make it readable by its owner only (chmod 600 {bundle})."
    ]


def test_an_owner_only_certificate_file_gives_no_warning(tmp_path, monkeypatch, caplog):
    bundle = tmp_path / "clinic.p12"
    make_pkcs12(bundle, b"s3cret")
    os.chmod(bundle, 0o600)
    monkeypatch.setenv("INTAKE_SEAL_PASSWORD", "s3cret")
    with caplog.at_level(logging.WARNING):
        clinic_seal_keys(tmp_path / "keys", "Riverside", str(bundle))
    assert caplog.records == []


def current_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_every_command_and_the_app_run_with_an_owner_only_umask(monkeypatch):
    from intake_app import cli
    from intake_app.commands import forms

    seen = []
    monkeypatch.setattr(forms, "run", lambda _args: seen.append(current_umask()) or 0)
    monkeypatch.setattr(cli, "_open_app", lambda *, desk: seen.append(current_umask()) or 0)
    assert main(["forms", "list"]) == 0
    assert main([]) == 0
    assert main(["desk"]) == 0
    assert seen == [0o077, 0o077, 0o077]
    assert current_umask() == PERMISSIVE_UMASK, "given back once the command is done"


def test_a_crash_while_a_new_file_is_written_leaves_no_empty_file_under_its_name(
    tmp_path, monkeypatch
):
    """A kill between creating and filling a file (here: the disk write fails) leaves
    the name free: next time the whole file is written, never an empty one kept."""
    path = tmp_path / "device-id"

    def crash(_descriptor):
        raise KeyboardInterrupt  # what a kill looks like from inside, at the worst moment

    monkeypatch.setattr(private_files.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        write_private_file(path, b"abc\n")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == [], "the hidden temporary file is removed too"
    monkeypatch.undo()
    assert write_private_file(path, b"abc\n") and path.read_bytes() == b"abc\n"
    assert not write_private_file(path, b"other\n") and path.read_bytes() == b"abc\n"


def test_a_device_id_left_empty_by_an_earlier_crash_is_replaced_by_a_new_one(tmp_path):
    settings = load_settings({"INTAKE_DATA_DIR": str(tmp_path)})
    (tmp_path / "device-id").write_text("", encoding="utf-8")
    made = settings.device_id()
    assert len(made) == 32
    assert settings.device_id() == made, "kept from then on"


def synced_folders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders fsynced from now on, by path."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    monkeypatch.setattr(private_files.os, "fsync", fsync)
    return synced


@pytest.mark.parametrize("required", [True, False])
def test_a_folder_sync_puts_the_folder_itself_on_the_disk(tmp_path, monkeypatch, required):
    synced = synced_folders(monkeypatch)
    sync_folder(tmp_path, required=required)
    assert synced == [str(tmp_path)]


def test_a_folder_that_cannot_be_opened_fails_a_required_sync_and_no_other(tmp_path):
    missing = tmp_path / "chart folder on a drive not connected"
    with pytest.raises(FileNotFoundError):
        sync_folder(missing, required=True)
    sync_folder(missing, required=False)  # the file is complete under its name either way


@pytest.mark.parametrize("required", [True, False])
def test_a_disk_failing_the_sync_fails_a_required_sync_only(tmp_path, monkeypatch, required):
    def failing(_descriptor: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(private_files.os, "fsync", failing)
    if required:
        with pytest.raises(OSError, match="Input/output error"):
            sync_folder(tmp_path, required=True)
    else:
        sync_folder(tmp_path, required=False)


@pytest.mark.parametrize("required", [True, False])
def test_a_system_that_does_not_open_folders_for_syncing_is_left_to_its_journal(
    tmp_path, monkeypatch, required
):
    """Windows refuses to open a folder (access denied): nothing to sync, no failure."""
    synced = synced_folders(monkeypatch)
    real_open = os.open

    def open_file_only(path, flags, *args):
        if Path(path).is_dir():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(private_files.os, "open", open_file_only)
    sync_folder(tmp_path, required=required)
    assert synced == []


@pytest.mark.parametrize("required", [True, False])
def test_a_share_that_refuses_to_sync_a_folder_is_no_failure(tmp_path, monkeypatch, required):
    def refusing(_descriptor: int) -> None:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))

    monkeypatch.setattr(private_files.os, "fsync", refusing)
    sync_folder(tmp_path, required=required)
