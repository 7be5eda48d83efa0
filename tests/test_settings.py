"""Settings: where data lives, and the clinic's own details."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from intake_app.clinic_file import CLINIC_FILE_TEMPLATE, store_clinic_name
from intake_app.paths import shipped_forms_dir
from intake_app.settings import (
    ClinicSettings,
    SettingsError,
    consent_not_ready,
    consent_setup_notices,
    in_language,
    load_settings,
    read_clinic_file,
    untranslated_clinic_values,
)
from intake_app.settings_problems import KioskFallback, kiosk_fallback

README = Path(__file__).resolve().parents[1] / "README.md"


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
        "INTAKE_DOCUMENTS_DIR": str(tmp_path / "share" / "documents"),
    }
    settings = load_settings(env)
    assert settings.documents_dir == tmp_path / "share" / "documents"
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
        ("[clinic\nname = 1", "line 1: expected ']' at the end of a table declaration"),
        ('[clinic]\nnmae = "x"\n', "line 2: unknown setting 'clinic.nmae'"),
        (
            '[documents]\npaper_size = "legal"\n',
            'line 2: documents.paper_size is "legal"; it must be "letter" or "a4"',
        ),
        ("[product]\nprice_usd = -5\n", "line 2: product.price_usd is -5; it must be 0 or more"),
        (
            "[kiosk]\n\nidle_seconds = 20\n",
            "line 3: kiosk.idle_seconds is 20; it must be 30 or more",
        ),
        (
            '[kiosk]\nfull_screen = "maybe"\n',
            'kiosk.full_screen is "maybe"; it must be true or false',
        ),
        ('[clinic]\nname = "Riverside\n', "line 2: illegal character"),
        ('[clinic]\nname = """Riverside\n', "cannot be read to its end (unterminated string)"),
        (
            '[product]\nsource = { english = "placenta" }\n',
            'product.source: must be text, or text per language such as { en = "...", es = "..." }',
        ),
        (
            '[fhir]\nmrn_system = "our MRNs"\n',
            'line 2: fhir.mrn_system is "our MRNs"; it must be an address other systems know',
        ),
    ],
)
def test_a_broken_clinic_file_names_the_file_and_problem(tmp_path: Path, text, message):
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        read_clinic_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_the_readme_example_is_a_valid_clinic_file(tmp_path):
    # The example staff copy from: it must load, with the source in both languages.
    text = README.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "clinic.toml"
    path.write_text(example, encoding="utf-8")
    clinic = read_clinic_file(path)
    assert in_language(clinic.product.source, "es") == "tejido de placenta donado"
    assert untranslated_clinic_values(clinic, ["en", "es"]) == []


def product(**values) -> ClinicSettings:
    return ClinicSettings.model_validate({"product": values})


def test_a_product_value_can_be_one_text_or_one_per_language(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[product]\nname = "EV-Knee"\n'
        'source = { en = "donated placenta tissue", es = "tejido de placenta donado" }\n',
        encoding="utf-8",
    )
    clinic = read_clinic_file(path)
    assert in_language(clinic.product.name, "es") == "EV-Knee"
    assert in_language(clinic.product.source, "en") == "donated placenta tissue"
    assert in_language(clinic.product.source, "es") == "tejido de placenta donado"


def test_a_missing_spanish_value_falls_back_to_english_and_staff_are_told():
    clinic = product(source={"en": "donated placenta tissue"}, manufacturer={"en": "Acme"})
    assert in_language(clinic.product.source, "es") == "donated placenta tissue"
    notices = untranslated_clinic_values(clinic, ["en", "es"])
    assert len(notices) == 2
    assert "product source has no Spanish text" in notices[0]
    assert "product manufacturer has no Spanish text" in notices[1]


def test_a_plain_description_needs_a_translation_but_a_plain_name_does_not():
    clinic = product(name="EV-Knee", source="donated placenta tissue", manufacturer="Acme")
    notices = untranslated_clinic_values(clinic, ["en", "es"])
    assert [n.split(",")[0] for n in notices] == [
        "Clinic settings: product source has no Spanish text"
    ]
    assert untranslated_clinic_values(clinic, ["en"]) == []


def test_unset_values_need_no_translation():
    # The consent's own wording ("a source the clinic will tell you") is used instead.
    assert untranslated_clinic_values(ClinicSettings(), ["en", "es"]) == []
    template = ClinicSettings.model_validate({"product": {"source": {"en": "", "es": ""}}})
    assert untranslated_clinic_values(template, ["en", "es"]) == []


READY = {
    "name": "EV-Knee",
    "source": {"en": "donated placenta tissue", "es": "tejido de placenta donado"},
    "manufacturer": "Acme Biologics",
    "price_usd": 2500,
}
STUDY = {
    "ind_number": "012345",
    "research_contact": "Dr. Lee, (555) 010-0199",
    "injury_care": {"en": "We pay for care.", "es": "Pagamos la atención."},
    "irb_name": "Western Review Board",
    "irb_contact": "(555) 010-7700",
    "study_description": {"en": "Three visits.", "es": "Tres visitas."},
    "study_duration": {"en": "12 months", "es": "12 meses"},
}


def test_no_consent_until_the_product_its_source_maker_and_price_are_named():
    missing = consent_not_ready(ClinicSettings(), ["en", "es"])
    assert [line.split(":")[1].strip() for line in missing] == [
        "product name is not filled in",
        "product source is not filled in",
        "product manufacturer is not filled in",
        "product price_usd is not filled in",
    ]
    assert consent_not_ready(product(**READY), ["en", "es"]) == []


def test_the_source_must_be_given_in_every_consent_language():
    english_only = product(**READY | {"source": {"en": "donated placenta tissue"}})
    [line] = consent_not_ready(english_only, ["en", "es"])
    assert "product source is not filled in in every consent language (English, Spanish)" in line
    assert consent_not_ready(english_only, ["en"]) == []


def test_a_value_that_blocks_the_consent_is_told_to_staff_once():
    # "not filled in in every consent language" says it all; "the Spanish consent shows it
    # untranslated" would be a second notice, and untrue: that consent is not shown.
    untranslated = READY | {"source": {"en": "donated placenta tissue"}, "dose": "1 mL"}
    clinic = product(**untranslated)
    assert any("product source" in line for line in consent_not_ready(clinic, ["en", "es"]))
    notices = consent_setup_notices(clinic, ["en", "es"])
    assert [n.split(",")[0] for n in notices] == [
        "Clinic settings: product dose has no Spanish text"
    ]


def test_a_study_that_pays_needs_no_price_but_every_research_detail():
    free = product(**READY | STUDY | {"price_usd": 0, "study_pays": True})
    assert consent_not_ready(free, ["en", "es"]) == []
    without_ind = product(**READY | {"price_usd": 0, "study_pays": True})
    assert any("price_usd" in line for line in consent_not_ready(without_ind, ["en", "es"]))
    bare_study = product(**READY | {"ind_number": "012345"})
    missing = consent_not_ready(bare_study, ["en", "es"])
    for field in ("research_contact", "injury_care", "irb_name", "irb_contact"):
        assert any(f"product {field} is not filled in" in line for line in missing), field
    assert any("study_description" in line for line in missing)


def test_a_broken_file_still_tells_the_window_line_that_can_be_read(tmp_path):
    # The problem screen opens full screen only if the file says so.
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Riverside\n'  # a quote is missing: the file cannot be parsed
        "[kiosk]\nfull_screen = true\nidle_seconds 20\n[consent]\nfull_screen = false\n",
        encoding="utf-8",
    )
    assert kiosk_fallback(path).full_screen is True


def test_a_broken_file_without_readable_kiosk_lines_gives_nothing(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('[kiosk]\nfull_screen = "yes"\n', encoding="utf-8")
    assert kiosk_fallback(path) == KioskFallback(full_screen=None)
    assert kiosk_fallback(tmp_path / "missing.toml") == KioskFallback()


def test_the_shared_staff_pin_of_earlier_versions_is_refused_with_what_to_run_instead(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Riverside"\n[kiosk]\nstaff_pin_hash = "$argon2id$v=19$x"\n',
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as refused:
        read_clinic_file(path)
    [problem] = refused.value.problems
    assert problem.line == 4
    assert problem.text.startswith(
        "kiosk.staff_pin_hash: the shared staff PIN is no longer used; each person unlocks "
        "the tablet with their own user name and PIN. Remove this line."
    )
    assert 'intake-app users add "NAME" --user-name USER --role admin' in problem.text
    assert problem.text.endswith("intake-app users set-pin USER")
    assert "staff_pin_hash" not in CLINIC_FILE_TEMPLATE, "new clinic files never have it"


def test_the_staff_lock_out_and_idle_log_out_default_to_5_tries_15_and_10_minutes(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_FILE_TEMPLATE, encoding="utf-8")
    assert _staff_limits(read_clinic_file(path)) == (5, 15, 10)
    assert "[staff]" in CLINIC_FILE_TEMPLATE and "locked until" in CLINIC_FILE_TEMPLATE

    path.write_text(
        "[staff]\nfailed_tries_to_lock = 3\nlock_minutes = 30\nidle_logout_minutes = 5\n",
        encoding="utf-8",
    )
    assert _staff_limits(read_clinic_file(path)) == (3, 30, 5)


def _staff_limits(clinic: ClinicSettings) -> tuple[int, int, int]:
    staff = clinic.staff
    return staff.failed_tries_to_lock, staff.lock_minutes, staff.idle_logout_minutes


def test_a_staff_setting_out_of_range_is_named_with_its_line(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text("[staff]\nlock_minutes = 15\nfailed_tries_to_lock = 1\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        read_clinic_file(path)
    assert "line 3: staff.failed_tries_to_lock" in str(caught.value)


def test_the_clinic_name_is_written_keeping_every_other_line_and_its_comment(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_FILE_TEMPLATE, encoding="utf-8")
    store_clinic_name(path, 'Clínica "Río" \\ Norte')
    written = path.read_text(encoding="utf-8")
    assert 'name = "Clínica \\"Río\\" \\\\ Norte"          # printed at the top' in written
    before, after = CLINIC_FILE_TEMPLATE.splitlines(), written.splitlines()
    assert [a for a, b in zip(before, after, strict=True) if a != b] == [
        'name = ""          # printed at the top of every chart document'
    ]
    clinic = read_clinic_file(path)
    assert clinic.clinic.name == 'Clínica "Río" \\ Norte'
    assert clinic.product.name == "", "the product's name is another line"


def test_the_clinic_name_goes_under_clinic_or_into_a_new_clinic_section(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('[product]\nname = "EV-Knee"\n[clinic]\nphone = "1"\n', encoding="utf-8")
    store_clinic_name(path, "Riverside")
    assert read_clinic_file(path).clinic.name == "Riverside"
    assert read_clinic_file(path).product.name == "EV-Knee"
    path.write_text("[kiosk]\nidle_seconds = 200\n", encoding="utf-8")
    store_clinic_name(path, "Riverside")
    assert read_clinic_file(path).clinic.name == "Riverside"
    assert read_clinic_file(path).kiosk.idle_seconds == 200
    path.unlink()
    store_clinic_name(path, "Riverside")  # no file yet: the commented one, with the name
    assert read_clinic_file(path).clinic.name == "Riverside"
    assert "# Clinic settings for intake-app." in path.read_text(encoding="utf-8")
