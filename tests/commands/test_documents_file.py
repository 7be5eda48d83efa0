"""``intake-app documents file``: the chart documents copied into the chart folder, a line
per document, exit 1 when any failed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlmodel import select

from intake_app.cli import main
from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import Document


@pytest.fixture
def two_signed(tmp_path, sample, capsys) -> dict[str, Path]:
    """Two patients' visits signed through ``packet``: their chart documents by MRN."""
    charts = {}
    for given, family, mrn in (("Ana", "Ruiz", "MRN-7"), ("Bảo", "Trần", "MRN-8")):
        data = copy.deepcopy(sample)
        data["patient"] |= {"given_names": given, "family_name": family, "mrn": mrn}
        data["consent"]["signed_name"] = f"{given} {family}"
        source = tmp_path / f"{mrn}.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 0
        charts[mrn] = Path(capsys.readouterr().out.strip())
    return charts


def stored() -> dict[str, Document]:
    database = Database(load_settings().database_url)
    with database.session() as session:
        rows = {row.id: row for row in session.exec(select(Document))}
    database.dispose()
    return rows


def chart_ids() -> list[str]:
    return [row.id for row in stored().values() if row.kind == "chart_packet"]


def test_all_unfiled_documents_are_filed_with_a_line_each(two_signed, tmp_path, capsys):
    folder = tmp_path / "charts"
    folder.mkdir()

    assert main(["documents", "file", "--all", "--to", str(folder)]) == 0

    out = capsys.readouterr().out.splitlines()
    names = sorted(path.name for path in folder.iterdir())
    assert len(names) == 2 and names[0].startswith("MRN-7_RUIZ_ANA_1961-07-14_CONSENT_")
    assert names[1].startswith("MRN-8_TRAN_BAO_1961-07-14_CONSENT_")
    assert out[:2] == [f"filed 1/2: {names[0]}", f"filed 2/2: {names[1]}"], "oldest first"
    assert out[2] == f"Filed 2 of 2 document(s) into {folder}."
    assert all(row.filed_at is not None for row in stored().values() if row.kind == "chart_packet")
    assert all(row.filed_at is None for row in stored().values() if row.kind == "patient_copy")

    assert main(["documents", "file", "--all", "--to", str(folder)]) == 0
    assert capsys.readouterr().out == f"Filed 0 of 0 document(s) into {folder}.\n"


def test_the_clinic_files_chart_folder_is_used_without_to(two_signed, tmp_path, configured_clinic):
    folder = tmp_path / "shared charts"
    folder.mkdir()
    with configured_clinic.open("a", encoding="utf-8") as clinic_file:
        clinic_file.write(f"\n[documents]\nchart_folder = {json.dumps(str(folder))}\n")

    assert main(["documents", "file", "--all"]) == 0

    assert len(list(folder.iterdir())) == 2


def test_without_a_chart_folder_it_says_how_to_name_one(two_signed, capsys):
    assert main(["documents", "file", "--all"]) == 1

    err = capsys.readouterr().err
    assert "no chart folder is set up: set [documents] chart_folder in the clinic file" in err
    assert err.rstrip().endswith("or name it with --to FOLDER.")


def test_a_failed_document_is_named_with_its_reason_the_rest_filed_and_exit_1(
    two_signed, tmp_path, capsys
):
    folder = tmp_path / "charts"
    folder.mkdir()
    changed = two_signed["MRN-8"]
    changed.write_bytes(changed.read_bytes() + b"\n% changed later\n")

    assert main(["documents", "file", "--all", "--to", str(folder)]) == 1

    captured = capsys.readouterr()
    [failed] = [line for line in captured.out.splitlines() if line.startswith("FAILED")]
    assert failed.startswith("FAILED ") and "/2: MRN-8_TRAN_BAO_" in failed
    assert failed.endswith(
        ": the file differs from the one the app made; an administrator must look at it "
        "before it can be filed"
    )
    assert [path.name[:6] for path in folder.iterdir()] == ["MRN-7_"]
    assert "1 not filed; fix the cause and run this again." in captured.err


def test_a_document_named_by_id_is_filed_again_and_an_unknown_id_fails(
    two_signed, tmp_path, capsys
):
    folder = tmp_path / "charts"
    folder.mkdir()
    first = sorted(chart_ids())[0]
    assert main(["documents", "file", first, "--to", str(folder)]) == 0
    filed_at = stored()[first].filed_at

    assert main(["documents", "file", first, "NO-SUCH-ID", "--to", str(folder)]) == 1

    out = capsys.readouterr().out.splitlines()
    assert out[-2] == "FAILED 2/2: NO-SUCH-ID: no document with this id"
    assert out[-3].startswith("filed 1/2: ") and len(list(folder.iterdir())) == 1
    assert stored()[first].filed_at > filed_at
