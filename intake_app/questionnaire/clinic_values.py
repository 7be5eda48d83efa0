"""Clinic values in form texts: ``{product_components}`` filled in from the clinic's settings.

A question can depend on what the clinic uses: "The shot may contain: {product_components}.
Are you allergic to any of these?" Such an item names the value in ``clinic_value``; it is
asked only when the clinic has set that value, and its texts show the value in the
patient's language. The form file itself stays the same for every clinic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intake_app.form_files.placeholders import fill
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import FormDefinition

# name -> language -> text, e.g. {"product_components": {"en": "DMSO", "es": "DMSO"}}
ClinicValues = Mapping[str, Mapping[str, str]]
_TEXT_KEYS = ("text", "help")


def with_clinic_values(questionnaire: Questionnaire, values: ClinicValues) -> Questionnaire:
    """The questionnaire as this clinic asks it (the same object when nothing depends on it)."""
    if not any(ref.item.clinic_value for ref in questionnaire.items.values()):
        return questionnaire
    raw = questionnaire.definition.model_dump(by_alias=True, exclude_none=True)
    for section in raw["sections"]:
        section["items"] = _kept(section["items"], values)
        for item in section["items"]:
            if "items" in item:
                item["items"] = _kept(item["items"], values)
    return Questionnaire(FormDefinition.model_validate(raw), questionnaire.path)


def _kept(items: list[dict[str, Any]], values: ClinicValues) -> list[dict[str, Any]]:
    kept = []
    for item in items:
        name = item.get("clinic_value")
        if name is None:
            kept.append(item)
        elif _is_set(values.get(name)):
            kept.append(_filled(item, name, values[name]))
    return kept


def _is_set(value: Mapping[str, str] | None) -> bool:
    return bool(value) and any(text.strip() for text in (value or {}).values())


def _filled(item: dict[str, Any], name: str, value: Mapping[str, str]) -> dict[str, Any]:
    filled = dict(item)
    for key in _TEXT_KEYS:
        texts = item.get(key)
        if isinstance(texts, dict):
            filled[key] = {
                language: fill(text, {name: in_language(value, language)})
                for language, text in texts.items()
            }
    return filled


def in_language(value: Mapping[str, str], language: str) -> str:
    """A clinic text in ``language``, else in English, else in any language it has."""
    return (
        value.get(language, "").strip()
        or value.get("en", "").strip()
        or next((text.strip() for text in value.values() if text.strip()), "")
    )
