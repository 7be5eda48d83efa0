"""The clinic settings page's service: an administrator's change is written into the
clinic file with its comments kept and recorded once with who changed what; a value the
file may not hold, a file edited meanwhile and a person without the permission are
refused, and the file stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from intake_app.clinic_file import CLINIC_FILE_TEMPLATE
from intake_app.services import clinic_settings
from intake_app.services.actor import Actor
from intake_app.services.clinic_settings import (
    PAGE,
    ClinicFileChanged,
    ClinicSettingsFile,
    SettingsNotSaved,
    SettingsOnFile,
)
from intake_app.services.permissions import NotPermitted
from intake_app.services.settings_record import SETTINGS_CHANGED
from intake_app.settings import ClinicSettings, SettingsError, read_clinic_file
from intake_app.staff.rules import Role
from intake_app.storage.audit_check import check_chain
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent
from tests.services.people_on_file import NAMES
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

LANGUAGES = ("en", "es")
HAND_NOTE = "# Prices checked with the supplier on 2026-10-01.\n"


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    """The commented file of a first run, filled in by hand, with a note of the clinic's."""
    text = CLINIC_FILE_TEMPLATE.replace(
        'name = ""          # printed', 'name = "Riverside"  # printed'
    )
    text = text.replace("price_usd = 0 ", "price_usd = 2500 ").replace(
        "[kiosk]", HAND_NOTE + "[kiosk]"
    )
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path


def page_for(db: Database, path: Path, role: str) -> ClinicSettingsFile:
    """The page's calls for a person with ``role`` at the desk ``desk-1``."""
    person = Actor.staff(f"id-{role}", NAMES[role], frozenset({Role(role)}), "desk-1")
    return ClinicSettingsFile(db, person, path, LANGUAGES)


def events(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        query = select(AuditEvent).where(col(AuditEvent.action) == SETTINGS_CHANGED)
        return list(session.exec(query.order_by(col(AuditEvent.sequence))))


def test_a_change_is_written_with_the_comments_kept_and_recorded_once_by_name(
    database,  # noqa: F811
    clinic_file,
):
    page = page_for(database, clinic_file, "admin")
    before = clinic_file.read_text(encoding="utf-8")
    shown = page.read()
    assert shown.shown("kiosk.idle_seconds") == "180"
    assert shown.shown("product.price_usd") == "2500"

    changed = page.save(
        {"kiosk.idle_seconds": "240", "product.source.es": "tejido de placenta donado",
         "product.source.en": "", "consent.witness": False},
        shown,
    )  # fmt: skip

    assert changed == ("kiosk.idle_seconds", "product.source")
    after = clinic_file.read_text(encoding="utf-8")
    changed_lines = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed_lines == [
        ('source = { en = "", es = "" }   # what it is made from, e.g.',
         'source = { en = "", es = "tejido de placenta donado" } # what it is made from, e.g.'),
        ('idle_seconds = 180      # no touch for this long: "Are you still there?"',
         'idle_seconds = 240      # no touch for this long: "Are you still there?"'),
    ]  # fmt: skip
    assert HAND_NOTE in after and len(after.splitlines()) == len(before.splitlines())
    assert read_clinic_file(clinic_file).kiosk.idle_seconds == 240
    [*_first_record, by_admin] = events(database)
    assert (by_admin.actor, by_admin.actor_role) == ("staff:id-admin", "admin")
    assert by_admin.workstation == "desk-1"
    assert by_admin.detail["by"] == "Ada Admin" and by_admin.detail["via"] == PAGE
    assert by_admin.detail["changed"] == {
        "kiosk.idle_seconds": {"old": 180, "new": 240},
        "product.source": {
            "old": {"en": "", "es": ""},
            "new": {"en": "", "es": "tejido de placenta donado"},
        },
    }
    with database.session() as session:
        assert check_chain(session).problem is None


def test_a_value_the_file_may_not_hold_is_refused_in_words_and_nothing_changes(
    database,  # noqa: F811
    clinic_file,
):
    page = page_for(database, clinic_file, "admin")
    before = clinic_file.read_bytes()
    shown = page.read()

    assert shown.problem_with("kiosk.idle_seconds", "20") == "it must be 30 or more"
    assert "pattern that holds {docid}" in shown.problem_with(
        "documents.chart_file_pattern", "{mrn}.pdf"
    )
    with pytest.raises(SettingsNotSaved) as refused:
        page.save({"kiosk.idle_seconds": "20", "clinic.phone": "555 0100"}, shown)

    assert "kiosk.idle_seconds: it must be 30 or more" in str(refused.value)
    assert clinic_file.read_bytes() == before
    assert events(database) == []


def test_the_page_says_what_the_app_says_when_it_reads_the_same_value_from_the_file(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text("[kiosk]\nidle_seconds = 20\n", encoding="utf-8")
    with pytest.raises(SettingsError) as read:
        read_clinic_file(path)
    page = SettingsOnFile(path, ClinicSettings(), None, LANGUAGES)

    assert page.problem_with("kiosk.idle_seconds", "20") in str(read.value)


def test_a_file_edited_by_hand_meanwhile_is_not_overwritten(database, clinic_file):  # noqa: F811
    page = page_for(database, clinic_file, "admin")
    shown = page.read()
    with clinic_file.open("a", encoding="utf-8") as file:
        file.write("# Ana raised the lock-out on Monday.\n")
    edited = clinic_file.read_bytes()

    with pytest.raises(ClinicFileChanged, match="Nothing was saved"):
        page.save({"kiosk.idle_seconds": "240"}, shown)

    assert clinic_file.read_bytes() == edited
    assert events(database) == []
    assert page.read().fingerprint != shown.fingerprint, "read again, the page sees the edit"


def test_a_person_without_the_permission_is_refused(database, clinic_file):  # noqa: F811
    page = page_for(database, clinic_file, "nurse")
    before = clinic_file.read_bytes()
    admin_view = page_for(database, clinic_file, "admin").read()

    with pytest.raises(NotPermitted, match="change settings"):
        page.save({"kiosk.idle_seconds": "240"}, admin_view)
    with pytest.raises(NotPermitted):
        page.read()

    assert clinic_file.read_bytes() == before
    assert events(database) == []


def test_a_text_the_same_in_every_language_stays_one_until_another_language_is_typed(
    database,  # noqa: F811
    tmp_path,
):
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[product]\nname = "EV-Knee"  # as sold\nmanufacturer = "Acme"\n', encoding="utf-8"
    )
    page = page_for(database, path, "admin")
    shown = page.read()
    assert (shown.shown("product.name.en"), shown.shown("product.name.es")) == ("EV-Knee", "")

    page.save(
        {
            "product.name.en": "EV-Knee 2",
            "product.name.es": "",
            "product.manufacturer.es": "Acme S.A.",
        },
        shown,
    )

    assert path.read_text(encoding="utf-8") == (
        '[product]\nname = "EV-Knee 2" # as sold\nmanufacturer = {en = "Acme", es = "Acme S.A."}\n'
    )


def test_a_timestamp_address_keeps_its_password_off_the_page_and_out_of_the_trail(
    database,  # noqa: F811
    clinic_file,
):
    page = page_for(database, clinic_file, "admin")
    secret_url = "https://tsa-user:s3cret@tsa.example.org/tsr"

    page.save({"seal.timestamp_url": secret_url}, page.read())
    shown = page.read()

    assert shown.shown("seal.timestamp_url") == "https://(hidden)@tsa.example.org/tsr"
    assert "type the whole address again" in shown.problem_with(
        "seal.timestamp_url", "https://(hidden)@tsa2.example.org/tsr"
    )
    assert read_clinic_file(clinic_file).seal.timestamp_url == secret_url
    assert "s3cret" not in str(events(database)[-1].detail)
    page.save({"seal.timestamp_url": shown.shown("seal.timestamp_url")}, shown)
    assert read_clinic_file(clinic_file).seal.timestamp_url == secret_url, "unchanged: kept"


def test_a_change_that_cannot_be_recorded_leaves_the_old_file(
    database,  # noqa: F811
    clinic_file,
    monkeypatch,
):
    page = page_for(database, clinic_file, "admin")
    before = clinic_file.read_bytes()
    shown = page.read()

    def fails(*_args, **kwargs):
        if kwargs.get("via"):
            raise ConnectionError("the database went away")
        return ()

    monkeypatch.setattr(clinic_settings, "record_settings_in", fails)
    with pytest.raises(ConnectionError):
        page.save({"kiosk.idle_seconds": "240"}, shown)

    assert clinic_file.read_bytes() == before
    assert not list(clinic_file.parent.glob(".clinic.toml*")), "no temporary file left"


def test_no_file_yet_is_made_from_the_commented_template(database, tmp_path):  # noqa: F811
    path = tmp_path / "data" / "clinic.toml"
    page = page_for(database, path, "admin")

    page.save(
        {"clinic.name": "Riverside Joint Clinic", "product.price_usd": "2499.99"}, page.read()
    )

    text = path.read_text(encoding="utf-8")
    assert 'name = "Riverside Joint Clinic" # printed at the top of every chart document' in text
    assert "price_usd = 2499.99 # the full price the patient pays" in text
    assert str(read_clinic_file(path).product.price_usd) == "2499.99"
