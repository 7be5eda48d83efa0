"""Document file names: valid on any disk whatever the patient's name, MRN or script."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from intake_app.chart.file_names import MAX_FILE_NAME_BYTES, WINDOWS_DEVICE_NAMES, chart_file_name
from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import Document
from tests.services.test_pending_documents import write_clinic_file

BORN = dt.date(1961, 7, 14)
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def size(name: str) -> int:
    return len(name.encode("utf-8"))


def test_a_long_chinese_name_gets_its_chart_document_and_copy(tmp_path):
    write_clinic_file()
    data = _sample_input(FormCatalog.from_folder(load_settings().forms_dir))
    given_names, family = "明" * 40, "王" * 40
    data["patient"] |= {"given_names": given_names, "family_name": family}
    data["consent"]["signed_name"] = f"{given_names} {family}"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 0

    database = Database(load_settings().database_url)
    with database.session() as session:
        rows = session.exec(select(Document)).all()
    database.dispose()
    assert sorted(row.kind for row in rows) == ["chart_packet", "patient_copy"]
    for row in rows:
        name = Path(row.path).name
        assert Path(row.path).is_file()
        assert size(name) <= MAX_FILE_NAME_BYTES
        assert name.startswith("王王王") and "_明明明" in name
        mark = "COPY_" if row.kind == "patient_copy" else ""
        assert name.endswith(f"_1961-07-14_MRN-204816_{mark}{row.id}.pdf")


@given(
    family=st.text(),
    given_names=st.text(),
    mrn=st.none() | st.text(),
    born=st.dates(),
    kind=st.sampled_from(["", "COPY", "WITHDRAWAL"]),
)
def test_every_name_and_mrn_gives_a_file_name_valid_on_any_disk(
    family, given_names, mrn, born, kind
):
    document_id = "0A1B2C3D4E5F"
    name = chart_file_name(family, given_names, born, mrn, document_id, kind=kind)
    assert size(name) <= MAX_FILE_NAME_BYTES
    assert not FORBIDDEN.search(name)
    assert unicodedata.normalize("NFC", name) == name
    assert name.endswith(f"_{kind}_{document_id}.pdf" if kind else f"_{document_id}.pdf")
    assert f"{born.isoformat()}_" in name
    parts = name.removesuffix(".pdf").split("_")
    assert not WINDOWS_DEVICE_NAMES & set(parts)
    assert all(part and not part.startswith("-") for part in parts)
    assert all(part[:-1] in WINDOWS_DEVICE_NAMES for part in parts if part.endswith("-"))


@given(number=st.text(alphabet="0123456789ABCDEFGHJK", min_size=1, max_size=64))
def test_a_long_name_never_costs_the_birth_date_or_the_mrn(number):
    name = chart_file_name("王" * 200, "ñ" * 200, BORN, number, "0A1B2C3D4E5F", kind="WITHDRAWAL")
    assert name.endswith(f"_1961-07-14_MRN-{number}_WITHDRAWAL_0A1B2C3D4E5F.pdf")
    assert name.startswith("王王王") and "_NNN" in name
    assert size(name) <= MAX_FILE_NAME_BYTES


def test_a_cut_name_keeps_each_letter_with_its_marks():
    # Devanagari "di": the letter and its vowel sign are one written letter.
    name = chart_file_name("दि" * 40, "नु" * 40, BORN, None, "ID")
    family, given_names, *_ = name.split("_")
    assert family == "दि" * (len(family) // 2) and size(family) <= 60
    assert given_names == "नु" * (len(given_names) // 2) and given_names
    korean = chart_file_name("김" * 60, "민준" * 30, BORN, None, "ID")
    assert unicodedata.normalize("NFC", korean) == korean and korean.startswith("김김")


def test_latin_accents_are_dropped_and_other_scripts_kept():
    name = chart_file_name("Núñez/García", "María José", BORN, "204 816", "ABC")
    assert name == "NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204-816_ABC.pdf"
    assert chart_file_name("Łódź", "Zoë\u202e", BORN, None, "ID") == "ŁODZ_ZOE_1961-07-14_ID.pdf"


def test_a_windows_device_name_or_an_empty_name_still_gives_a_valid_file_name():
    assert chart_file_name("Con", "Nul", BORN, "aux", "ID") == "CON-_NUL-_1961-07-14_MRN-AUX_ID.pdf"
    assert chart_file_name("???", "\u200b", BORN, "--", "ID") == "1961-07-14_ID.pdf"
    assert chart_file_name("Ana.", " Lee ", BORN, None, "ID") == "ANA_LEE_1961-07-14_ID.pdf"
