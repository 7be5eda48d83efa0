"""What the first screen reads from the clinic file before the settings are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_data_dir

from intake_app.first_look import FirstLook, first_look
from intake_app.paths import clinic_file_path, data_folder


def look_at(tmp_path: Path, text: str | None) -> FirstLook:
    if text is not None:
        (tmp_path / "clinic.toml").write_text(text, encoding="utf-8")
    return first_look({"INTAKE_DATA_DIR": str(tmp_path)})


def test_the_clinic_name_and_window_mode_are_read_from_the_file(tmp_path):
    text = '[clinic]\nname = "Riverside Joint Clinic"\n[kiosk]\nfull_screen = false\n'
    assert look_at(tmp_path, text) == FirstLook("Riverside Joint Clinic", full_screen=False)


def test_without_a_file_or_a_kiosk_line_the_window_is_full_screen(tmp_path):
    assert look_at(tmp_path, None) == FirstLook("", full_screen=True)
    assert look_at(tmp_path, '[clinic]\nname = "Ríverside"\n') == FirstLook("Ríverside")


def test_values_of_the_wrong_kind_are_left_out(tmp_path):
    text = "[clinic]\nname = 5\n[kiosk]\nfull_screen = false\n"
    assert look_at(tmp_path, text) == FirstLook("", full_screen=False)
    assert look_at(tmp_path, 'clinic = "x"\nkiosk = 3\n') == FirstLook("", full_screen=True)


def test_a_broken_file_keeps_the_lines_that_can_be_read_and_full_screen_only_if_said(tmp_path):
    # As the screen that then names the file's problems: full screen only if a line says so.
    broken = '[clinic]\nname = "Riverside"\naddress = "unclosed\n[kiosk]\n'
    assert look_at(tmp_path, broken) == FirstLook("Riverside", full_screen=False)
    said = broken + "full_screen = true\n"
    assert look_at(tmp_path, said) == FirstLook("Riverside", full_screen=True)


def test_a_file_that_is_not_text_is_no_name_and_no_full_screen(tmp_path):
    (tmp_path / "clinic.toml").write_bytes(b"\xff\xfe[clinic]")
    assert first_look({"INTAKE_DATA_DIR": str(tmp_path)}) == FirstLook("", full_screen=False)


def test_the_clinic_file_variable_wins(tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('[clinic]\nname = "Elsewhere"\n', encoding="utf-8")
    environ = {"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_CLINIC_FILE": str(other)}
    assert clinic_file_path(environ) == other
    assert first_look(environ).clinic_name == "Elsewhere"


@pytest.mark.parametrize("xdg", [None, "", "/srv/tablet-data"])
def test_the_data_folder_is_the_one_platformdirs_names(monkeypatch, xdg):
    monkeypatch.delenv("INTAKE_DATA_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert data_folder() == Path(user_data_dir("intake-app", appauthor=False))
