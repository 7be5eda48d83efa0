"""Calculated values the nurse relies on: BMI, age, days since an injection."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.questionnaire.calculations import IntakeFacts, calculate
from tests.conftest import TODAY


def test_bmi_from_feet_inches_and_pounds(mini_form):
    # 5 ft 9 in, 180 lb is a BMI of 26.6 (CDC adult BMI calculator).
    values = calculate(mini_form, {"height_ft": 5, "height_in": 9, "weight_lb": 180}, TODAY)
    assert values["bmi"] == 26.6


def test_bmi_is_not_guessed_when_part_of_the_height_is_missing(mini_form):
    assert calculate(mini_form, {"height_ft": 5, "weight_lb": 180}, TODAY)["bmi"] is None


@given(feet=st.integers(3, 8), inches=st.integers(0, 11), pounds=st.floats(50, 800))
def test_bmi_rises_with_weight(mini_form, feet, inches, pounds):
    lighter = calculate(
        mini_form, {"height_ft": feet, "height_in": inches, "weight_lb": pounds}, TODAY
    )
    heavier = calculate(
        mini_form, {"height_ft": feet, "height_in": inches, "weight_lb": pounds + 10}, TODAY
    )
    assert heavier["bmi"] > lighter["bmi"]


@pytest.mark.parametrize(
    ("born", "age"), [("1960-11-25", 66), ("1960-11-26", 65), ("2000-02-29", 26)]
)
def test_age_counts_whole_years_up_to_today(mini_form, born, age):
    assert calculate(mini_form, {"date_of_birth": born}, TODAY)["age"] == age


def injections(*rows):
    return {"target_joints": ["knee:left"], "injections": list(rows)}


def test_days_since_the_most_recent_steroid_injection_in_the_treated_joint(mini_form):
    answers = injections(
        {"kind": "steroid", "joints": ["knee:left"], "when": "2025-01"},
        {"kind": "steroid", "joints": ["knee:left"], "when": "2026-09"},
    )
    # A month-only date counts from the month's last day: 2026-09-30 to 2026-11-25.
    assert calculate(mini_form, answers, TODAY)["days_since_steroid"] == 56


def test_injections_into_another_joint_or_of_another_kind_do_not_count(mini_form):
    answers = injections(
        {"kind": "steroid", "joints": ["knee:right"], "when": "2026-10"},
        {"kind": "other", "joints": ["knee:left"], "when": "2026-10"},
    )
    assert calculate(mini_form, answers, TODAY)["days_since_steroid"] is None


def test_age_comes_from_the_registered_birth_date_when_the_form_does_not_ask_it(intake_form):
    # The shipped form never asks the birth date again: staff registered it.
    facts = IntakeFacts(birth_date=dt.date(2008, 11, 26), language="en")
    assert calculate(intake_form, {}, TODAY, facts)["age"] == 17
    assert calculate(intake_form, {}, TODAY)["age"] is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_language_is_a_value_rules_can_compare(intake_form, language):
    facts = IntakeFacts(language=language)
    assert calculate(intake_form, {}, TODAY, facts)["form_language"] == language
