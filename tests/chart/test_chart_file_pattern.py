"""Chart folder names from the clinic's pattern: valid on Windows, macOS and Linux disks
whatever the patient's name holds; a pattern with an unknown placeholder is refused with
its line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.chart.file_pattern import MAX_NAME_BYTES, ChartNameParts, chart_folder_name
from intake_app.clinic_file import CLINIC_FILE_TEMPLATE
from intake_app.file_pattern import DEFAULT_PATTERN
from intake_app.settings import SettingsError, read_clinic_file, read_clinic_settings_text

BORN, MADE = dt.date(1961, 7, 14), dt.date(2026, 11, 25)
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def parts(last: str = "Núñez García", first: str = "María José", mrn: str | None = "204816",
          doctype: str = "CONSENT") -> ChartNameParts:  # fmt: skip
    return ChartNameParts(mrn, last, first, BORN, doctype, MADE, "A1B2C3D4E5F6")


def name_of(**changes: str | None) -> str:
    return chart_folder_name(DEFAULT_PATTERN, parts(**changes))  # type: ignore[arg-type]


def assert_valid_anywhere(name: str) -> None:
    """What Windows, macOS and Linux all accept as one file name."""
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert not FORBIDDEN.search(name), name
    assert ".." not in name and name.endswith(".pdf")
    assert name[0] not in ". " and name == unicodedata.normalize("NFC", name)
    assert name.split(".", maxsplit=1)[0].rstrip(" ").upper() not in DEVICES, name


def test_the_default_pattern_names_mrn_patient_birth_type_day_and_id():
    assert (
        name_of() == "204816_NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_CONSENT_2026-11-25_A1B2C3D4E5F6.pdf"
    )


def test_a_patient_without_an_mrn_is_filed_as_nomrn():
    assert name_of(mrn=None).startswith("NOMRN_NUNEZ-GARCIA_")
    assert name_of(mrn="  ").startswith("NOMRN_")


@pytest.mark.parametrize(
    ("last", "first", "start"),
    [
        ("الحسيني", "فاطمة", "204816_الحسيني_فاطمة_1961-07-14_"),
        ("Nguyễn", "Thị Minh Khai", "204816_NGUYEN_THI-MINH-KHAI_1961-07-14_"),
        ("Παπαδοπούλου", "Ελένη", "204816_ΠΑΠΑΔΟΠΟΎΛΟΥ_ΕΛΈΝΗ_1961-07-14_"),
        ("../../etc", "passwd", "204816_ETC_PASSWD_1961-07-14_"),
        ("..", "..\\..\\Windows", "204816__WINDOWS_1961-07-14_"),  # nothing left of ".."
        ("CON", "aux", "204816_CON-_AUX-_1961-07-14_"),
        ('Smith<>:"|?*', "Jo\x00\x1b\tAnn", "204816_SMITH_JO-ANN_1961-07-14_"),
    ],
)
def test_names_of_any_script_and_hostile_names_make_a_safe_name(last, first, start):
    name = name_of(last=last, first=first)

    assert name.startswith(start), name
    assert name.endswith("_CONSENT_2026-11-25_A1B2C3D4E5F6.pdf")
    assert_valid_anywhere(name)


def test_a_300_byte_name_is_shortened_but_mrn_dates_type_and_id_stay_whole():
    name = name_of(last="Ä" * 150, first="é" * 150)  # 300 bytes each in UTF-8

    assert_valid_anywhere(name)
    assert name.endswith("_1961-07-14_CONSENT_2026-11-25_A1B2C3D4E5F6.pdf")
    assert name.startswith("204816_AAAA")


def test_a_long_name_in_a_script_with_marks_is_never_cut_inside_a_letter():
    name = name_of(last="ที่" * 120, first="ক্ষ" * 120)

    assert_valid_anywhere(name)
    last = name.split("_")[1]
    assert last and len(last) % len("ที่") == 0 and set(last) <= set("ที่")


def test_a_device_name_alone_with_an_extension_is_not_left_to_windows():
    assert chart_folder_name("{last}.{docid}.pdf", parts(last="nul")).startswith("NUL-.")
    assert chart_folder_name("con.{docid}.pdf", parts()).startswith("con-.")


def test_the_patterns_own_text_is_made_safe_too():
    name = chart_folder_name("../{mrn}:{docid}..pdf ", parts())

    assert name == "-204816-A1B2C3D4E5F6.pdf"


def test_a_pattern_without_the_extension_still_names_a_pdf():
    assert chart_folder_name("{docid}", parts()) == "A1B2C3D4E5F6.pdf"


@given(last=st.text(), first=st.text(), mrn=st.none() | st.text(max_size=64))
def test_every_name_is_valid_anywhere(last, first, mrn):
    assert_valid_anywhere(chart_folder_name(DEFAULT_PATTERN, parts(last, first, mrn)))


def test_the_clinic_file_template_has_the_default_pattern_and_no_chart_folder(tmp_path: Path):
    documents = read_clinic_settings_text(CLINIC_FILE_TEMPLATE, tmp_path / "clinic.toml").documents

    assert (documents.chart_folder, documents.chart_file_pattern) == ("", DEFAULT_PATTERN)


def test_an_unknown_placeholder_is_a_settings_problem_naming_file_line_and_placeholders(
    tmp_path: Path,
):
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Riverside"\n\n[documents]\n'
        'chart_file_pattern = "{mrn}_{nickname}_{docid}.pdf"\n',
        encoding="utf-8",
    )

    with pytest.raises(SettingsError) as raised:
        read_clinic_file(path)

    message = str(raised.value)
    assert message.startswith(f"{path}: line 5: documents.chart_file_pattern is ")
    assert "{nickname} is not one of them" in message
    for known in ("{mrn}", "{last}", "{first}", "{dob}", "{doctype}", "{date}", "{docid}"):
        assert known in message


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("{mrn}_{last}.pdf", "holds {docid}, so that no two documents get the same name"),
        ("{mrn_{docid}.pdf", "{ and } come in pairs"),
    ],
)
def test_a_pattern_without_the_id_or_with_stray_braces_is_refused(tmp_path, pattern, said):
    text = f'[documents]\nchart_file_pattern = "{pattern}"\n'

    with pytest.raises(SettingsError, match=re.escape(said)):
        read_clinic_settings_text(text, tmp_path / "clinic.toml")
