"""Flag rules: which answers the nurse must look at, worst first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake_app.questionnaire.conditions import AnswerScope, apply_operator, evaluate, tests_in
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import SEVERITY_ORDER, Condition, HoldPoint
from intake_app.questionnaire.visibility import IntakeView


@dataclass(frozen=True)
class TriggeringAnswer:
    """An answer (or calculated value) that made a rule fire.

    For a question inside a table (``allergies.allergy_substance``) the value is the
    list of whole rows that made it fire, so the nurse sees the reaction with the
    substance, the product and date with the injection.
    """

    reference: str
    value: Any


@dataclass(frozen=True)
class RaisedFlag:
    """A rule that fired for this intake."""

    rule_id: str
    severity: str
    message: str
    sources: tuple[str, ...]
    triggers: tuple[TriggeringAnswer, ...]
    hold: HoldPoint | None = None  # where the patient waits for staff because of it


def raise_flags(questionnaire: Questionnaire, view: IntakeView) -> list[RaisedFlag]:
    """Evaluate every flag rule; ``stop`` first, then ``review``, then ``note``."""
    scope = view.scope(questionnaire)
    raised = []
    for rule in questionnaire.definition.flags:
        outcome = evaluate(rule.when, scope)
        if outcome.holds:
            triggers = tuple(
                TriggeringAnswer(ref, _value_of(ref, rule.when, scope)) for ref in outcome.triggers
            ) + _shown_with(rule.show, outcome.triggers, view)
            flag = RaisedFlag(
                rule.id,
                rule.severity,
                rule.message,
                tuple(rule.sources),
                triggers,
                rule.hold_point,
            )
            raised.append(flag)
    return sorted(raised, key=lambda f: SEVERITY_ORDER[f.severity])


def _shown_with(
    references: list[str], triggers: tuple[str, ...], view: IntakeView
) -> tuple[TriggeringAnswer, ...]:
    """The answers a rule shows with its flag (a date, details), where the patient gave them."""
    return tuple(
        TriggeringAnswer(ref, view.answers[ref])
        for ref in references
        if ref not in triggers and view.answers.get(ref) not in (None, "", [])
    )


def _value_of(reference: str, when: Condition, scope: AnswerScope) -> Any:
    if reference in scope.calculated:
        return scope.calculated[reference]
    group_id, _, child_id = reference.partition(".")
    if not child_id:
        return scope.answers.get(reference)
    rows = scope.answers.get(group_id) or []
    return [row for row in rows if _row_fires(reference, child_id, row, when, scope)]


def _row_fires(
    reference: str, child_id: str, row: dict[str, Any], when: Condition, scope: AnswerScope
) -> bool:
    """Whether this row's answer satisfies one of the rule's tests on ``reference``."""
    kind, _ = scope.values_of(reference)
    cell = row.get(child_id)
    values = [] if cell is None else cell if isinstance(cell, list) else [cell]
    return any(
        apply_operator(test, kind, values) for test, _ in tests_in(when) if test.item == reference
    )
