"""Checks on a form that the schema alone cannot make.

Duplicate ids, conditions or rules that name a missing item or compare it with a
value of the wrong type, cycles between conditions, calculations on the wrong
kind of item, missing translations (checked as for a consent, in
``form_files.translations``: every form offers English and Spanish, the two languages
staff can choose for a patient) and unknown sources. Each problem carries the line it
is about.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.form_files.placeholders import PLACEHOLDER
from intake_app.form_files.source import SourceProblem, line_of
from intake_app.form_files.translations import missing_translations
from intake_app.questionnaire.calculations import KILOGRAMS_PER_UNIT, METRES_PER_UNIT
from intake_app.questionnaire.conditions import tests_in
from intake_app.questionnaire.form import ItemRef, Questionnaire
from intake_app.questionnaire.model import (
    CLINIC_VALUES,
    JOINTS,
    SIDES,
    AnswerTest,
    BmiCalculation,
    Condition,
    DateItem,
    DaysSinceLastCalculation,
    DisplayItem,
    FormLanguageCalculation,
    GroupItem,
    JointSideItem,
    LongTextItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    ShortTextItem,
    SingleChoiceItem,
    YesNoItem,
)

Location = tuple[int | str, ...]


@dataclass(frozen=True)
class _Target:
    """What a condition's ``item`` names: its kind and, for choices, its option values."""

    kind: str
    options: frozenset[str] = frozenset()
    joints: frozenset[str] = frozenset()


_OPERATORS = {
    "yes_no": {"equals", "not_equals", "exists"},
    "choice": {"equals", "not_equals", "includes", "exists"},
    "number": {"equals", "not_equals", "greater", "less", "exists"},
    "date": {"equals", "not_equals", "greater", "less", "exists"},
    "text": {"equals", "not_equals", "includes", "exists"},
    "joint": {"equals", "not_equals", "includes", "exists"},
    "group": {"exists"},
}


class FormChecker:
    """Runs every semantic check on one questionnaire and collects the problems."""

    def __init__(self, questionnaire: Questionnaire, raw: Any, path: Path) -> None:
        self.questionnaire = questionnaire
        self.raw = raw
        self.path = path
        self.problems: list[SourceProblem] = []

    def run(self) -> list[SourceProblem]:
        self._check_ids()
        self.problems += missing_translations(self.raw, self.questionnaire.languages, self.path)
        self._check_items()
        self._check_calculations()
        self._check_flags()
        self._check_cycles()
        return sorted(self.problems, key=lambda p: p.line)

    def _add(self, location: Location, message: str) -> None:
        self.problems.append(SourceProblem(self.path, line_of(self.raw, location), message))

    # --- ids -------------------------------------------------------------------

    def _check_ids(self) -> None:
        seen: dict[str, str] = {}
        for location, kind, ident in self._named_parts():
            if ident in seen:
                self._add(
                    (*location, "id"), f"id '{ident}' is used twice ({seen[ident]} and {kind})"
                )
            seen.setdefault(ident, kind)
        self._check_unique(
            [(("flags", i, "id"), r.id) for i, r in enumerate(self.questionnaire.definition.flags)],
            "flag rule id",
        )

    def _named_parts(self) -> Iterator[tuple[Location, str, str]]:
        for s_index, section in enumerate(self.questionnaire.sections):
            yield ("sections", s_index), "a section", section.id
            for i_index, item in enumerate(section.items):
                location: Location = ("sections", s_index, "items", i_index)
                yield location, "an item", item.id
                if isinstance(item, GroupItem):
                    children = [
                        ((*location, "items", c, "id"), child.id)
                        for c, child in enumerate(item.items)
                    ]
                    self._check_unique(children, f"item id in group '{item.id}'")
                if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
                    self._check_options(location, item)
        for c_index, calc in enumerate(self.questionnaire.definition.calculations):
            yield ("calculations", c_index), "a calculation", calc.id

    def _check_options(self, location: Location, item: Any) -> None:
        values = [((*location, "options", n, "value"), o.value) for n, o in enumerate(item.options)]
        self._check_unique(values, f"option value in '{item.id}'")

    def _check_unique(self, entries: list[tuple[Location, str]], what: str) -> None:
        seen: set[str] = set()
        for location, value in entries:
            if value in seen:
                self._add(location, f"{what} '{value}' is used twice")
            seen.add(value)

    # --- items ---------------------------------------------------------------------------

    def _check_items(self) -> None:
        for s_index, section in enumerate(self.questionnaire.sections):
            base: Location = ("sections", s_index)
            self._check_condition(section.enable_when, (*base, "enable_when"), None)
            for i_index, item in enumerate(section.items):
                location: Location = (*base, "items", i_index)
                self._check_item(item, location, None)
                if isinstance(item, GroupItem):
                    for c_index, child in enumerate(item.items):
                        self._check_item(child, (*location, "items", c_index), item)

    def _check_item(self, item: Any, location: Location, group: GroupItem | None) -> None:
        self._check_condition(item.enable_when, (*location, "enable_when"), group)
        self._check_sources(item.sources, (*location, "sources"))
        if isinstance(item, DisplayItem) and item.required:
            self._add((*location, "required"), "display text cannot be required")
        if isinstance(item, (NumberItem, ScaleItem)) and _bad_range(item.min, item.max):
            self._add((*location, "max"), f"'{item.id}': max must be greater than min")
        if isinstance(item, GroupItem) and item.min_rows > item.max_rows:
            self._add((*location, "min_rows"), f"'{item.id}': min_rows is more than max_rows")
        self._check_clinic_value(item, location)

    def _check_clinic_value(self, item: Any, location: Location) -> None:
        """A text may show a clinic value only on an item asked when the clinic sets it."""
        for language, text in item.text.items():
            for name in PLACEHOLDER.findall(text):
                if name != item.clinic_value:
                    hint = (
                        f"add 'clinic_value: {name}'"
                        if name in CLINIC_VALUES
                        else f"known values: {', '.join(CLINIC_VALUES)}"
                    )
                    self._add(
                        (*location, "text", language), f"unknown placeholder '{{{name}}}' ({hint})"
                    )
        if item.clinic_value and not all(
            f"{{{item.clinic_value}}}" in text for text in item.text.values()
        ):
            self._add(
                (*location, "clinic_value"),
                f"'{item.id}' is asked only when the clinic sets {item.clinic_value}; "
                f"its text must show it as {{{item.clinic_value}}} in every language",
            )

    def _check_sources(self, sources: list[str], location: Location) -> None:
        known = self.questionnaire.definition.sources
        for index, source in enumerate(sources):
            if source not in known:
                self._add((*location, index), f"source '{source}' is not listed under 'sources'")

    # --- conditions ------------------------------------------------------------------------

    def _check_condition(
        self, condition: Condition | None, location: Location, group: GroupItem | None
    ) -> None:
        for test, test_location in tests_in(condition, location):
            target = self._target(test.item, group)
            if target is None:
                self._add((*test_location, "item"), self._unknown(test.item, group))
            else:
                self._check_test(test, target, test_location)

    def _unknown(self, reference: str, group: GroupItem | None) -> str:
        names = [
            k for k, r in self.questionnaire.items.items() if not isinstance(r.item, DisplayItem)
        ]
        names += list(self.questionnaire.calculations)
        if group is not None:
            names += [c.id for c in group.items]
        close = difflib.get_close_matches(reference, names, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return (
            f"condition names '{reference}', which is not an item or calculation of this form{hint}"
        )

    def _target(self, reference: str, group: GroupItem | None) -> _Target | None:
        if group is not None and "." not in reference:
            sibling = next((c for c in group.items if c.id == reference), None)
            if sibling is not None:
                return _target_of(sibling)
        calc = self.questionnaire.calculations.get(reference)
        if isinstance(calc, FormLanguageCalculation):
            return _Target("choice", frozenset(self.questionnaire.languages))
        if calc is not None:
            return _Target("number")
        ref: ItemRef | None = self.questionnaire.items.get(reference)
        return None if ref is None else _target_of(ref.item)

    def _check_test(self, test: AnswerTest, target: _Target, location: Location) -> None:
        if target.kind == "display":
            self._add((*location, "item"), f"'{test.item}' is display text and has no answer")
            return
        if test.operator not in _OPERATORS[target.kind]:
            allowed = ", ".join(sorted(_OPERATORS[target.kind]))
            message = f"operator '{test.operator}' does not apply to '{test.item}' (use {allowed})"
            self._add((*location, "operator"), message)
            return
        problem = _value_problem(test, target)
        if problem:
            self._add((*location, "value"), problem)

    # --- calculations -----------------------------------------------------------------------

    def _check_calculations(self) -> None:
        for index, calc in enumerate(self.questionnaire.definition.calculations):
            location: Location = ("calculations", index)
            if isinstance(calc, BmiCalculation):
                for n, part in enumerate(calc.height):
                    self._expect_unit(part, METRES_PER_UNIT, (*location, "height", n))
                self._expect_unit(calc.weight, KILOGRAMS_PER_UNIT, (*location, "weight"))
            elif isinstance(calc, DaysSinceLastCalculation):
                self._check_days_since_last(calc, location)
            elif not isinstance(calc, FormLanguageCalculation) and calc.date is not None:
                self._expect_item(calc.date, DateItem, (*location, "date"), "a date")

    def _expect_unit(self, reference: str, units: dict[str, float], location: Location) -> None:
        item = self._expect_item(reference, NumberItem, location, "a number")
        if isinstance(item, NumberItem) and item.unit not in units:
            wanted = ", ".join(units)
            self._add(location, f"'{reference}' has unit '{item.unit}'; BMI needs one of {wanted}")

    def _expect_item(self, reference: str, kind: type, location: Location, what: str) -> Any:
        ref = self.questionnaire.items.get(reference)
        if ref is None:
            self._add(location, f"'{reference}' is not an item of this form")
            return None
        if not isinstance(ref.item, kind):
            self._add(location, f"'{reference}' must be {what} item")
        return ref.item

    def _check_days_since_last(self, calc: DaysSinceLastCalculation, location: Location) -> None:
        group = self._expect_item(calc.group, GroupItem, (*location, "group"), "a group")
        if not isinstance(group, GroupItem):
            return
        self._expect_item(f"{group.id}.{calc.date}", DateItem, (*location, "date"), "a date")
        self._check_condition(calc.where, (*location, "where"), group)
        if calc.same_joint is not None:
            joint_loc: Location = (*location, "same_joint")
            row_item = f"{group.id}.{calc.same_joint.row_item}"
            self._expect_item(row_item, JointSideItem, (*joint_loc, "row_item"), "a joint_side")
            self._expect_item(
                calc.same_joint.as_item, JointSideItem, (*joint_loc, "as"), "a joint_side"
            )

    # --- flags -------------------------------------------------------------------------------

    def _check_flags(self) -> None:
        for index, rule in enumerate(self.questionnaire.definition.flags):
            location: Location = ("flags", index)
            self._check_condition(rule.when, (*location, "when"), None)
            self._check_sources(rule.sources, (*location, "sources"))
            for shown, reference in enumerate(rule.show):
                ref = self.questionnaire.items.get(reference)
                if ref is None or ref.group is not None or isinstance(ref.item, DisplayItem):
                    self._add(
                        (*location, "show", shown),
                        f"'{reference}' is not a question of this form (show names answers)",
                    )

    # --- cycles ---------------------------------------------------------------------------------

    def _check_cycles(self) -> None:
        graph = _dependency_graph(self.questionnaire)
        cycle = _find_cycle(graph)
        if cycle:
            start = cycle[0]
            location = self._location_of(start)
            self._add(
                location, "conditions depend on each other in a circle: " + " -> ".join(cycle)
            )

    def _location_of(self, node: str) -> Location:
        for s_index, section in enumerate(self.questionnaire.sections):
            if node == f"section:{section.id}":
                return ("sections", s_index)
            for i_index, item in enumerate(section.items):
                if node.split(".", maxsplit=1)[0] == item.id:
                    return ("sections", s_index, "items", i_index)
        return ()


def _target_of(item: Any) -> _Target:
    if isinstance(item, YesNoItem):
        return _Target("yes_no")
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        return _Target("choice", frozenset(o.value for o in item.options))
    if isinstance(item, (NumberItem, ScaleItem)):
        return _Target("number")
    if isinstance(item, DateItem):
        return _Target("date")
    if isinstance(item, (ShortTextItem, LongTextItem)):
        return _Target("text")
    if isinstance(item, JointSideItem):
        return _Target("joint", joints=frozenset(item.joints))
    if isinstance(item, GroupItem):
        return _Target("group")
    return _Target("display")


def _value_problem(test: AnswerTest, target: _Target) -> str | None:
    value, name = test.value, test.item
    if test.operator == "exists":
        ok = value is None or isinstance(value, bool)
        return None if ok else "'exists' takes true, false or no value"
    if value is None:
        return f"operator '{test.operator}' needs a value"
    checker = _VALUE_CHECKS[target.kind]
    return checker(value, target, name)


def _yes_no_value(value: Any, _target: _Target, name: str) -> str | None:
    return None if isinstance(value, bool) else f"'{name}' is yes/no: compare it with true or false"


def _choice_value(value: Any, target: _Target, name: str) -> str | None:
    if isinstance(value, str) and value in target.options:
        return None
    close = difflib.get_close_matches(str(value), sorted(target.options), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"'{value}' is not an option of '{name}'{hint}"


def _number_value(value: Any, _target: _Target, name: str) -> str | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return f"'{name}' is a number: compare it with a number, not '{value}'"
    if not math.isfinite(value):
        return f"'{name}' is a number: compare it with a finite number, not '{value}'"
    return None


def _date_value(value: Any, _target: _Target, name: str) -> str | None:
    if isinstance(value, dt.date):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"'{name}' is a date: compare it with a date like 2025-01-31"
    return None


def _text_value(value: Any, _target: _Target, name: str) -> str | None:
    return None if isinstance(value, str) else f"'{name}' is text: compare it with text"


def _joint_value(value: Any, target: _Target, name: str) -> str | None:
    joint, _, side = str(value).partition(":")
    if isinstance(value, str) and joint in target.joints and (not side or side in SIDES):
        return None
    return f"'{value}' is not a joint of '{name}' (use one of {', '.join(JOINTS)}, e.g. knee:left)"


_VALUE_CHECKS = {
    "yes_no": _yes_no_value,
    "choice": _choice_value,
    "number": _number_value,
    "date": _date_value,
    "text": _text_value,
    "joint": _joint_value,
}


def _bad_range(low: float | None, high: float | None) -> bool:
    return low is not None and high is not None and low >= high


def _references(condition: Condition | None, group: GroupItem | None = None) -> set[str]:
    """Graph nodes a condition depends on; row-scoped siblings as 'group.child'."""
    nodes = set()
    siblings = {c.id for c in group.items} if group else set()
    for test, _ in tests_in(condition, ()):
        if group is not None and test.item in siblings:
            nodes.add(f"{group.id}.{test.item}")
        else:
            nodes.add(test.item.split(".")[0])
    return nodes


def _dependency_graph(questionnaire: Questionnaire) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for section in questionnaire.sections:
        graph[f"section:{section.id}"] = _references(section.enable_when)
        for item in section.items:
            graph[item.id] = {f"section:{section.id}"} | _references(item.enable_when)
            if isinstance(item, GroupItem):
                for child in item.items:
                    graph[f"{item.id}.{child.id}"] = {item.id} | _references(
                        child.enable_when, item
                    )
    for calc in questionnaire.definition.calculations:
        graph[calc.id] = _calculation_inputs(calc)
    return graph


def _calculation_inputs(calc: Any) -> set[str]:
    if isinstance(calc, BmiCalculation):
        return {ref.split(".")[0] for ref in [*calc.height, calc.weight]}
    if isinstance(calc, DaysSinceLastCalculation):
        # ``where`` looks only inside the group's rows, so the group covers it.
        inputs = {calc.group}
        if calc.same_joint is not None:
            inputs.add(calc.same_joint.as_item.split(".")[0])
        return inputs
    if isinstance(calc, FormLanguageCalculation) or calc.date is None:
        return set()  # the form's language or the registered birth date: not answers
    return {calc.date.split(".")[0]}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A list of nodes forming a cycle (first node repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and nxt in graph:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in graph:
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None
