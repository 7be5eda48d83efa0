"""A JSON skeleton of one intake, for writing an answers file by hand or by script.

``answers`` has every item that takes an answer, set to null (a group to an
empty list). ``guide`` says, per item, its type, whether it is required, its
allowed options or range, and when it is shown; it is ignored on input.
"""

from __future__ import annotations

from typing import Any

from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    ChildItem,
    DateItem,
    GroupItem,
    Item,
    JointSideItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    SingleChoiceItem,
    YesNoItem,
)

PATIENT_FIELDS = {
    "given_names": "text, required",
    "family_name": "text, required",
    "date_of_birth": "YYYY-MM-DD, required",
    "mrn": "text or null: the chart's medical record number",
}


def intake_template(questionnaire: Questionnaire, language: str = "en") -> dict[str, Any]:
    """The skeleton as a JSON-ready dict."""
    answers: dict[str, Any] = {}
    guide: dict[str, Any] = {}
    for ref in questionnaire.top_level_items():
        item = ref.item
        answers[item.id] = [] if isinstance(item, GroupItem) else None
        guide[item.id] = describe_item(item, language) | {"section": ref.section.id}
    return {
        "form": questionnaire.form_id,
        "version": questionnaire.version,
        "language": language,
        "patient": dict.fromkeys(PATIENT_FIELDS, None),
        "answers": answers,
        "guide": {"patient": PATIENT_FIELDS, "answers": guide},
    }


def describe_item(item: Item | ChildItem, language: str) -> dict[str, Any]:
    """Type, requirement, allowed values and condition of one item."""
    entry: dict[str, Any] = {
        "type": item.type,
        "required": item.required,
        "text": localized(item.text, language),
    }
    entry.update(_allowed(item, language))
    if item.enable_when is not None:
        entry["shown_when"] = item.enable_when.model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
    return entry


def _allowed(item: Item | ChildItem, language: str) -> dict[str, Any]:
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        return {"options": [o.value for o in item.options]}
    if isinstance(item, YesNoItem):
        return {"options": [True, False]}
    if isinstance(item, NumberItem):
        limits = {"unit": item.unit, "min": item.min, "max": item.max, "integer": item.integer}
        return {k: v for k, v in limits.items() if v is not None}
    if isinstance(item, ScaleItem):
        return {"min": item.min, "max": item.max}
    if isinstance(item, DateItem):
        return {"format": "YYYY-MM" if item.precision == "month" else "YYYY-MM-DD"}
    if isinstance(item, JointSideItem):
        return {
            "options": [f"{joint}:{side}" for joint in item.joints for side in ("left", "right")]
        }
    if isinstance(item, GroupItem):
        row = {
            child.id: describe_item(child, language)
            for child in item.items
            if child.type != "display"
        }
        return {"min_rows": item.min_rows, "max_rows": item.max_rows, "row": row}
    return {"max_length": getattr(item, "max_length", None)} if hasattr(item, "max_length") else {}
