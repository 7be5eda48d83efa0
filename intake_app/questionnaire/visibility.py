"""Which items are shown, and removing answers to items that are hidden.

An answer to a hidden item is never part of the intake: a patient who answers
"yes" to blood thinners, names one, then changes to "no" has only "no" among the
intake's answers, on the review page and in the chart. The audit trail still
records that the name was given and then removed, with its value, on purpose:
record changes must not obscure earlier values (21 CFR 11.10(e)). Hiding one item
can hide others that depend on it, so pruning repeats until nothing changes (the
form check forbids cycles, so this ends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake_app.questionnaire.calculations import Calculated, IntakeFacts, calculate
from intake_app.questionnaire.conditions import Answers, AnswerScope, holds
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import ChildItem, GroupItem, Item, Section


@dataclass(frozen=True)
class IntakeView:
    """The answers that count, with the calculated values and what is shown."""

    answers: dict[str, Any]
    calculated: Calculated
    visible_sections: frozenset[str]
    visible_items: frozenset[str]

    def scope(self, questionnaire: Questionnaire) -> AnswerScope:
        return AnswerScope(questionnaire, self.answers, self.calculated)


def resolve(
    questionnaire: Questionnaire,
    answers: Answers,
    today: dt.date,
    facts: IntakeFacts | None = None,
) -> IntakeView:
    """Prune hidden answers until stable and report what the patient sees.

    ``facts``: the registered birth date and the form's language, for calculations.
    """
    current = dict(answers)
    for _ in range(len(questionnaire.items) + 2):
        view = _view(questionnaire, current, today, facts)
        if view.answers == current:
            return view
        current = view.answers
    raise RuntimeError("form conditions do not settle; run 'intake-app forms check'")


def _view(
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    today: dt.date,
    facts: IntakeFacts | None,
) -> IntakeView:
    calculated = calculate(questionnaire, answers, today, facts)
    scope = AnswerScope(questionnaire, answers, calculated)
    sections = frozenset(s.id for s in questionnaire.sections if holds(s.enable_when, scope))
    items = frozenset(
        ref.item.id
        for ref in questionnaire.items.values()
        if ref.group is None and ref.section.id in sections and holds(ref.item.enable_when, scope)
    )
    kept = {
        item_id: _prune_rows(questionnaire, item_id, value, scope)
        for item_id, value in answers.items()
        if item_id in items
    }
    return IntakeView(kept, calculated, sections, items)


def _prune_rows(questionnaire: Questionnaire, item_id: str, value: Any, scope: AnswerScope) -> Any:
    group = questionnaire.item(item_id)
    if not isinstance(group, GroupItem) or not isinstance(value, list):
        return value
    return [_prune_row(group, row, scope) for row in value if isinstance(row, Mapping)]


def _prune_row(group: GroupItem, row: Mapping[str, Any], scope: AnswerScope) -> dict[str, Any]:
    row_scope = scope.in_row(group, row)
    shown = {child.id for child in group.items if holds(child.enable_when, row_scope)}
    return {key: val for key, val in row.items() if key in shown}


def visible_row_children(
    questionnaire: Questionnaire, view: IntakeView, group: GroupItem, row: Mapping[str, Any]
) -> list[ChildItem]:
    """The children of a group row that are shown, in form order."""
    scope = view.scope(questionnaire).in_row(group, row)
    return [c for c in group.items if holds(c.enable_when, scope)]


def visible_items_of(section: Section, view: IntakeView) -> list[Item]:
    """A section's shown items in form order (display text included)."""
    if section.id not in view.visible_sections:
        return []
    return [item for item in section.items if item.id in view.visible_items]
