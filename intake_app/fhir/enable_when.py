"""Conditions both ways: the app's ``enable_when`` and FHIR's ``enableWhen`` + ``enableBehavior``.

FHIR joins one level of tests with ``all`` or ``any``; the app nests them. A test maps
operator by operator (``equals`` is ``=``, ``greater`` is ``>``...); FHIR's ``>=`` and
``<=`` become "greater (or less) or equal" with ``any``. What FHIR cannot say (nested
conditions, ``includes`` on text or joints) the export keeps exactly in an extension
of its own beside the nearest FHIR form, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_OPERATOR_OUT = {
    "equals": "=",
    "not_equals": "!=",
    "greater": ">",
    "less": "<",
    "includes": "=",
}
_OPERATOR_IN = {"=": "equals", "!=": "not_equals", ">": "greater", "<": "less"}
_OR_EQUAL = {">=": "greater", "<=": "less"}

# How an answer is written in FHIR, by what the question takes.
ANSWER_KEYS = {
    "boolean": "answerBoolean",
    "coding": "answerCoding",
    "integer": "answerInteger",
    "decimal": "answerDecimal",
    "date": "answerDate",
    "string": "answerString",
}


# --- Out: the app's condition as FHIR ---------------------------------------------


def enable_when_out(
    condition: Mapping[str, Any],
    answer_kind: Callable[[str], str | None],
    link_id: Callable[[str], str],
) -> dict[str, Any] | None:
    """``{enableWhen: [...], enableBehavior: ...}`` for a condition; None if FHIR cannot say it.

    ``condition`` is the condition as JSON; ``answer_kind`` tells what a reference's
    answer is (a key of ``ANSWER_KEYS``); ``link_id`` names the question in FHIR.
    """
    for behavior in ("all", "any"):
        if behavior in condition:
            tests = [_test_out(part, answer_kind, link_id) for part in condition[behavior]]
            if any(test is None for test in tests):
                return None
            return {"enableWhen": tests, "enableBehavior": behavior}
    test = _test_out(condition, answer_kind, link_id)
    return None if test is None else {"enableWhen": [test]}


def _test_out(
    test: Mapping[str, Any], answer_kind: Callable[[str], str | None], link_id: Callable[[str], str]
) -> dict[str, Any] | None:
    if "item" not in test:
        return None  # a nested all/any
    question, value = link_id(test["item"]), test.get("value")
    if test["operator"] == "exists":
        return {"question": question, "operator": "exists", "answerBoolean": value is not False}
    answer = _answer_out(answer_kind(test["item"]), value)
    if answer is None:
        return None
    return {"question": question, "operator": _OPERATOR_OUT[test["operator"]], **answer}


def _answer_out(kind: str | None, value: Any) -> dict[str, Any] | None:
    if kind is None or value is None:
        return None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean" and isinstance(value, bool):
        return {"answerBoolean": value}
    if kind == "coding" and isinstance(value, str):
        return {"answerCoding": {"code": value}}
    if kind == "integer" and number and float(value).is_integer():
        return {"answerInteger": int(value)}
    if kind in ("integer", "decimal") and number:
        return {"answerDecimal": value}
    if kind == "date" and isinstance(value, (str, dt.date)):
        return {"answerDate": value.isoformat() if isinstance(value, dt.date) else value}
    if kind == "string" and isinstance(value, str):
        return {"answerString": value}
    return None


# --- In: FHIR's enableWhen as the app's condition ----------------------------------


@dataclass(frozen=True)
class Question:
    """What a condition needs to know of the question it tests."""

    reference: str  # as the app names it from where the condition is
    codes: Mapping[str, str] = field(default_factory=dict)  # FHIR code -> option value


@dataclass
class ConditionIn:
    """A condition read from FHIR, or the reasons it could not be."""

    condition: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)


def enable_when_in(
    item: Mapping[str, Any], question: Callable[[str], Question | None]
) -> ConditionIn:
    """The app's condition for a FHIR item's ``enableWhen`` (None when it has none)."""
    result = ConditionIn()
    parts = []
    for when in item.get("enableWhen") or []:
        part = _test_in(when, question, result.problems)
        if part is not None:
            parts.append(part)
    if result.problems or not parts:
        return result
    if len(parts) == 1:
        result.condition = parts[0]
    else:
        behavior = "any" if item.get("enableBehavior") == "any" else "all"
        result.condition = {behavior: parts}
    return result


def _test_in(
    when: Mapping[str, Any], question: Callable[[str], Question | None], problems: list[str]
) -> dict[str, Any] | None:
    link_id, operator = when.get("question"), when.get("operator")
    target = question(link_id) if isinstance(link_id, str) else None
    if target is None:
        problems.append(f"enableWhen names a question that is not in the form ('{link_id}')")
        return None
    value, ok = _answer_in(when, target)
    if not ok:
        problems.append(f"enableWhen on '{link_id}' has an answer the app cannot compare")
        return None
    if operator == "exists":
        return {"item": target.reference, "operator": "exists", "value": value is not False}
    if operator in _OPERATOR_IN:
        return {"item": target.reference, "operator": _OPERATOR_IN[operator], "value": value}
    if operator in _OR_EQUAL:
        tests = [_OR_EQUAL[operator], "equals"]
        return {"any": [{"item": target.reference, "operator": o, "value": value} for o in tests]}
    problems.append(f"enableWhen on '{link_id}' has an unknown operator '{operator}'")
    return None


def _answer_in(when: Mapping[str, Any], target: Question) -> tuple[Any, bool]:
    """The value a FHIR enableWhen compares with, and whether the app can compare it."""
    for key in ("answerBoolean", "answerInteger", "answerDecimal", "answerDate", "answerString"):
        if key in when:
            return when[key], True
    if "answerDateTime" in when:
        return str(when["answerDateTime"])[:10], True
    if "answerCoding" in when:
        code = when["answerCoding"].get("code")
        return target.codes.get(code, code), isinstance(code, str)
    if "answerQuantity" in when:
        value = when["answerQuantity"].get("value")
        return value, isinstance(value, (int, float))
    return None, False
