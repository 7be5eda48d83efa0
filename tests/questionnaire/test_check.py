"""A broken form file is reported as file:line: message, never loaded half-right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.form_files.source import FormFileError
from intake_app.forms import catalog
from intake_app.forms.catalog import check_forms, load_questionnaire
from tests.conftest import MINI_FORM

GOOD = MINI_FORM.read_text(encoding="utf-8")


def broken(
    tmp_path: Path, old: str, new: str, name: str = "form.yaml"
) -> tuple[Path, int, list[str]]:
    """Write the mini form with one edit; return the file, the edited line and the problems."""
    assert GOOD.count(old) == 1, f"edit target not unique: {old!r}"
    text = GOOD.replace(old, new)
    line = GOOD[: GOOD.index(old)].count("\n") + 1
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_questionnaire(path)
    return path, line, [str(p) for p in caught.value.problems]


def test_the_mini_form_itself_has_no_problems(mini_form):
    # Guards every other test here: each one breaks exactly one thing.
    assert mini_form.form_id == "mini-form"


def test_typo_in_a_condition_names_the_file_line_and_the_likely_item(tmp_path):
    path, line, problems = broken(tmp_path, "{item: had_injections,", "{item: had_injection,")
    assert problems == [
        f"{path}:{line}: condition names 'had_injection', which is not an item or "
        "calculation of this form (did you mean 'had_injections'?)"
    ]


def test_misspelled_key_is_named_with_a_suggestion(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "        enable_when: {item: had_injections",
        "        enable_whn: {item: had_injections",
    )
    assert problems == [
        f"{path}:{line}: 'injections': unknown key 'enable_whn' (did you mean 'enable_when'?)"
    ]


def test_unknown_item_type_lists_the_known_ones(tmp_path):
    path, line, problems = broken(tmp_path, "        type: long_text\n", "        type: essay\n")
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{path}:{line - 1}: 'story': unknown type 'essay'; expected one of"
    )


def test_yes_no_compared_with_text_is_a_wrong_value_type(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "{item: had_injections, operator: equals, value: true}",
        "{item: had_injections, operator: equals, value: yes}",
    )
    assert problems == [f"{path}:{line}: 'had_injections' is yes/no: compare it with true or false"]


def test_choice_compared_with_a_value_that_is_not_an_option(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "{item: sex, operator: not_equals, value: male}",
        "{item: sex, operator: not_equals, value: mael}",
    )
    assert problems == [f"{path}:{line}: 'mael' is not an option of 'sex' (did you mean 'male'?)"]


def test_number_compared_with_text(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "{item: bmi, operator: greater, value: 30}",
        "{item: bmi, operator: greater, value: thirty}",
    )
    assert problems == [f"{path}:{line}: 'bmi' is a number: compare it with a number, not 'thirty'"]


def test_operator_that_does_not_apply_to_the_item(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "{item: pregnant, operator: equals, value: true}",
        "{item: pregnant, operator: greater, value: true}",
    )
    assert problems == [
        f"{path}:{line}: operator 'greater' does not apply to 'pregnant' (use equals, exists, not_equals)"
    ]


def test_missing_spanish_text_is_reported(tmp_path):
    path, line, problems = broken(tmp_path, "text: {en: Story, es: Historia}", "text: {en: Story}")
    assert problems == [f"{path}:{line}: 'text' has no Spanish ('es') text"]


def test_two_items_with_one_id(tmp_path):
    path, line, problems = broken(tmp_path, "      - id: story\n", "      - id: name\n")
    assert problems == [f"{path}:{line}: id 'name' is used twice (an item and an item)"]


def test_flag_rule_citing_an_unknown_source(tmp_path):
    _, _, problems = broken(
        tmp_path,
        "    message: BMI over 30.\n    sources: [T1]",
        "    message: BMI over 30.\n    sources: [T9]",
    )
    assert len(problems) == 1
    assert problems[0].endswith("source 'T9' is not listed under 'sources'")


def test_conditions_that_depend_on_each_other_in_a_circle(tmp_path):
    _, _, problems = broken(
        tmp_path,
        "      - id: had_injections\n        type: yes_no\n",
        "      - id: had_injections\n        type: yes_no\n"
        "        enable_when: {item: injections, operator: exists}\n",
    )
    assert len(problems) == 1
    assert "conditions depend on each other in a circle: " in problems[0]
    assert "had_injections" in problems[0] and "injections" in problems[0]


def test_section_whose_condition_names_its_own_item_is_a_cycle(tmp_path):
    _, _, problems = broken(
        tmp_path,
        "        - {item: sex, operator: not_equals, value: male}",
        "        - {item: pregnant, operator: exists}",
    )
    assert any("circle" in p and "section:pregnancy" in p for p in problems)


def test_unquoted_version_is_explained(tmp_path):
    path, line, problems = broken(tmp_path, 'version: "2.1"', "version: 2.1")
    assert problems == [f'{path}:{line}: version must be text in quotes, e.g. version: "1.0"']


def test_yes_and_no_stay_text_so_an_option_named_no_is_not_a_boolean(tmp_path):
    # YAML 1.1 would read `no` as false; a clinic writing option values must not be surprised.
    _, _, problems = broken(tmp_path, "{value: male, text:", "{value: no, text:")
    assert not any("must be" in p and "string" in p for p in problems)
    assert any("'male' is not an option of 'sex'" in p for p in problems)


def test_bmi_on_a_number_without_a_length_unit(tmp_path):
    _, _, problems = broken(tmp_path, "        unit: ft\n", "        unit: stone\n")
    assert problems and problems[0].endswith(
        "'height_ft' has unit 'stone'; BMI needs one of m, cm, in, ft"
    )


def test_check_forms_reports_two_files_with_the_same_id_and_version(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD + "# changed\n", encoding="utf-8")
    report = check_forms([tmp_path])
    assert report.files == 2
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'b.yaml'}:1: form 'mini-form' version 2.1 is also defined in {tmp_path / 'a.yaml'}"
    ]


def test_check_forms_takes_two_identical_files_as_one_form(tmp_path):
    # The clinic's copy of a form the app ships too: the same text, so the same version.
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    report = check_forms([tmp_path])
    assert (report.problems, len(report.questionnaires)) == ([], 1)


def test_a_file_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_questionnaire(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: a form file must be a YAML mapping (key: value)"
    ]


def nested_any(levels: int) -> str:
    condition = "{item: had_injections, operator: equals, value: true}"
    for _ in range(levels):
        condition = "{any: [" + condition + "]}"
    return condition


def test_conditions_nested_twenty_deep_still_load(tmp_path):
    # The limit is far above what a form needs: 20 levels of 'any:' inside a section is fine.
    text = GOOD.replace(
        "        enable_when: {item: had_injections, operator: equals, value: true}",
        f"        enable_when: {nested_any(20)}",
    )
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_questionnaire(path).form_id == "mini-form"


def test_an_unforeseen_failure_is_a_problem_for_its_file_and_the_others_are_checked(
    tmp_path, monkeypatch
):
    # Whatever a check did not foresee, `forms check` and the app's start get a line, not a crash.
    def unforeseen(self):
        if self.path.name == "odd.yaml":
            raise ZeroDivisionError("division by zero")
        return []

    monkeypatch.setattr(catalog.FormChecker, "run", unforeseen)
    (tmp_path / "odd.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(GOOD.replace('"2.1"', '"2.2"'), encoding="utf-8")
    report = check_forms([tmp_path])
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'odd.yaml'}:1: this file could not be loaded "
        "(ZeroDivisionError: division by zero); please report it together with the file"
    ]
    assert [q.version for q in report.questionnaires] == ["2.2"]


def test_a_form_without_spanish_is_refused_even_when_no_text_has_spanish(tmp_path):
    # Staff can pick Español for any patient; an English-only form would fail then, not now.
    text = GOOD.replace("languages: [en, es]", "languages: [en]")
    text = "".join(re.sub(r",? es: [^,}]+", "", line) for line in text.splitlines(True))
    path = tmp_path / "english.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("languages:")].count("\n") + 1
    with pytest.raises(FormFileError) as caught:
        load_questionnaire(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: 'languages' must include Spanish ('es'): staff can choose English "
        "or Español for any patient, so every text needs both"
    ]


def test_a_form_without_english_is_refused(tmp_path):
    path, line, problems = broken(tmp_path, "languages: [en, es]", "languages: [es]")
    assert problems[0].startswith(
        f"{path}:{line}: 'languages' must include English ('en'): staff can choose "
    )
    assert len(problems) == 1


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan"])
def test_a_number_condition_needs_a_finite_number(tmp_path, number):
    # `bmi > .inf` could never fire: the rule would be silently dead.
    path, line, problems = broken(
        tmp_path,
        "{item: bmi, operator: greater, value: 30}",
        f"{{item: bmi, operator: greater, value: {number}}}",
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: 'bmi' is a number: compare it with a finite")


LINES = GOOD.splitlines(keepends=True)
JUNK = st.sampled_from(
    [
        "",
        "x",
        "- 5",
        "  enable_when: 5",
        "    type: 7",
        "items: {}",
        "  - {item: [1]}",
        "\t",
        "value: [",
        "id: Bad Id",
        "version: 2024-02-30",
        "value: 2025-13-45",
        "  - {item: date_of_birth, operator: less, value: 2025-13-45}",
        "en: 2024-02-30",
        "text: {en: 2024-02-30, es: x}",
        "value: .inf",
        "  - {item: bmi, operator: greater, value: .nan}",
        "languages: [en]",
        f"enable_when: {nested_any(300)}",
        f"  - {nested_any(300)}",
    ]
)


@settings(max_examples=150)
@given(index=st.integers(0, len(LINES) - 1), junk=JUNK, keep_indent=st.booleans())
def test_any_one_broken_line_gives_problems_with_lines_never_a_crash(
    tmp_path_factory, index, junk, keep_indent
):
    indent = LINES[index][: len(LINES[index]) - len(LINES[index].lstrip())] if keep_indent else ""
    text = "".join([*LINES[:index], indent + junk + "\n", *LINES[index + 1 :]])
    path = tmp_path_factory.mktemp("fuzz") / "form.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_questionnaire(path)
    except FormFileError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert 1 <= problem.line <= len(LINES) + 1
            assert problem.message and "Traceback" not in problem.message


def test_a_condition_that_is_not_a_condition_says_what_one_looks_like(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "        enable_when: {item: had_injections, operator: equals, value: true}",
        "        enable_when: 5",
    )
    assert problems == [
        f"{path}:{line}: 'injections': 'enable_when' must be a condition: "
        "{item: ..., operator: ..., value: ...}, or 'all:' / 'any:' with a list of conditions"
    ]


def test_required_that_is_not_true_or_false(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "        required: true\n        joints:",
        "        required: maybe\n        joints:",
    )
    assert problems == [f"{path}:{line}: 'target_joints': 'required' must be true or false"]


def test_a_clinic_value_in_a_text_needs_an_item_that_names_it(tmp_path):
    path, line, problems = broken(
        tmp_path,
        "text: {en: Story, es: Historia}",
        "text: {en: 'Story {product_components}', es: Historia}",
    )
    assert any(f"{path}:{line}:" in p and "clinic_value: product_components" in p for p in problems)


def test_an_item_asked_for_a_clinic_value_must_show_it_in_every_language(tmp_path):
    _path, _line, problems = broken(
        tmp_path,
        "      - id: story\n        type: long_text\n",
        "      - id: story\n        type: long_text\n        clinic_value: product_components\n",
    )
    assert any("must show it as {product_components} in every language" in p for p in problems)


def test_a_flag_that_shows_an_answer_must_name_a_question(tmp_path):
    path, line, problems = broken(
        tmp_path, "    message: Pregnant.\n", "    message: Pregnant.\n    show: [storey]\n"
    )
    assert any(
        f"{path}:{line + 1}:" in p and "'storey' is not a question of this form" in p
        for p in problems
    )
