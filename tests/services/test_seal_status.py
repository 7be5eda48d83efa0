"""The seal status staff see beside a chart document: valid, invalid or missing, in words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.services.actor import Actor
from intake_app.services.document_list import DocumentList
from intake_app.services.permissions import NotPermitted
from intake_app.services.seal_status import seal_status
from intake_app.settings import Settings, load_settings
from intake_app.staff.rules import Role
from intake_app.storage.db import Database

NURSE = Actor.staff("S-nurse", "Nora Ruiz", frozenset({Role.NURSE}), "station-1")


@pytest.fixture
def chart_on_file(configured_clinic, tmp_path) -> Iterator[tuple[Database, Settings, str, Path]]:
    """A sample visit stored and its chart document sealed and filed, as `intake-app packet`
    does: the database, the settings, the chart document's id and its file."""
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    settings = load_settings()
    database = Database(settings.database_url)
    documents = DocumentList(database, Actor.console("station-1")).oldest_first()
    [chart] = [document for document in documents if document.kind == "chart_packet"]
    yield database, settings, chart.id, Path(chart.path)
    database.dispose()


def test_a_fresh_chart_document_is_valid_and_says_who_sealed_it_and_when(chart_on_file):
    database, settings, document_id, path = chart_on_file

    status = seal_status(database, document_id, settings=settings, by=NURSE)

    assert (status.state, status.path, status.document_id) == ("valid", path, document_id)
    assert status.words.startswith(
        "Seal valid: signed by Riverside Joint Clinic chart seal, unchanged since "
    )
    sealed_at = status.words.rsplit("since ", 1)[1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d \S+", sealed_at), sealed_at
    local = dt.datetime.strptime(sealed_at[:16], "%Y-%m-%d %H:%M")
    assert abs(dt.datetime.now() - local) < dt.timedelta(minutes=5), "sealed just now, local time"


def test_one_byte_changed_in_the_file_makes_the_seal_invalid(chart_on_file):
    database, settings, document_id, path = chart_on_file
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))

    status = seal_status(database, document_id, settings=settings, by=NURSE)

    assert status.state == "invalid"
    assert status.words.startswith("Seal INVALID: the ")


def test_a_file_sealed_by_the_clinic_but_not_the_one_filed_is_invalid(chart_on_file, tmp_path):
    database, settings, document_id, path = chart_on_file
    [copy] = [p for p in (tmp_path / "out").iterdir() if "_COPY_" in p.name]
    path.write_bytes(copy.read_bytes())  # another intact seal of the clinic's, in its place

    status = seal_status(database, document_id, settings=settings, by=NURSE)

    assert (status.state, status.words) == (
        "invalid",
        "Seal INVALID: the file is not the document the app filed (its SHA-256 differs)",
    )


def test_a_deleted_file_is_missing_and_named(chart_on_file):
    database, settings, document_id, path = chart_on_file
    path.unlink()

    status = seal_status(database, document_id, settings=settings, by=NURSE)

    assert (status.state, status.words) == (
        "missing",
        f"File missing: {path.name} is not in the documents folder",
    )


def test_a_computer_without_the_clinic_certificate_says_the_seal_was_not_checked(chart_on_file):
    database, settings, document_id, _ = chart_on_file
    desk = replace(settings, data_dir=settings.data_dir.parent / "desk-computer")

    status = seal_status(database, document_id, settings=desk, by=NURSE)

    assert status.state == "unchecked"
    assert status.words.startswith("Seal not checked: this computer has no clinic certificate")


def test_a_changed_file_is_invalid_even_without_the_clinic_certificate(chart_on_file):
    database, settings, document_id, path = chart_on_file
    path.write_bytes(path.read_bytes() + b"\n% added later\n")
    desk = replace(settings, data_dir=settings.data_dir.parent / "desk-computer")

    status = seal_status(database, document_id, settings=desk, by=NURSE)

    assert (status.state, status.words) == (
        "invalid",
        "Seal INVALID: the file is not the document the app filed (its SHA-256 differs)",
    )


def test_someone_who_may_not_read_intakes_is_refused(chart_on_file):
    database, settings, document_id, _ = chart_on_file
    admin = Actor.staff("S-admin", "Ada Admin", frozenset({Role.ADMIN}), "station-1")
    with pytest.raises(NotPermitted, match="may not read an intake"):
        seal_status(database, document_id, settings=settings, by=admin)
    with pytest.raises(NotPermitted):
        seal_status(database, document_id, settings=settings, by=Actor.patient("OTHER-INTAKE"))


def test_an_unknown_document_id_is_a_lookup_error(chart_on_file):
    database, settings, _, _ = chart_on_file
    with pytest.raises(LookupError, match="no document with this id"):
        seal_status(database, "NO-SUCH-DOC", settings=settings, by=NURSE)
