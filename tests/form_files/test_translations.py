"""Every patient-facing text is there in English and Spanish, and shown in the patient's."""

from __future__ import annotations

from pathlib import Path

from intake_app.form_files.source import parse_yaml
from intake_app.form_files.translations import localized, missing_translations

PATH = Path("forms/consents/consent.yaml")


def test_a_text_is_shown_in_the_patients_language_else_english_else_any():
    assert localized({"en": "Risks", "es": "Riesgos"}, "es") == "Riesgos"
    assert localized({"en": "Risks"}, "es") == "Risks"
    assert localized({"fr": "Risques"}, "es") == "Risques"
    assert localized(None, "es") == ""


def test_a_text_without_spanish_is_a_problem_on_its_line():
    raw = parse_yaml(
        "languages: [en, es]\nsections:\n  - body: {en: Read this.}\n    note: {en: x}\n", PATH
    )
    assert [str(p) for p in missing_translations(raw, ["en", "es"], PATH)] == [
        f"{PATH}:3: 'body' has no Spanish ('es') text"
    ]


def test_a_file_without_spanish_is_told_that_staff_can_choose_it():
    raw = parse_yaml("languages: [en]\ntitle: {en: Consent}\n", PATH)
    assert [str(p) for p in missing_translations(raw, ["en"], PATH)] == [
        f"{PATH}:1: 'languages' must include Spanish ('es'): staff can choose English or "
        "Español for any patient, so every text needs both"
    ]
