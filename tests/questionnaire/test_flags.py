"""Flags reach the nurse worst first, with the answers that raised them."""

from __future__ import annotations

from intake_app.questionnaire.flags import raise_flags
from intake_app.questionnaire.visibility import resolve
from tests.conftest import TODAY


def test_flags_come_worst_first_with_their_triggering_answers(mini_form):
    answers = {
        "sex": "female",
        "date_of_birth": "1990-01-01",
        "pregnant": True,
        "height_ft": 5,
        "height_in": 0,
        "weight_lb": 250,
    }
    flags = raise_flags(mini_form, resolve(mini_form, answers, TODAY))
    assert [(f.rule_id, f.severity) for f in flags] == [("pregnant", "stop"), ("high_bmi", "note")]
    assert [(t.reference, t.value) for t in flags[0].triggers] == [("pregnant", True)]
    assert [(t.reference, t.value) for t in flags[1].triggers] == [("bmi", 48.8)]


def test_an_answer_hidden_by_a_later_change_raises_no_flag(mini_form):
    answers = {"sex": "female", "date_of_birth": "1990-01-01", "pregnant": True}
    flags = raise_flags(mini_form, resolve(mini_form, answers | {"sex": "male"}, TODAY))
    assert flags == []
