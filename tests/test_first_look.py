"""What the first screen reads from the clinic file before the settings are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_data_dir

from intake_app.first_look import FirstLook, first_look
from intake_app.paths import clinic_file_path, data_folder
from intake_app.settings import read_clinic_settings_text


def look_at(tmp_path: Path, text: str | None) -> FirstLook:
    if text is not None:
        (tmp_path / "clinic.toml").write_text(text, encoding="utf-8")
    return first_look({"INTAKE_DATA_DIR": str(tmp_path)})


@pytest.mark.parametrize(
    "text",
    [
        '[clinic]\nname = "Riverside Joint Clinic"\n[kiosk]\nfull_screen = false\n',
        "[clinic]\nname = 'Riverside Joint Clinic'  # as printed\n[kiosk]\nfull_screen = true\n",
        '[clinic]\naddress = "1 Main St"\nname = "Cl\\u00ednica \\"R\\u00edo\\""\n',
        '[clinic]\nname = "Ríverside"\n[product]\nname = "EV-Knee"\n',
        '[ clinic ]\n  name="Riverside"\n\n[kiosk]\nidle_seconds = 180\n',
    ],
)
def test_the_name_and_window_mode_are_those_the_checked_settings_have(tmp_path, text):
    settings = read_clinic_settings_text(text, tmp_path / "clinic.toml")
    expected = FirstLook(settings.clinic.name, settings.kiosk.full_screen)
    assert look_at(tmp_path, text) == expected


def test_without_a_file_the_window_is_full_screen_with_no_name(tmp_path):
    assert look_at(tmp_path, None) == FirstLook("", full_screen=True)


def test_what_cannot_be_read_line_by_line_is_left_out(tmp_path):
    assert look_at(tmp_path, "[clinic]\nname = 5\n") == FirstLook("", full_screen=True)
    assert look_at(tmp_path, '[clinic]\nname = """Two\nlines"""\n') == FirstLook("")
    assert look_at(tmp_path, 'name = "not in [clinic]"\n') == FirstLook("")
    assert look_at(tmp_path, "[kiosk]\nfull_screen = 0\n") == FirstLook("", full_screen=True)
    assert look_at(tmp_path, '[clinic]\nname = "bad \\q escape"\n') == FirstLook("")


def test_a_broken_file_still_gives_the_lines_that_can_be_read(tmp_path):
    broken = '[clinic]\nname = "Riverside"\naddress = "unclosed\n[kiosk]\nfull_screen = false\n'
    assert look_at(tmp_path, broken) == FirstLook("Riverside", full_screen=False)


def test_a_file_that_is_not_text_gives_nothing(tmp_path):
    (tmp_path / "clinic.toml").write_bytes(b'\xff\xfe[clinic]\nname = "x"\n')
    assert first_look({"INTAKE_DATA_DIR": str(tmp_path)}) == FirstLook()


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
