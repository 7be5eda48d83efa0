"""One rule for what typed text may hold, and isolation of patient text next to other text."""

from __future__ import annotations

import pytest
from bidi import get_display
from hypothesis import given
from hypothesis import strategies as st

from intake_app.questionnaire.typed_text import (
    TextProblem,
    isolated,
    says_nothing,
    text_problem,
    without_invisible,
)

DIRECTION_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", [*DIRECTION_CONTROLS, "\u200b", "\ufeff", "\u00ad", "\u2060"])
def test_a_name_refuses_invisible_formatting_characters(control):
    assert text_problem(f"Ana{control}Smith", one_line=True, identifier=True) == (
        TextProblem.INVISIBLE
    )
    assert without_invisible(f"Ana{control} Smith") == "Ana Smith"


def test_a_name_keeps_the_joiners_persian_and_indic_names_need():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert text_problem(persian, one_line=True, identifier=True) is None
    assert text_problem("\u0915\u094d\u200d\u0937", one_line=True, identifier=True) is None
    assert without_invisible(persian) == persian


def test_a_name_refuses_a_tab_but_an_answer_keeps_it():
    assert text_problem("Ana\tSmith", one_line=True, identifier=True) is TextProblem.CONTROL
    assert text_problem("left\tright", one_line=True) is None


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_long_answer_may_break_lines_with_a_separator_a_short_one_may_not(separator):
    assert text_problem(f"one{separator}two", one_line=False) is None
    assert text_problem(f"one{separator}two", one_line=True) is TextProblem.LINE_BREAK


def test_text_of_invisible_characters_says_nothing_but_a_letter_does():
    assert says_nothing("\u200b \u200d\ufe0f\u3164")
    assert not says_nothing("\u200bA")


@given(st.text(max_size=30), st.text(max_size=30))
def test_isolated_text_never_reorders_what_follows_it(inside, after):
    """Whatever the patient typed, the text after it is laid out as if it were not there."""
    after = without_invisible(after).replace("\u2029", "").replace("\u2028", "")
    alone = get_display(f"X {after}".replace("\n", " ").replace("\r", " "))
    placed = get_display(f"X {isolated(inside)} {after}".replace("\n", " ").replace("\r", " "))
    assert placed.endswith(alone[1:]) or not after.strip()
