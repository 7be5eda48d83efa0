"""Which required answers are still missing.

An intake is never "completed" without every required answer of every shown
item; hidden items are never required.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.questionnaire.answers import is_blank, message
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import DisplayItem, GroupItem, Item, Section
from intake_app.questionnaire.visibility import IntakeView, visible_items_of, visible_row_children


@dataclass(frozen=True)
class MissingAnswer:
    """A required answer that is missing; ``row`` counts from 1 for group rows."""

    item_id: str
    problem: str
    row: int | None = None
    child_id: str | None = None


def missing_answers(
    questionnaire: Questionnaire,
    view: IntakeView,
    *,
    section: Section | None = None,
    language: str = "en",
) -> list[MissingAnswer]:
    """Missing required answers in one section, or in the whole form."""
    sections = [section] if section is not None else questionnaire.sections
    missing: list[MissingAnswer] = []
    for part in sections:
        for item in visible_items_of(part, view):
            missing.extend(_missing_for(questionnaire, view, item, language))
    return missing


def _missing_for(
    questionnaire: Questionnaire, view: IntakeView, item: Item, language: str
) -> list[MissingAnswer]:
    if isinstance(item, DisplayItem):
        return []
    value = view.answers.get(item.id)
    if isinstance(item, GroupItem):
        return _missing_in_group(questionnaire, view, item, value or [], language)
    if item.required and is_blank(value):
        return [MissingAnswer(item.id, message("required", language))]
    return []


def _missing_in_group(
    questionnaire: Questionnaire,
    view: IntakeView,
    group: GroupItem,
    rows: list[dict[str, object]],
    language: str,
) -> list[MissingAnswer]:
    fewest = max(group.min_rows, 1 if group.required else 0)
    if len(rows) < fewest:
        return [MissingAnswer(group.id, message("min_rows", language, min=fewest))]
    missing = []
    for number, row in enumerate(rows, start=1):
        for child in visible_row_children(questionnaire, view, group, row):
            if child.required and is_blank(row.get(child.id)):
                text = message("required", language)
                missing.append(MissingAnswer(group.id, text, number, child.id))
    return missing
