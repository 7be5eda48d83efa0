"""``intake-app forms import-fhir``: a Questionnaire from another system becomes a form the app runs."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog, load_questionnaire
from intake_app.paths import shipped_forms_dir
from tests.fhir.handwritten import KNEE_FOLLOW_UP

SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-"


def import_fhir(resource: dict, tmp_path: Path, name: str = "knee.yaml") -> tuple[int, Path]:
    source = tmp_path / "questionnaire.json"
    source.write_text(json.dumps(resource, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "forms" / "questionnaires" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    return main(["forms", "import-fhir", str(source), "--out", str(out)]), out


def test_nested_groups_and_every_operator_import_and_pass_forms_check(tmp_path, capsys):
    code, out = import_fhir(KNEE_FOLLOW_UP, tmp_path)
    assert code == 0, capsys.readouterr().err
    assert main(["forms", "check", str(out)]) == 0
    form = items_in_file(out)
    # the nested group is laid flat, its condition on each of its questions
    surgery = {"item": "had_surgery", "operator": "equals", "value": True}
    assert form["surgery"]["type"] == "display"
    assert form["surgeon"]["enable_when"] == surgery
    assert form["surgeon"]["max_length"] == 80
    # >= and <= are "greater or equal", joined by the group's enableBehavior any
    pain = load_questionnaire(out).definition.sections[1].enable_when
    assert pain is not None
    assert pain.model_dump(mode="json") == {
        "any": [
            {"any": [test("pain", "greater", 7), test("pain", "equals", 7)]},
            {"any": [test("pain", "less", 2), test("pain", "equals", 2)]},
        ]
    }
    assert form["pain_story"]["enable_when"] == {
        "all": [test("pain", "greater", 5), test("pain", "less", 9)]
    }
    # a code from the contained value set is compared as the option it became
    assert form["still_swollen"]["enable_when"] == {
        "all": [test("surgery_side", "not_equals", "l"), test("walking_aid", "exists", True)]
    }
    assert [o["value"] for o in form["surgery_side"]["options"]] == ["l", "r"]
    assert form["surgery_side"]["options"][0]["text"] == {"en": "Left", "es": "Izquierda"}
    # a sibling in the repeated group is named bare: the test looks at the same row
    assert form["medicines"]["min_rows"] == 1
    dose = next(c for c in form["medicines"]["items"] if c["id"] == "dose")
    assert dose["enable_when"] == test("how_often", "equals", "daily")
    assert form["weight"]["unit"] == "kg"


def test_what_changes_how_a_question_is_asked_is_said(tmp_path, capsys):
    import_fhir(KNEE_FOLLOW_UP, tmp_path)
    err = capsys.readouterr().err
    assert "linkId 'last-dose': a date and time, asked as a date" in err
    assert "linkId 'walking-aid': open choice" in err
    assert "linkId 'bring': read-only: shown as text" in err


def test_the_imported_form_runs_through_packet_input(
    tmp_path, capsys, configured_clinic, monkeypatch
):
    sample = _sample_input(FormCatalog.from_folder(shipped_forms_dir()))
    code, _ = import_fhir(KNEE_FOLLOW_UP, tmp_path)
    assert code == 0
    consents = tmp_path / "forms" / "consents"
    shutil.copytree(shipped_forms_dir() / "consents", consents)
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(tmp_path / "forms"))
    capsys.readouterr()
    assert main(["forms", "template", "knee-follow-up"]) == 0
    template = json.loads(capsys.readouterr().out)
    answers = {
        "had_surgery": True,
        "surgery_date": "2024-03-05",
        "surgery_side": "r",
        "surgeon": "Dr. Okafor",
        "pain": 8,
        "weight": 81.5,
        "walking_aid": "something_else",
        "walking_aid_other": "A knee brace",
        "last_dose": "2025-01-02",
        "pain_story": "It aches on the stairs.",
        "still_swollen": True,
        "medicines": [{"medicine_name": "Naproxen", "how_often": "daily", "dose": 220}],
    }
    assert set(answers) <= set(template["answers"])
    consent = {k: v for k, v in sample["consent"].items() if k != "released"}  # no flags here
    data = sample | {"form": template["form"], "version": template["version"]}
    data |= {"answers": answers, "consent": consent}
    source = tmp_path / "visit.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["packet", "--input", str(source), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    assert list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda q: q["item"][0]["item"][1]["item"][1].update(
                answerValueSet="http://loinc.org/vs/LL1"
            ),
            "linkId 'surgery-side': answerValueSet 'http://loinc.org/vs/LL1' is not contained",
        ),
        (
            lambda q: q["item"][0]["item"][3].update(
                extension=[
                    {
                        "url": SDC + "calculatedExpression",
                        "valueExpression": {"language": "text/fhirpath", "expression": "1"},
                    }
                ]
            ),
            "linkId 'weight': a calculatedExpression, which the app cannot evaluate",
        ),
        (
            lambda q: q["item"][0]["item"][2].update(initial=[{"valueInteger": 0}]),
            "linkId 'pain': an answer filled in advance",
        ),
        (
            lambda q: q["item"][0]["item"].append(
                {"linkId": "photo", "type": "attachment", "text": "A photo"}
            ),
            "linkId 'photo': the item type 'attachment' is not one the app can ask",
        ),
    ],
)
def test_what_cannot_be_converted_is_listed_and_nothing_is_written(
    tmp_path, capsys, change, expected
):
    resource = copy.deepcopy(KNEE_FOLLOW_UP)
    change(resource)
    code, out = import_fhir(resource, tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err
    assert "Nothing was written" in err
    assert not out.exists()
    assert not list(out.parent.iterdir())  # no draft left behind either


def test_every_problem_is_listed_at_once(tmp_path, capsys):
    resource = copy.deepcopy(KNEE_FOLLOW_UP)
    resource["item"][0]["item"][1]["item"][1]["answerValueSet"] = "http://loinc.org/vs/LL1"
    resource["item"][0]["item"][3]["extension"] = [{"url": SDC + "calculatedExpression"}]
    assert import_fhir(resource, tmp_path)[0] == 1
    err = capsys.readouterr().err
    assert "linkId 'surgery-side'" in err and "linkId 'weight'" in err


def test_an_existing_form_file_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "forms" / "questionnaires" / "knee.yaml"
    out.parent.mkdir(parents=True)
    out.write_text("# the clinic's own edits\n", encoding="utf-8")
    code, _ = import_fhir(KNEE_FOLLOW_UP, tmp_path)
    assert code == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# the clinic's own edits\n"


def test_a_form_that_would_fail_forms_check_is_not_written(tmp_path, capsys):
    resource = copy.deepcopy(KNEE_FOLLOW_UP)
    del resource["item"][0]["item"][0]["_text"]  # no Spanish for one question
    code, out = import_fhir(resource, tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "'text' has no Spanish ('es') text" in err
    assert not out.exists()


def test(item: str, operator: str, value: object) -> dict:
    return {"item": item, "operator": operator, "value": value}


test.__test__ = False  # type: ignore[attr-defined]


def items_in_file(path: Path) -> dict[str, dict]:
    """Every item of the form file as written (YAML as JSON), by id."""
    definition = load_questionnaire(path).definition
    items = {}
    for section in definition.sections:
        for item in section.items:
            items[item.id] = item.model_dump(mode="json", exclude_none=True)
    return items
