"""A loaded questionnaire: its definition plus an index of its items."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from intake_app.questionnaire.model import (
    Calculation,
    ChildItem,
    DisplayItem,
    FormDefinition,
    GroupItem,
    Item,
    Section,
)


@dataclass(frozen=True)
class ItemRef:
    """Where an item sits: its section and, for a group child, its group."""

    item: Item | ChildItem
    section: Section
    group: GroupItem | None = None

    @property
    def qualified_id(self) -> str:
        if self.group is None:
            return self.item.id
        return f"{self.group.id}.{self.item.id}"


@dataclass(frozen=True)
class Questionnaire:
    """One version of a form, ready to show and to check answers against."""

    definition: FormDefinition
    path: Path | None = None
    items: dict[str, ItemRef] = field(init=False, repr=False)
    calculations: dict[str, Calculation] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", dict(_index_items(self.definition)))
        calcs = {calc.id: calc for calc in self.definition.calculations}
        object.__setattr__(self, "calculations", calcs)

    def __repr__(self) -> str:
        return f"<Questionnaire {self.form_id} {self.version}>"

    @property
    def form_id(self) -> str:
        return self.definition.form

    @property
    def version(self) -> str:
        return self.definition.version

    @property
    def languages(self) -> list[str]:
        return self.definition.languages

    @property
    def sections(self) -> list[Section]:
        return self.definition.sections

    def top_level_items(self) -> Iterator[ItemRef]:
        """Items that take an answer of their own (groups included, display text not)."""
        for ref in self.items.values():
            if ref.group is None and not isinstance(ref.item, DisplayItem):
                yield ref

    def item(self, qualified_id: str) -> Item | ChildItem:
        return self.items[qualified_id].item


def _index_items(definition: FormDefinition) -> Iterator[tuple[str, ItemRef]]:
    for section in definition.sections:
        for item in section.items:
            yield item.id, ItemRef(item, section)
            if isinstance(item, GroupItem):
                for child in item.items:
                    ref = ItemRef(child, section, item)
                    yield ref.qualified_id, ref
