"""The choices of a FHIR choice question: ``answerOption``, or a value set contained in the file.

The app stores an option's ``value`` as an id (lower case, digits, underscores), so a
FHIR code that is not one (``LA33-6``, ``knee:left``) becomes one; conditions on the
question are translated with the same map. A value set outside the file cannot be
read here and is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intake_app.fhir import extensions as ext
from intake_app.fhir.texts import read_text


@dataclass
class Choices:
    """The options of one question, or why they could not be read."""

    options: list[dict[str, Any]] = field(default_factory=list)  # {value, text}
    codes: dict[str, str] = field(default_factory=dict)  # FHIR code -> option value
    problems: list[str] = field(default_factory=list)


Choice = tuple[str, dict[str, str], bool]  # code, text, exclusive ("None of these")


def identifier(text: str, prefix: str) -> str:
    """``text`` as an app id: lower case, ``_`` for anything else, starting with a letter."""
    ident = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = f"{prefix}_{ident}".rstrip("_")
    return ident[:64]


def read_choices(item: Mapping[str, Any], contained: Mapping[str, Any], primary: str) -> Choices:
    """The options of a choice item, from ``answerOption`` or a contained ``answerValueSet``."""
    choices = Choices()
    if "answerValueSet" in item:
        raw = _value_set_concepts(str(item["answerValueSet"]), contained, primary, choices)
    else:
        raw = [_option(o, primary, choices) for o in item.get("answerOption") or []]
    for code, text, exclusive in (r for r in raw if r is not None):
        value = identifier(code, "option")
        if value in choices.codes.values():
            choices.problems.append(f"two options both become '{value}' (codes must differ)")
        choices.codes[code] = value
        option: dict[str, Any] = {"value": value, "text": text}
        choices.options.append({**option, "exclusive": True} if exclusive else option)
    return choices


def _option(option: Mapping[str, Any], primary: str, choices: Choices) -> Choice | None:
    exclusive = ext.value(option, ext.OPTION_EXCLUSIVE, "valueBoolean") is True
    if option.get("initialSelected"):
        choices.problems.append("an option is selected in advance; the app never pre-fills")
    if "valueCoding" in option:
        coding = option["valueCoding"]
        code = str(coding.get("code", ""))
        return code, read_text(coding, "display", primary) or {primary: code}, exclusive
    for key in ("valueString", "valueInteger", "valueDate", "valueTime"):
        if key in option:
            text = read_text(option, key, primary) if key == "valueString" else {}
            return str(option[key]), text or {primary: str(option[key])}, exclusive
    choices.problems.append("an answerOption has no value the app can offer")
    return None


def _value_set_concepts(
    reference: str, contained: Mapping[str, Any], primary: str, choices: Choices
) -> list[Choice | None]:
    value_set = contained.get(reference[1:]) if reference.startswith("#") else None
    if value_set is None:
        choices.problems.append(
            f"answerValueSet '{reference}' is not contained in the Questionnaire; only a "
            "value set written inside the file can be imported"
        )
        return []
    concepts: list[Mapping[str, Any]] = []
    for include in (value_set.get("compose") or {}).get("include") or []:
        if include.get("filter") or include.get("valueSet") or not include.get("concept"):
            choices.problems.append(
                f"value set '{reference}' includes codes by rule or from another value set; "
                "list each code in 'concept'"
            )
        concepts += include.get("concept") or []
    concepts += (value_set.get("expansion") or {}).get("contains") or []
    return [(str(c.get("code", "")), _concept_text(c, primary), False) for c in concepts]


def _concept_text(concept: Mapping[str, Any], primary: str) -> dict[str, str]:
    text = read_text(concept, "display", primary) or {primary: str(concept.get("code", ""))}
    for designation in concept.get("designation") or []:
        language, content = designation.get("language"), designation.get("value")
        if isinstance(language, str) and isinstance(content, str) and content:
            text.setdefault(language.split("-")[0].lower(), content)
    return text
