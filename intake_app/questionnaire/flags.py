"""Flag rules: which answers the nurse must look at, worst first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake_app.questionnaire.conditions import evaluate
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.questionnaire.visibility import IntakeView


@dataclass(frozen=True)
class TriggeringAnswer:
    """An answer (or calculated value) that made a rule fire."""

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


def raise_flags(questionnaire: Questionnaire, view: IntakeView) -> list[RaisedFlag]:
    """Evaluate every flag rule; ``stop`` first, then ``review``, then ``note``."""
    scope = view.scope(questionnaire)
    raised = []
    for rule in questionnaire.definition.flags:
        outcome = evaluate(rule.when, scope)
        if outcome.holds:
            triggers = tuple(
                TriggeringAnswer(ref, _value_of(ref, view)) for ref in outcome.triggers
            )
            flag = RaisedFlag(rule.id, rule.severity, rule.message, tuple(rule.sources), triggers)
            raised.append(flag)
    return sorted(raised, key=lambda f: SEVERITY_ORDER[f.severity])


def _value_of(reference: str, view: IntakeView) -> Any:
    if reference in view.calculated:
        return view.calculated[reference]
    group_id, _, child_id = reference.partition(".")
    if child_id:
        rows = view.answers.get(group_id) or []
        return [row.get(child_id) for row in rows if row.get(child_id) is not None]
    return view.answers.get(reference)
