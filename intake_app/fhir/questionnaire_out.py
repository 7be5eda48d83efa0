"""A form as a FHIR R4 Questionnaire (``intake-app forms export-fhir``).

Sections are groups; a table (the app's group) is a repeated group whose questions are
named ``table.question`` (FHIR's linkIds are unique in the whole Questionnaire, and
that is how the app's own conditions name them). Texts are English with the other
languages as translation extensions; options are codings whose code is the value the
app stores. Calculated values are hidden read-only items, so a condition on the age
or the BMI names a question as FHIR expects. The nurse's flag rules ride along as
this app's own extension, one per rule, holding the rule's JSON.

What FHIR has no element for (a scale's labels, the months-only dates, "None of
these" options, a condition nested deeper than FHIR's one level) is found by reading
the standard Questionnaire back (``questionnaire_in``) and comparing: whatever did
not come back the same is kept exactly in this app's own extensions. An export
therefore always imports back as the same form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from intake_app.fhir import extensions as ext
from intake_app.fhir.canonical import questionnaire_url
from intake_app.fhir.enable_when import enable_when_out
from intake_app.fhir.questionnaire_in import questionnaire_to_form
from intake_app.fhir.texts import put_text
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    SIDES,
    ChildItem,
    Condition,
    GroupItem,
    Item,
    Option,
    Section,
)

_KIND_OF_TYPE = {
    "yes_no": "boolean",
    "single_choice": "coding",
    "multiple_choice": "coding",
    "joint_side": "coding",
    "scale": "integer",
    "date": "date",
    "short_text": "string",
    "long_text": "string",
}
_KIND_OF_CALCULATION = {
    "bmi": "decimal",
    "age_years": "integer",
    "days_since": "integer",
    "days_since_last": "integer",
    "form_language": "string",
}
_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)
_ITEM: TypeAdapter[Any] = TypeAdapter(Item)
_CHILD: TypeAdapter[Any] = TypeAdapter(ChildItem)


def questionnaire_to_fhir(questionnaire: Questionnaire, canonical_base: str) -> dict[str, Any]:
    """The form as a Questionnaire resource (JSON-ready), importing back as the same form.

    ``canonical_base`` is where the clinic publishes its forms ([fhir] canonical_base).
    """
    resource = _Writer(questionnaire, canonical_base).resource()
    read_back = questionnaire_to_form(resource, questionnaire.form_id).form
    _keep_what_fhir_loses(questionnaire, resource, read_back)
    return resource


class _Writer:
    def __init__(self, questionnaire: Questionnaire, canonical_base: str) -> None:
        self.q = questionnaire
        self.base = canonical_base
        self.primary = "en" if "en" in questionnaire.languages else questionnaire.languages[0]

    def resource(self) -> dict[str, Any]:
        definition = self.q.definition
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "language": self.primary,
            "url": questionnaire_url(self.base, self.q.form_id),
            "version": self.q.version,
            "name": "".join(part.capitalize() for part in re.split(r"[-_]", self.q.form_id)),
        }
        put_text(resource, "title", definition.title, self.primary)
        resource["status"] = definition.status
        form_extras = {"languages": definition.languages, "sources": definition.sources}
        resource["extension"] = [ext.json_extension(ext.FORM_EXTRAS, form_extras)] + [
            ext.json_extension(ext.FLAG_RULE, _json(rule)) for rule in definition.flags
        ]
        resource["item"] = [self._section(s) for s in definition.sections] + [
            self._calculation(c) for c in definition.calculations
        ]
        return resource

    def _section(self, section: Section) -> dict[str, Any]:
        element: dict[str, Any] = {"linkId": section.id}
        put_text(element, "text", section.title, self.primary)
        element["type"] = "group"
        self._condition(element, section.enable_when, None)
        element["item"] = [self._item(item, None) for item in section.items]
        return element

    def _item(self, item: Any, table: GroupItem | None) -> dict[str, Any]:
        link_id = f"{table.id}.{item.id}" if table else item.id
        element: dict[str, Any] = {"linkId": link_id}
        put_text(element, "text", item.text, self.primary)
        element.update(self._typed(item))
        if item.required:
            element["required"] = True
        self._condition(element, item.enable_when, table)
        children = (
            [self._item(child, item) for child in item.items]
            if table is None and isinstance(item, GroupItem)
            else []
        )
        if item.help:
            children.insert(0, self._help(link_id, item.help))
        if children:
            element["item"] = children
        return element

    def _typed(self, item: Any) -> dict[str, Any]:
        kind = item.type
        if kind in ("short_text", "long_text"):
            fhir_type = "string" if kind == "short_text" else "text"
            return {"type": fhir_type, "maxLength": item.max_length}
        if kind in ("single_choice", "multiple_choice"):
            typed = {"type": "choice", "answerOption": [self._option(o) for o in item.options]}
            return {**typed, "repeats": True} if kind == "multiple_choice" else typed
        if kind == "joint_side":
            options = [
                {
                    "valueCoding": {
                        "code": f"{joint}:{side}",
                        "display": f"{joint.capitalize()}, {side}",
                    }
                }
                for joint in item.joints
                for side in SIDES
            ]
            return {"type": "choice", "repeats": True, "answerOption": options}
        if kind in ("number", "scale"):
            return self._number(item)
        if kind == "group":
            return self._table(item)
        return {"type": {"yes_no": "boolean", "date": "date", "display": "display"}[kind]}

    def _number(self, item: Any) -> dict[str, Any]:
        whole = item.type == "scale" or item.integer
        typed: dict[str, Any] = {"type": "integer" if whole else "decimal"}
        value_key = "valueInteger" if whole else "valueDecimal"
        extensions = []
        if item.type == "scale":
            extensions.append(ext.item_control_extension("slider"))
        for url, bound in ((ext.MIN_VALUE, item.min), (ext.MAX_VALUE, item.max)):
            if bound is not None:
                extensions.append({"url": url, value_key: int(bound) if whole else bound})
        if item.type == "number" and item.unit:
            coding: dict[str, Any] = {"code": item.unit}
            if item.unit_text:
                put_text(coding, "display", item.unit_text, self.primary)
            extensions.append({"url": ext.UNIT, "valueCoding": coding})
        if extensions:
            typed["extension"] = extensions
        return typed

    def _table(self, group: GroupItem) -> dict[str, Any]:
        extensions: list[dict[str, Any]] = [{"url": ext.MAX_OCCURS, "valueInteger": group.max_rows}]
        if group.min_rows:
            extensions.insert(0, {"url": ext.MIN_OCCURS, "valueInteger": group.min_rows})
        return {"type": "group", "repeats": True, "extension": extensions}

    def _option(self, option: Option) -> dict[str, Any]:
        coding: dict[str, Any] = {"code": option.value}
        put_text(coding, "display", option.text, self.primary)
        if option.exclusive:
            exclusive = {"url": ext.OPTION_EXCLUSIVE, "valueBoolean": True}
            return {"extension": [exclusive], "valueCoding": coding}
        return {"valueCoding": coding}

    def _help(self, link_id: str, text: Mapping[str, str]) -> dict[str, Any]:
        element: dict[str, Any] = {"linkId": f"{link_id}-help"}
        put_text(element, "text", text, self.primary)
        element["type"] = "display"
        element["extension"] = [ext.item_control_extension("help")]
        return element

    def _calculation(self, calculation: Any) -> dict[str, Any]:
        element: dict[str, Any] = {"linkId": calculation.id}
        put_text(element, "text", calculation.text, self.primary)
        element["type"] = _KIND_OF_CALCULATION[calculation.kind]
        element["readOnly"] = True
        element["extension"] = [
            {"url": ext.HIDDEN, "valueBoolean": True},
            ext.json_extension(ext.CALCULATION, _json(calculation)),
        ]
        return element

    def _condition(self, element: dict[str, Any], condition: Any, table: GroupItem | None) -> None:
        if condition is None:
            return
        written = enable_when_out(
            _json(condition),
            lambda ref: self._answer_kind(ref, table),
            lambda ref: self._link_id(ref, table),
        )
        if written is not None:
            element.update(written)

    def _answer_kind(self, reference: str, table: GroupItem | None) -> str | None:
        if reference in self.q.calculations:
            return _KIND_OF_CALCULATION[self.q.calculations[reference].kind]
        item: Any = _sibling(table, reference) or (
            self.q.items[reference].item if reference in self.q.items else None
        )
        if item is None:
            return None
        if item.type == "number":
            return "integer" if item.integer else "decimal"
        return _KIND_OF_TYPE.get(item.type)

    def _link_id(self, reference: str, table: GroupItem | None) -> str:
        if table is not None and _sibling(table, reference) is not None:
            return f"{table.id}.{reference}"
        return reference


def _sibling(table: GroupItem | None, reference: str) -> Any:
    if table is None or "." in reference:
        return None
    return next((child for child in table.items if child.id == reference), None)


def _json(part: Any) -> Any:
    return part.model_dump(mode="json", by_alias=True, exclude_defaults=True)


# --- what the standard Questionnaire did not carry ------------------------------------


def _keep_what_fhir_loses(
    questionnaire: Questionnaire, resource: dict[str, Any], read_back: Mapping[str, Any]
) -> None:
    """Add this app's extensions wherever reading ``resource`` back gave something else."""
    elements = {e["linkId"]: e for e in _walk(resource["item"])}
    back_sections = {s["id"]: s for s in read_back.get("sections", [])}
    for section in questionnaire.sections:
        back = back_sections.get(section.id, {})
        _keep_condition(elements[section.id], section.enable_when, back.get("enable_when"))
        _keep_items(section.items, back.get("items", []), elements, None)


def _keep_items(
    items: list[Any], back_items: list[Any], elements: dict[str, Any], table: str | None
) -> None:
    back_by_id = {b.get("id"): b for b in back_items}
    for item in items:
        back = back_by_id.get(item.id, {})
        element = elements[f"{table}.{item.id}" if table else item.id]
        _keep_condition(element, item.enable_when, back.get("enable_when"))
        extras = _lost_keys(item, back, _CHILD if table else _ITEM)
        if extras:
            element.setdefault("extension", []).append(ext.json_extension(ext.ITEM_EXTRAS, extras))
        if isinstance(item, GroupItem):
            _keep_items(item.items, back.get("items", []), elements, item.id)


def _keep_condition(element: dict[str, Any], condition: Any, back: Any) -> None:
    original = None if condition is None else _CONDITION.dump_python(condition, mode="json")
    try:
        again = (
            None
            if back is None
            else _CONDITION.dump_python(_CONDITION.validate_python(back), mode="json")
        )
    except ValidationError:
        again = "not the same"
    if original != again:
        element.setdefault("extension", []).append(
            ext.json_extension(ext.EXACT_CONDITION, original)
        )


def _lost_keys(item: Any, back: Mapping[str, Any], adapter: TypeAdapter[Any]) -> dict[str, Any]:
    skip = {"id", "items", "enable_when"}
    original = item.model_dump(mode="json", by_alias=True, exclude=skip)
    try:
        again = adapter.validate_python(dict(back)).model_dump(
            mode="json", by_alias=True, exclude=skip
        )
    except ValidationError:
        again = {}
    if again.get("type") != original["type"]:
        return dict(original)
    return {key: value for key, value in original.items() if again.get(key) != value}


def _walk(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for element in elements:
        found.append(element)
        found += _walk(element.get("item", []))
    return found
