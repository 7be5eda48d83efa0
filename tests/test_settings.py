"""Settings: where data lives, and the clinic's own details."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from intake_app.paths import shipped_forms_dir
from intake_app.settings import CLINIC_FILE_TEMPLATE, SettingsError, load_settings, read_clinic_file


def test_defaults_put_the_database_in_the_data_folder(tmp_path):
    settings = load_settings({"INTAKE_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    assert settings.clinic_file == tmp_path / "clinic.toml"
    assert settings.documents_dir == tmp_path / "documents"
    assert settings.forms_dir == shipped_forms_dir()


def test_without_a_data_dir_the_platform_folder_is_used():
    settings = load_settings({})
    assert settings.data_dir.name == "intake-app"
    assert settings.database_url.endswith("intake-app/intake.sqlite3")


def test_environment_overrides_each_setting(tmp_path):
    env = {
        "INTAKE_DATA_DIR": str(tmp_path),
        "INTAKE_DATABASE_URL": "postgresql+psycopg://u:p@db/intake",
        "INTAKE_CLINIC_FILE": str(tmp_path / "elsewhere.toml"),
        "INTAKE_FORMS_DIR": str(tmp_path / "forms"),
    }
    settings = load_settings(env)
    assert settings.database_url == "postgresql+psycopg://u:p@db/intake"
    assert settings.clinic_file == tmp_path / "elsewhere.toml"
    assert settings.forms_dir == tmp_path / "forms"


def test_the_clinic_file_template_is_valid_and_unconfigured(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_FILE_TEMPLATE, encoding="utf-8")
    clinic = read_clinic_file(path)
    assert not clinic.is_configured
    assert clinic.documents.paper_size == "letter"
    assert not clinic.product.has_ind


def test_clinic_and_product_details_are_read(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Riverside"\nphone = "555-0100"\n'
        '[product]\nname = "EV-1"\nprice_usd = 2500\nind_number = "IND 012345"\n'
        '[documents]\npaper_size = "a4"\n',
        encoding="utf-8",
    )
    clinic = read_clinic_file(path)
    assert clinic.clinic.name == "Riverside" and clinic.is_configured
    assert clinic.product.price_usd == Decimal(2500)
    assert clinic.product.has_ind
    assert clinic.documents.paper_size == "a4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[clinic\nname = 1", "Expected ']'"),
        ('[clinic]\nnmae = "x"\n', "unknown setting 'clinic.nmae'"),
        ('[documents]\npaper_size = "legal"\n', "documents.paper_size: must be 'letter' or 'a4'"),
        ("[product]\nprice_usd = -5\n", "product.price_usd:"),
    ],
)
def test_a_broken_clinic_file_names_the_file_and_problem(tmp_path: Path, text, message):
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        read_clinic_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
