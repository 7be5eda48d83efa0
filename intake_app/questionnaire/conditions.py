"""Evaluating conditions (enable_when, flag rules) against answers.

The semantics follow FHIR enableWhen: a reference yields the list of its
answers (one for a plain item, several for a multiple choice, a joint list or a
group child across rows) and a test holds when any of them satisfies it. A test
on an item with no answer is false, except ``exists: false``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    ConditionValue,
    GroupItem,
    JointSideItem,
    LongTextItem,
    ShortTextItem,
)

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Outcome:
    """Whether a condition holds, and which references made it hold."""

    holds: bool
    triggers: tuple[str, ...] = ()


_FALSE = Outcome(False)


@dataclass(frozen=True)
class AnswerScope:
    """Everything a condition may look at: answers, calculated values, the current row."""

    questionnaire: Questionnaire
    answers: Answers
    calculated: Mapping[str, float | int | str | None]
    group: GroupItem | None = None
    row: Mapping[str, Any] | None = None

    def in_row(self, group: GroupItem, row: Mapping[str, Any]) -> AnswerScope:
        return AnswerScope(self.questionnaire, self.answers, self.calculated, group, row)

    def values_of(self, reference: str) -> tuple[str, list[Any]]:
        """The kind of answer (``text``, ``joint`` or ``value``) and its values."""
        if self.group is not None and self.row is not None and "." not in reference:
            child = _child(self.group, reference)
            if child is not None:
                return _kind(child), _as_list(self.row.get(reference))
        if reference in self.calculated:
            return "value", _as_list(self.calculated[reference])
        ref = self.questionnaire.items.get(reference)
        if ref is None:
            return "value", []
        if ref.group is not None:
            rows = self.answers.get(ref.group.id) or []
            values = [v for row in rows for v in _as_list(row.get(ref.item.id))]
            return _kind(ref.item), values
        return _kind(ref.item), _as_list(self.answers.get(reference))


def evaluate(condition: Condition, scope: AnswerScope) -> Outcome:
    """Evaluate a condition; the outcome names the references that made it true."""
    if isinstance(condition, AllOf):
        outcomes = [evaluate(part, scope) for part in condition.all]
        if all(o.holds for o in outcomes):
            return Outcome(True, _merge(outcomes))
        return _FALSE
    if isinstance(condition, AnyOf):
        outcomes = [o for o in (evaluate(part, scope) for part in condition.any) if o.holds]
        return Outcome(True, _merge(outcomes)) if outcomes else _FALSE
    return _evaluate_test(condition, scope)


def tests_in(
    condition: Condition | None, location: tuple[int | str, ...] = ()
) -> Iterator[tuple[AnswerTest, tuple[int | str, ...]]]:
    """Every single test in a condition, with where it sits in the condition."""
    if condition is None:
        return
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        for index, part in enumerate(parts):
            yield from tests_in(part, (*location, key, index))
    else:
        yield condition, location


def holds(condition: Condition | None, scope: AnswerScope) -> bool:
    """True when there is no condition or the condition holds."""
    return condition is None or evaluate(condition, scope).holds


def _evaluate_test(test: AnswerTest, scope: AnswerScope) -> Outcome:
    kind, values = scope.values_of(test.item)
    if apply_operator(test, kind, values):
        return Outcome(True, (test.item,))
    return _FALSE


def apply_operator(test: AnswerTest, kind: str, values: list[Any]) -> bool:
    """Apply one operator to a reference's values."""
    if test.operator == "exists":
        wanted = test.value is not False
        return bool(values) == wanted
    if not values:
        return False
    if test.operator == "not_equals":
        return not any(_equal(v, test.value) for v in values)
    return any(_satisfies(test.operator, kind, v, test.value) for v in values)


def _satisfies(operator: str, kind: str, answer: Any, value: ConditionValue) -> bool:
    if operator == "equals":
        return _equal(answer, value)
    if operator == "includes":
        return _includes(kind, answer, value)
    left, right = _comparable(answer), _comparable(value)
    if isinstance(left, float) and isinstance(right, float):
        return left > right if operator == "greater" else left < right
    if isinstance(left, dt.date) and isinstance(right, dt.date):
        return left > right if operator == "greater" else left < right
    return False


def _equal(answer: Any, value: ConditionValue) -> bool:
    if isinstance(answer, bool) or isinstance(value, bool):
        return answer is value
    left, right = _comparable(answer), _comparable(value)
    if left is not None and right is not None:
        return left == right
    return bool(answer == value)


def _includes(kind: str, answer: Any, value: ConditionValue) -> bool:
    if not isinstance(value, str) or not isinstance(answer, str):
        return _equal(answer, value)
    if kind == "joint":
        return answer == value or answer.split(":", 1)[0] == value
    if kind == "text":
        return value.casefold() in answer.casefold()
    return answer == value


def _comparable(value: Any) -> float | dt.date | None:
    """Numbers as floats and dates as dates; anything else is not ordered."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def parse_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` (the first of the month), else None."""
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _child(group: GroupItem, child_id: str) -> Any:
    return next((c for c in group.items if c.id == child_id), None)


def _kind(item: Any) -> str:
    if isinstance(item, JointSideItem):
        return "joint"
    if isinstance(item, (ShortTextItem, LongTextItem)):
        return "text"
    return "value"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def _merge(outcomes: list[Outcome]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for outcome in outcomes:
        seen.update(dict.fromkeys(outcome.triggers))
    return tuple(seen)
