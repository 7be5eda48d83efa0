"""A form file that is not good YAML is reported as file:line: message, never as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.form_files.source import MAX_NESTING, FormFileError, load_yaml, parse_yaml
from tests.conftest import MINI_FORM
from tests.questionnaire.test_check import nested_any

GOOD = MINI_FORM.read_text(encoding="utf-8")
NO_SUCH_DATE = "is written like a date but there is no such date"


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int, list[str]]:
    """Write the mini form with one edit; return the file, the edited line and the problems."""
    assert GOOD.count(old) == 1, f"edit target not unique: {old!r}"
    text = GOOD.replace(old, new)
    line = GOOD[: GOOD.index(old)].count("\n") + 1
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_yaml(path)
    return path, line, [str(p) for p in caught.value.problems]


def test_yaml_syntax_error_points_at_its_line(tmp_path):
    path, line, problems = broken(
        tmp_path, "text: {en: Story, es: Historia}", "text: {en: Story, es: [}"
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: YAML syntax:")


def test_duplicate_key_is_refused_not_silently_overwritten(tmp_path):
    path, line, problems = broken(
        tmp_path, "        max_length: 20\n", "        max_length: 20\n        max_length: 30\n"
    )
    assert problems == [f"{path}:{line + 1}: 'max_length' appears twice in the same block"]


@pytest.mark.parametrize(
    ("old", "new", "detail"),
    [
        ('version: "2.1"', "version: 2024-02-30", "day is out of range for month"),
        (
            "{item: age, operator: less, value: 60}",
            "{item: date_of_birth, operator: less, value: 2025-13-45}",
            "month must be in 1..12",
        ),
        ("text: {en: Story, es: Historia}", "text: {en: 2024-02-30, es: Historia}", "day is"),
    ],
    ids=["version", "condition value", "text"],
)
def test_a_date_that_does_not_exist_is_a_problem_on_its_line(tmp_path, old, new, detail):
    # YAML reads 2024-02-30 as a date; it must not crash `forms check` with a bare ValueError.
    path, line, problems = broken(tmp_path, old, new)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: '")
    assert NO_SUCH_DATE in problems[0] and detail in problems[0]
    assert "put the value in quotes if it is text" in problems[0]


def test_conditions_nested_hundreds_deep_hit_a_stated_limit_not_a_recursion_error(tmp_path):
    old = "        enable_when: {item: had_injections, operator: equals, value: true}"
    path, line, problems = broken(tmp_path, old, f"        enable_when: {nested_any(300)}")
    assert problems == [
        f"{path}:{line}: blocks are nested more than {MAX_NESTING} levels deep here; no form "
        "needs that many (write the condition with fewer levels of 'all:' and 'any:')"
    ]


def test_nesting_past_the_yaml_readers_own_limit_gets_the_same_stated_limit(tmp_path):
    old = "        enable_when: {item: had_injections, operator: equals, value: true}"
    path, line, problems = broken(tmp_path, old, f"        enable_when: {nested_any(3000)}")
    assert problems == [
        f"{path}:{line}: blocks are nested more than {MAX_NESTING} levels deep here; no form "
        "needs that many (write the condition with fewer levels of 'all:' and 'any:')"
    ]


def test_only_true_and_false_are_booleans_so_yes_no_and_on_stay_text():
    raw = parse_yaml("values: [yes, no, on, off, true, False]\n", Path("form.yaml"))
    assert raw["values"] == ["yes", "no", "on", "off", True, False]


def test_every_key_and_element_keeps_its_line():
    raw = parse_yaml("title:\n  en: Intake\nsections:\n  - id: a\n  - id: b\n", Path("f.yaml"))
    assert raw.key_lines == {"title": 1, "sections": 3}
    assert raw["sections"].item_lines == [4, 5]
