"""Wizard pages: one section per page, long sections split.

Pages are cut from the form alone (not from the answers), so a page id such as
``health_history`` or ``joint_pain-2`` stays the same while the patient answers
and after a restart. A follow-up question always stays on the page of the
question it depends on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    AllOf,
    AnyOf,
    Condition,
    Item,
    Section,
)
from intake_app.questionnaire.visibility import IntakeView

PAGE_BUDGET = 9
_WEIGHTS = {"group": 4, "joint_side": 4, "long_text": 2, "scale": 2, "multiple_choice": 2}


@dataclass(frozen=True)
class Page:
    """Part ``part`` of ``parts`` of one section."""

    id: str
    section: Section
    items: tuple[Item, ...]
    part: int = 1
    parts: int = 1


def all_pages(questionnaire: Questionnaire) -> list[Page]:
    """Every page of the form, in order, whatever the answers."""
    pages: list[Page] = []
    for section in questionnaire.sections:
        chunks = _split(section)
        for number, chunk in enumerate(chunks, start=1):
            page_id = section.id if number == 1 else f"{section.id}-{number}"
            pages.append(Page(page_id, section, tuple(chunk), number, len(chunks)))
    return pages


def visible_pages(questionnaire: Questionnaire, view: IntakeView) -> list[Page]:
    """The pages the patient sees now: their section is shown and one item is."""
    return [
        page
        for page in all_pages(questionnaire)
        if page.section.id in view.visible_sections
        and any(item.id in view.visible_items for item in page.items)
    ]


def _split(section: Section) -> list[list[Item]]:
    chunks: list[list[Item]] = [[]]
    weight = 0
    for cluster in _clusters(section.items):
        cluster_weight = sum(_WEIGHTS.get(item.type, 1) for item in cluster)
        if chunks[-1] and weight + cluster_weight > PAGE_BUDGET:
            chunks.append([])
            weight = 0
        chunks[-1].extend(cluster)
        weight += cluster_weight
    return chunks


def _clusters(items: list[Item]) -> Iterator[list[Item]]:
    """Runs of items where each follow-up names an item earlier in the run."""
    cluster: list[Item] = []
    for item in items:
        names = {i.id for i in cluster}
        if cluster and not (_references(item.enable_when) & names):
            yield cluster
            cluster = []
        cluster.append(item)
    if cluster:
        yield cluster


def _references(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    if isinstance(condition, AllOf):
        return set().union(*(_references(c) for c in condition.all))
    if isinstance(condition, AnyOf):
        return set().union(*(_references(c) for c in condition.any))
    return {condition.item.split(".")[0]}
