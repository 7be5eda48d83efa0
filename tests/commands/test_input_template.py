"""The JSON skeleton of an intake: what ``packet --input`` takes, and how to fill it in."""

from __future__ import annotations

import pytest

from intake_app.commands.input_template import intake_template
from intake_app.forms.catalog import FormCatalog, load_questionnaire
from intake_app.kiosk.limits import MRN_MAX, PERSON_NAME_MAX, SIGNED_NAME_MAX
from intake_app.paths import shipped_forms_dir
from tests.conftest import MINI_FORM


@pytest.fixture(scope="module")
def catalog() -> FormCatalog:
    return FormCatalog.from_folder(shipped_forms_dir())


@pytest.fixture(scope="module")
def skeleton(catalog) -> dict:
    return intake_template(catalog.get("exosome-joint-intake"), "en", catalog.consent())


def test_the_consent_block_has_every_field_empty_and_every_question_listed(catalog, skeleton):
    questions = [
        q.id for q in catalog.consent().definition.comprehension if q.asked_when != "study_pays"
    ]
    assert skeleton["consent"] == {
        "acknowledged": [],
        "questions": [],
        "comprehension": dict.fromkeys(questions),
        "talked": None,
        "answers_after_talk": {},
        "released": {},
        "decision": None,
        "signed_name": None,
        "signature": [],
        "witness": None,
    }


def test_the_guide_gives_each_comprehension_question_its_options_and_the_section_ids(
    catalog, skeleton
):
    definition = catalog.consent().definition
    guide = skeleton["guide"]["consent"]
    assert list(guide["sections"]) == [s.id for s in definition.sections]
    assert guide["sections"]["risks"] == "Risks and side effects"
    fda = guide["comprehension"]["fda_approved"]
    assert fda["options"] == ["not_approved", "approved_for_knees", "registered_means_approved"]
    assert fda["section"] == "evidence" and fda["required"] is True
    assert set(guide["witness"]) == {"about", "name", "role", "signature"}


def test_the_guide_says_how_to_record_who_released_a_hold(skeleton):
    released = skeleton["guide"]["consent"]["released"]
    assert '{"by": ' in released["about"]
    assert "cancer_now" in released["before_decision"]
    assert "pregnant_or_breastfeeding" in released["before_decision"]
    assert "language_support" in released["before_consent"]
    assert "talked it over" in skeleton["guide"]["consent"]["talked"]


def test_a_study_that_pays_asks_its_own_question_about_cost(catalog):
    study = intake_template(
        catalog.get("exosome-joint-intake"), "en", catalog.consent(), study_pays=True
    )
    assert "who_pays_study" in study["consent"]["comprehension"]
    assert "who_pays" not in study["consent"]["comprehension"]


def test_the_guide_states_the_length_limits_of_the_tablet(skeleton):
    patient = skeleton["guide"]["patient"]
    assert f"up to {PERSON_NAME_MAX} characters" in patient["given_names"]
    assert f"up to {MRN_MAX} characters" in patient["mrn"]
    assert f"up to {SIGNED_NAME_MAX} characters" in skeleton["guide"]["consent"]["signed_name"]


def test_a_question_in_a_conditional_section_carries_the_sections_condition(catalog, skeleton):
    section = next(s for s in catalog.get("exosome-joint-intake").sections if s.id == "pregnancy")
    condition = section.enable_when.model_dump(mode="json", by_alias=True, exclude_none=True)
    for item_id in ("pregnant", "breastfeeding"):
        entry = skeleton["guide"]["answers"][item_id]
        assert entry["required"] is True
        assert entry["shown_when"] == condition


def test_an_item_with_its_own_condition_in_a_conditional_section_needs_both(tmp_path):
    text = MINI_FORM.read_text(encoding="utf-8")
    pregnant = '        text: {en: "Pregnant?", es: "¿Embarazada?"}\n'
    assert pregnant in text
    nursing = (
        "      - id: nursing\n        type: yes_no\n        required: true\n"
        '        text: {en: "Nursing?", es: "¿Lactancia?"}\n'
        "        enable_when: {item: pregnant, operator: equals, value: false}\n"
    )
    changed = tmp_path / "mini-form.yaml"
    changed.write_text(text.replace(pregnant, pregnant + nursing), encoding="utf-8")

    guide = intake_template(load_questionnaire(changed))["guide"]["answers"]

    section = guide["pregnant"]["shown_when"]
    assert guide["nursing"]["shown_when"] == {
        "all": [section, {"item": "pregnant", "operator": "equals", "value": False}]
    }


def test_without_a_consent_document_there_is_no_consent_block(catalog):
    plain = intake_template(catalog.get("exosome-joint-intake"))
    assert "consent" not in plain and "consent" not in plain["guide"]
