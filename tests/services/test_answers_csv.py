"""The answers of a date range as spreadsheet rows: two header rows (item ids, English
texts), one row per completed intake, plain-text cells, and no cell a spreadsheet would
run as a formula. ``intake-app export csv`` writes them as a new owner-only file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat

import pytest

from intake_app.cli import main
from intake_app.services.actor import Actor
from intake_app.services.answers_csv import answers_csv, escape_cell
from intake_app.services.permissions import NotPermitted
from intake_app.storage.db import utc_now
from tests.fhir.intakes import sign
from tests.services.people_on_file import on_file

TODAY = utc_now().astimezone().date()  # the intake below is completed now
HOSTILE = '=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize(
    ("typed", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Rest, ice", "Rest, ice"),
        ("", ""),
    ],
)
def test_a_cell_that_would_start_a_formula_is_quoted(typed, safe):
    assert escape_cell(typed) == safe


@pytest.fixture
def answered(tmp_path):
    return sign(tmp_path, answers={"what_helps": HOSTILE})


def rows_of(answered, since=TODAY, until=TODAY, by=None):
    return list(answers_csv(answered.database, since, until, catalog=answered.catalog,
                            by=by or Actor.console("station-1")))  # fmt: skip


def test_two_header_rows_then_one_row_per_intake_with_plain_text_cells(answered):
    ids, texts, *rows = rows_of(answered)
    assert ids[:5] == ["intake_id", "completed_at", "form", "form_version", "language"]
    assert ids.index("pain_now") < ids.index("what_helps") < ids.index("prior_injections")
    assert texts[ids.index("phone")] == "Phone number"
    [row] = rows
    cell = dict(zip(ids, row, strict=True))
    assert cell["intake_id"] == answered.intake_id
    assert cell["fever_recent"] == "no"
    assert cell["sex_at_birth"] == "Female"
    assert cell["target_joints"] == "Left knee; Right knee"
    assert cell["pain_now"] == "6"
    assert cell["pain_started"] == "2019-03"
    assert cell["prior_injections"].count("\n") == 1  # two rows of the table, one per line
    assert cell["what_helps"] == "'" + HOSTILE


def test_no_patient_name_birth_date_or_mrn_is_a_column(answered):
    every_cell = "\n".join(cell for row in rows_of(answered) for cell in row)
    for private in ("María José", "1961-07-14", "MRN-204816"):  # the registration
        assert private not in every_cell


def test_intakes_outside_the_range_are_left_out(answered):
    earlier = TODAY - dt.timedelta(days=30)
    assert len(rows_of(answered, since=earlier, until=TODAY - dt.timedelta(days=1))) == 2


def test_only_who_may_export_gets_the_rows(answered):
    with pytest.raises(NotPermitted, match="export"):
        rows_of(answered, by=on_file(answered.database, "nurse"))
    assert len(rows_of(answered, by=on_file(answered.database, "records"))) == 3


def test_the_command_writes_a_new_owner_only_file_with_a_bom_that_excel_reads(
    answered, tmp_path, capsys
):
    out = tmp_path / "answers.csv"
    day = TODAY.isoformat()
    assert main(["export", "csv", "--from", day, "--to", day, "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    ids, _texts, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert row[ids.index("what_helps")] == "'" + HOSTILE
    assert "Exported 1 intake(s)" in capsys.readouterr().err
    assert main(["export", "csv", "--from", day, "--to", day, "--out", str(out)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert out.read_bytes() == data


def test_the_command_refuses_a_range_that_ends_before_it_starts(answered, tmp_path, capsys):
    out = tmp_path / "answers.csv"
    assert (
        main(["export", "csv", "--from", "2026-11-02", "--to", "2026-11-01", "--out", str(out)])
        == 1
    )
    assert "before --from" in capsys.readouterr().err
    assert not out.exists()
