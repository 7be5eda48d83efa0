"""The FHIR extensions a Questionnaire uses here, and reading them off an element.

Standard ones (HL7 and SDC) carry what FHIR has a common word for: units, ranges,
row counts, a slider, help text. This app's own (under ``APP_EXTENSIONS``, the same
for every clinic) carry, as JSON, what FHIR has no element for, so an export imports back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

HL7 = "http://hl7.org/fhir/StructureDefinition/"
# This app's own extensions: one name for every clinic, so any clinic's export imports.
APP_EXTENSIONS = "http://intake-app.invalid/fhir/StructureDefinition/"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-"

ITEM_CONTROL = HL7 + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UNIT = HL7 + "questionnaire-unit"
UNIT_OPTION = HL7 + "questionnaire-unitOption"
MIN_VALUE = HL7 + "minValue"
MAX_VALUE = HL7 + "maxValue"
MIN_OCCURS = HL7 + "questionnaire-minOccurs"
MAX_OCCURS = HL7 + "questionnaire-maxOccurs"
HIDDEN = HL7 + "questionnaire-hidden"
OPTION_EXCLUSIVE = HL7 + "questionnaire-optionExclusive"  # "None of these"

# Expressions the app cannot evaluate: an item that uses one is not imported.
EXPRESSIONS = {
    SDC + "calculatedExpression": "calculatedExpression",
    SDC + "enableWhenExpression": "enableWhenExpression",
    SDC + "initialExpression": "initialExpression",
    SDC + "answerExpression": "answerExpression",
    SDC + "candidateExpression": "candidateExpression",
    HL7 + "cqf-expression": "cqf-expression",
}

# This app's own: each holds JSON in valueString.
FORM_EXTRAS = APP_EXTENSIONS + "form"  # languages and sources of the form
ITEM_EXTRAS = APP_EXTENSIONS + "item"  # an item's keys FHIR has no element for
EXACT_CONDITION = APP_EXTENSIONS + "enable-when"  # a condition exactly, when FHIR's is not
FLAG_RULE = APP_EXTENSIONS + "flag-rule"  # one nurse flag rule
CALCULATION = APP_EXTENSIONS + "calculation"  # a calculated value (BMI, age, days since)


def extensions(element: Mapping[str, Any], url: str) -> list[Mapping[str, Any]]:
    """The extensions of ``element`` with this URL."""
    return [
        e for e in element.get("extension") or [] if isinstance(e, dict) and e.get("url") == url
    ]


def value(element: Mapping[str, Any], url: str, key: str) -> Any:
    """``value[x]`` (``key``, e.g. ``valueInteger``) of the first such extension, else None."""
    found = extensions(element, url)
    return found[0].get(key) if found else None


def json_values(element: Mapping[str, Any], url: str) -> list[Any]:
    """The JSON in ``valueString`` of every such extension (this app's own)."""
    return [json.loads(e["valueString"]) for e in extensions(element, url) if "valueString" in e]


def json_extension(url: str, content: Any) -> dict[str, Any]:
    """One of this app's own extensions holding ``content`` as JSON."""
    return {"url": url, "valueString": json.dumps(content, ensure_ascii=False, sort_keys=True)}


def item_control(element: Mapping[str, Any]) -> str | None:
    """The item control code (``help``, ``slider``...) of an item, if it names one."""
    concept = value(element, ITEM_CONTROL, "valueCodeableConcept") or {}
    codes = [c.get("code") for c in concept.get("coding") or []]
    return codes[0] if codes else None


def item_control_extension(code: str) -> dict[str, Any]:
    return {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]},
    }
