"""``intake-app forms export-fhir``: the shipped form as a valid FHIR R4 Questionnaire, and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from intake_app.cli import main
from intake_app.fhir.canonical import questionnaire_url, versioned
from intake_app.fhir.extensions import FLAG_RULE
from intake_app.fhir.questionnaire_in import questionnaire_to_form
from intake_app.fhir.questionnaire_out import questionnaire_to_fhir
from intake_app.forms.catalog import load_questionnaire
from intake_app.questionnaire.model import FormDefinition

BASE = "https://records.riverside.example/fhir"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


@pytest.fixture(scope="module")
def exported(intake_form) -> dict:
    return questionnaire_to_fhir(intake_form, BASE)


def items_by_link_id(items: list[dict]) -> dict[str, dict]:
    found = {}
    for item in items:
        found[item["linkId"]] = item
        found.update(items_by_link_id(item.get("item", [])))
    return found


def spanish(element: dict, key: str) -> str:
    (translation,) = element[f"_{key}"]["extension"]
    assert translation["url"] == TRANSLATION
    parts = {p["url"]: p for p in translation["extension"]}
    assert parts["lang"]["valueCode"] == "es"
    return parts["content"]["valueString"]


def test_the_export_is_a_valid_r4_questionnaire_named_by_its_canonical_url(exported, intake_form):
    FhirQuestionnaire.model_validate(exported)
    assert exported["url"] == questionnaire_url(BASE, "exosome-joint-intake")
    assert versioned(exported["url"], exported["version"]) == f"{exported['url']}|1.0"
    assert (exported["version"], exported["status"]) == ("1.0", "active")
    assert spanish(exported, "title") == intake_form.definition.title["es"]


def test_items_keep_their_ids_types_options_and_spanish_text(exported, intake_form):
    items = items_by_link_id(exported["item"])
    sex = items["sex_at_birth"]
    assert (sex["type"], sex["required"]) == ("choice", True)
    assert sex["text"] == "What sex were you assigned at birth?"
    assert spanish(sex, "text") == "¿Qué sexo se le asignó al nacer?"
    first = sex["answerOption"][0]["valueCoding"]
    assert (first["code"], first["display"], spanish(first, "display")) == (
        "female",
        "Female",
        "Femenino",
    )
    assert items["conditions"]["repeats"] is True  # a multiple choice
    assert items["phone"]["maxLength"] == 40
    assert items["prior_injections"]["type"] == "group"
    assert items["prior_injections"]["repeats"] is True
    assert "prior_injections.injection_type" in items  # a row's question, named as the app does
    assert items["pain_now"]["type"] == "integer"


def test_conditions_are_enable_when_with_their_behaviour(exported):
    items = items_by_link_id(exported["item"])
    pregnancy = items["pregnancy"]
    assert pregnancy["enableBehavior"] == "all"
    assert pregnancy["enableWhen"] == [
        {"question": "sex_at_birth", "operator": "!=", "answerCoding": {"code": "male"}},
        {"question": "age", "operator": "<", "answerInteger": 60},
    ]
    assert items["age"]["readOnly"] is True  # the calculated age, as a hidden question
    other = items["preferred_language_other"]["enableWhen"]
    assert other == [
        {"question": "preferred_language", "operator": "=", "answerCoding": {"code": "other"}}
    ]


def test_flag_rules_ride_along_exactly(exported, intake_form):
    rules = [json.loads(e["valueString"]) for e in exported["extension"] if e["url"] == FLAG_RULE]
    expected = [
        rule.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for rule in intake_form.definition.flags
    ]
    assert rules == expected
    assert len(rules) == len(intake_form.definition.flags) > 10


def test_the_round_trip_gives_the_same_form(exported, intake_form):
    text = json.dumps(exported, ensure_ascii=False)
    imported = questionnaire_to_form(json.loads(text), "unused")
    assert (imported.problems, imported.notes) == ([], [])
    again = FormDefinition.model_validate(imported.form)
    assert again.model_dump(mode="json") == intake_form.definition.model_dump(mode="json")


def test_export_then_import_at_the_command_line_passes_forms_check(tmp_path: Path, intake_form):
    exported = tmp_path / "intake.json"
    assert main(["forms", "export-fhir", "exosome-joint-intake", "--out", str(exported)]) == 0
    form_file = tmp_path / "intake.yaml"
    assert main(["forms", "import-fhir", str(exported), "--out", str(form_file)]) == 0
    assert main(["forms", "check", str(form_file)]) == 0
    again = load_questionnaire(form_file).definition
    assert again.model_dump(mode="json") == intake_form.definition.model_dump(mode="json")


def test_export_never_overwrites_a_file(tmp_path: Path, capsys):
    out = tmp_path / "intake.json"
    out.write_text("{}", encoding="utf-8")
    assert main(["forms", "export-fhir", "exosome-joint-intake", "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "{}"


def test_an_unknown_form_is_named(capsys):
    assert main(["forms", "export-fhir", "no-such-form"]) == 1
    assert "no form 'no-such-form'" in capsys.readouterr().err
