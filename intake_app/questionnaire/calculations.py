"""Calculated values: BMI, age, days since a date or since the last matching injection,
the form's language."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake_app.questionnaire.conditions import Answers, AnswerScope, holds
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    AgeCalculation,
    BmiCalculation,
    Calculation,
    DaysSinceCalculation,
    DaysSinceLastCalculation,
    FormLanguageCalculation,
    GroupItem,
    NumberItem,
)

METRES_PER_UNIT = {"m": 1.0, "cm": 0.01, "in": 0.0254, "ft": 0.3048}
KILOGRAMS_PER_UNIT = {"kg": 1.0, "lb": 0.45359237}
CalculatedValue = float | int | str | None
Calculated = dict[str, CalculatedValue]


@dataclass(frozen=True)
class IntakeFacts:
    """What an intake knows without asking the patient.

    ``birth_date``: the date of birth staff registered (the form never asks it again);
    ``language``: the language the form is answered in.
    """

    birth_date: dt.date | None = None
    language: str | None = None


def calculate(
    questionnaire: Questionnaire,
    answers: Answers,
    today: dt.date,
    facts: IntakeFacts | None = None,
) -> Calculated:
    """Every calculated value of the form; None where its answers are missing."""
    known = facts or IntakeFacts()
    results: Calculated = {}
    for calc in questionnaire.definition.calculations:
        results[calc.id] = _calculate_one(
            calc, questionnaire, answers, today, so_far=results, facts=known
        )
    return results


def _calculate_one(
    calc: Calculation,
    questionnaire: Questionnaire,
    answers: Answers,
    today: dt.date,
    *,
    so_far: Calculated,
    facts: IntakeFacts,
) -> CalculatedValue:
    if isinstance(calc, BmiCalculation):
        return _bmi(calc, questionnaire, answers)
    if isinstance(calc, FormLanguageCalculation):
        return facts.language
    if isinstance(calc, AgeCalculation):
        born = (
            facts.birth_date if calc.date is None else latest_possible_day(answers.get(calc.date))
        )
        return None if born is None else _whole_years(born, today)
    if isinstance(calc, DaysSinceCalculation):
        return days_between(latest_possible_day(answers.get(calc.date)), today)
    scope = AnswerScope(questionnaire, answers, so_far)
    return _days_since_last(calc, questionnaire, scope, today)


def _bmi(calc: BmiCalculation, questionnaire: Questionnaire, answers: Answers) -> float | None:
    height = _measure(calc.height, questionnaire, answers, METRES_PER_UNIT)
    weight = _measure([calc.weight], questionnaire, answers, KILOGRAMS_PER_UNIT)
    if height is None or weight is None or height <= 0:
        return None
    return round(weight / (height * height), 1)


def _measure(
    parts: list[str], questionnaire: Questionnaire, answers: Answers, factors: Mapping[str, float]
) -> float | None:
    """Sum the parts in base units; None unless every part is answered."""
    total = 0.0
    for part in parts:
        value = answers.get(part)
        item = questionnaire.item(part)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        if not isinstance(item, NumberItem) or item.unit is None or item.unit not in factors:
            return None
        total += value * factors[item.unit]
    return total


def _days_since_last(
    calc: DaysSinceLastCalculation, questionnaire: Questionnaire, scope: AnswerScope, today: dt.date
) -> int | None:
    group = questionnaire.item(calc.group)
    if not isinstance(group, GroupItem):
        return None
    dates = [
        latest_possible_day(row.get(calc.date))
        for row in scope.answers.get(calc.group) or []
        if _row_counts(calc, group, row, scope)
    ]
    known = [d for d in dates if d is not None]
    return days_between(max(known), today) if known else None


def _row_counts(
    calc: DaysSinceLastCalculation, group: GroupItem, row: Mapping[str, Any], scope: AnswerScope
) -> bool:
    if not holds(calc.where, scope.in_row(group, row)):
        return False
    if calc.same_joint is None:
        return True
    row_joints = set(row.get(calc.same_joint.row_item) or [])
    treated = set(scope.answers.get(calc.same_joint.as_item) or [])
    return bool(row_joints & treated)


def latest_possible_day(value: Any) -> dt.date | None:
    """The date an answer stands for; a month-only answer counts as the month's last day."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def days_between(earlier: dt.date | None, today: dt.date) -> int | None:
    if earlier is None:
        return None
    return max(0, (today - earlier).days)


def _whole_years(born: dt.date, today: dt.date) -> int:
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - int(before_birthday)
