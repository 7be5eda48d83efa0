"""Answer checks: a valid answer passes, anything else gets a plain-words reason."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.questionnaire.answers import check_answer, is_blank
from tests.conftest import TODAY


def check(form, item_id, value, language="en"):
    return check_answer(form.item(item_id), value, today=TODAY, language=language)


@given(st.integers(0, 10))
def test_every_point_of_the_pain_scale_is_accepted(mini_form, value):
    assert check(mini_form, "pain_now", value) is None


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=11)))
def test_scale_outside_its_range_says_the_range(mini_form, value):
    assert check(mini_form, "pain_now", value) == "Please choose a number from 0 to 10."


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_weight_is_accepted_exactly_within_its_limits(mini_form, value):
    problem = check(mini_form, "weight_lb", value)
    if math.isfinite(value) and 50 <= value <= 800:
        assert problem is None
    elif not math.isfinite(value):
        assert problem == "Please enter a number."
    else:
        assert problem == "Please enter a number from 50 to 800 pounds."


@given(st.floats(min_value=3, max_value=8).filter(lambda v: v != int(v)))
def test_whole_number_items_refuse_decimals(mini_form, value):
    assert check(mini_form, "height_ft", value) == "Please enter a whole number (no decimals)."


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
def test_any_real_past_date_is_a_valid_birth_date(mini_form, day):
    assert check(mini_form, "date_of_birth", day.isoformat()) is None


@given(st.dates(min_value=TODAY + dt.timedelta(days=1)))
def test_a_birth_date_in_the_future_is_refused(mini_form, day):
    assert (
        check(mini_form, "date_of_birth", day.isoformat())
        == "This date is in the future. Please check it."
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2023-02-30", "This date does not exist. Please check the day and month."),
        ("02/03/1970", "Please enter the date as year-month-day, for example 1970-04-23."),
        ("1850-01-01", "Please check the year: it is before 1900."),
        (19700101, "Please enter the date as year-month-day, for example 1970-04-23."),
    ],
)
def test_bad_dates_say_what_is_wrong(mini_form, value, problem):
    assert check(mini_form, "date_of_birth", value) == problem


def test_month_precision_accepts_this_month_but_not_next(mini_form):
    group = mini_form.item("injections")
    month_item = next(c for c in group.items if c.id == "when")
    assert check_answer(month_item, "2026-11", today=TODAY) is None
    assert (
        check_answer(month_item, "2026-12", today=TODAY)
        == "This date is in the future. Please check it."
    )


@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cn")), max_size=20
    ).filter(lambda t: not any(0xFDD0 <= ord(c) <= 0xFDEF for c in t))
)
def test_short_text_within_its_length_is_accepted(mini_form, text):
    assert check(mini_form, "name", text) is None


def test_short_text_too_long_says_how_long(mini_form):
    assert (
        check(mini_form, "name", "x" * 25)
        == "Please shorten your answer to 20 characters or fewer (it has 25)."
    )


def test_short_text_refuses_a_line_break_but_long_text_keeps_it(mini_form):
    assert check(mini_form, "name", "Ann\nLee") is not None
    assert check(mini_form, "story", "Line one\nLine two") is None


@pytest.mark.parametrize("disguised", ["\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"])
def test_a_one_line_answer_refuses_line_breaks_in_disguise(mini_form, disguised):
    problem = check(mini_form, "name", f"Ann{disguised}Lee")
    assert problem in (
        "Please keep this answer on one line.",
        "Your answer contains characters that cannot be stored. Please retype it.",
    )


@pytest.mark.parametrize("code", ["\x80", "\x9b", "\ud800", "\ufdd0", "\uffff"])
def test_c1_controls_lone_surrogates_and_noncharacters_are_refused(mini_form, code):
    """They would be stored, then dropped or garbled by the chart: the two would differ."""
    for item in ("name", "story"):
        assert check(mini_form, item, f"Ann{code}") == (
            "Your answer contains characters that cannot be stored. Please retype it."
        )


@pytest.mark.parametrize("digit", ["\u0661", "\uff11", "\u09e7"])
def test_dates_take_the_digits_0_to_9_only(mini_form, digit):
    assert check(mini_form, "date_of_birth", f"{digit}970-04-23") == (
        "Please enter the date as year-month-day, for example 1970-04-23."
    )


@pytest.mark.parametrize("nothing", ["\u200b\u200b", "\ufeff", " \u2060 ", "\u200e"])
def test_an_answer_of_invisible_characters_is_blank(nothing):
    assert is_blank(nothing)


def test_a_list_inside_a_multiple_choice_answer_is_refused_in_words(mini_form):
    assert check(mini_form, "symptoms", [["swelling"]]) == (
        "Please choose one or more of the options shown."
    )


@pytest.mark.parametrize("huge", [10**400, -(10**30), 10**16])
def test_a_number_of_hundreds_of_digits_is_refused_in_words(mini_form, huge):
    assert check(mini_form, "weight_lb", huge) == "Please enter a number from 50 to 800 pounds."


@given(st.sampled_from(["female", "male"]))
def test_single_choice_accepts_its_options(mini_form, value):
    assert check(mini_form, "sex", value) is None


@given(st.text().filter(lambda t: t not in ("female", "male")))
def test_single_choice_refuses_anything_else(mini_form, value):
    assert check(mini_form, "sex", value) == "Please choose one of the options shown."


@given(st.lists(st.sampled_from(["swelling", "locking", "none"]), min_size=1, unique=True))
def test_none_of_these_cannot_be_combined_with_a_symptom(mini_form, values):
    problem = check(mini_form, "symptoms", values)
    if "none" in values and len(values) > 1:
        assert problem == "\u201cNone\u201d cannot be chosen together with other options."
    else:
        assert problem is None


@given(
    st.lists(
        st.sampled_from(["knee:left", "knee:right", "hip:left", "hip:right"]),
        min_size=1,
        unique=True,
    )
)
def test_joint_picker_accepts_its_joints_and_sides(mini_form, joints):
    assert check(mini_form, "target_joints", joints) is None


@pytest.mark.parametrize("value", [["shoulder:left"], ["knee"], ["knee:middle"], [], "knee:left"])
def test_joint_picker_refuses_joints_it_does_not_offer(mini_form, value):
    assert check(mini_form, "target_joints", value) is not None


@given(st.one_of(st.integers(), st.text(), st.none()))
def test_yes_no_accepts_only_true_or_false(mini_form, value):
    assert check(mini_form, "had_injections", value) == "Please choose Yes or No."


def test_group_row_problem_names_the_row_and_question(mini_form):
    rows = [{"kind": "steroid", "when": "2026-01"}, {"kind": "steroid", "when": "2027-01"}]
    assert check(mini_form, "injections", rows) == (
        "Row 2, \u201cWhen?\u201d: This date is in the future. Please check it."
    )


def test_group_row_with_an_unknown_column_is_refused(mini_form):
    assert check(mini_form, "injections", [{"dose": "40 mg"}]) == (
        "Row 1 has an answer to a question that is not in this table."
    )


def test_messages_come_in_spanish_for_a_spanish_intake(mini_form):
    assert check(mini_form, "pain_now", 11, language="es") == "Elija un número del 0 al 10."
    assert (
        check(mini_form, "weight_lb", 10, language="es") == "Escriba un número de 50 a 800 libras."
    )


@pytest.mark.parametrize("value", [None, "", "   ", []])
def test_blank_answers_are_recognised(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", [False, 0, "x", ["a"]])
def test_no_and_zero_are_answers_not_blanks(value):
    assert not is_blank(value)


@pytest.mark.parametrize("address", ["ana@example.com", "ana.ruiz+clinic@mail.example.org"])
def test_an_email_address_that_looks_like_one_is_accepted(intake_form, address):
    assert check_answer(intake_form.item("email"), address, today=TODAY) is None


@pytest.mark.parametrize(
    "address", ["ana", "ana@", "ana@example", "ana example@x.com", "@example.com", "a@b@c.com"]
)
def test_an_email_address_that_is_not_one_says_what_it_should_look_like(intake_form, address):
    problem = check_answer(intake_form.item("email"), address, today=TODAY, language="es")
    assert problem == "Revise el correo electrónico. Debe ser como nombre@ejemplo.com."
