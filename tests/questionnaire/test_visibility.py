"""Hidden items are never required and their answers are never kept."""

from __future__ import annotations

from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.visibility import resolve
from tests.conftest import TODAY


def test_pregnancy_section_shows_only_when_relevant(mini_form):
    shown = resolve(mini_form, {"sex": "female", "date_of_birth": "1990-05-01"}, TODAY)
    male = resolve(mini_form, {"sex": "male", "date_of_birth": "1990-05-01"}, TODAY)
    older = resolve(mini_form, {"sex": "female", "date_of_birth": "1950-05-01"}, TODAY)
    assert "pregnancy" in shown.visible_sections
    assert "pregnancy" not in male.visible_sections
    assert "pregnancy" not in older.visible_sections


def test_changing_an_answer_discards_answers_it_hides(mini_form):
    answers = {
        "sex": "female",
        "date_of_birth": "1990-05-01",
        "pregnant": False,
        "had_injections": False,
        "injections": [{"kind": "steroid", "when": "2026-01"}],
    }
    view = resolve(mini_form, answers | {"sex": "male"}, TODAY)
    assert "pregnant" not in view.answers
    assert "injections" not in view.answers
    assert view.answers["sex"] == "male"


def test_hiding_cascades_through_dependent_items(mini_form):
    # Birth date drives age, age drives the pregnancy section: removing the
    # birth date must also remove the pregnancy answer.
    answers = {"sex": "female", "pregnant": True}
    view = resolve(mini_form, answers, TODAY)
    assert "pregnant" not in view.answers


def test_a_row_keeps_only_the_cells_that_are_shown(mini_form):
    answers = {
        "had_injections": True,
        "injections": [{"kind": "steroid", "kind_other": "PRP", "when": "2026-01"}],
    }
    view = resolve(mini_form, answers, TODAY)
    assert view.answers["injections"] == [{"kind": "steroid", "when": "2026-01"}]


def test_hidden_required_items_are_not_missing(mini_form):
    answers = {
        "name": "Ana",
        "date_of_birth": "1950-01-01",
        "sex": "male",
        "target_joints": ["knee:left"],
        "pain_now": 4,
    }
    assert missing_answers(mini_form, resolve(mini_form, answers, TODAY)) == []


def test_shown_required_items_and_row_cells_are_missing(mini_form):
    answers = {"had_injections": True, "injections": [{"kind": "other"}]}
    missing = missing_answers(mini_form, resolve(mini_form, answers, TODAY))
    names = [(m.item_id, m.row, m.child_id) for m in missing]
    assert ("name", None, None) in names
    assert ("injections", 1, "kind_other") in names
    assert ("injections", 1, "when") in names
    assert ("injections", 1, "kind") not in names


def test_a_required_group_needs_a_row(mini_form):
    missing = missing_answers(mini_form, resolve(mini_form, {"had_injections": True}, TODAY))
    assert any(
        m.item_id == "injections" and m.problem == "Please add at least 1 row(s)." for m in missing
    )
