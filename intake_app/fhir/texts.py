"""A form's texts in several languages, as FHIR writes them.

FHIR gives an element one text; the others ride on it as the translation extension
(``_text: {extension: [{url: .../translation, extension: [lang, content]}]}``). The
first language of the form is the element's own text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


def put_text(element: dict[str, Any], key: str, text: Mapping[str, str], primary: str) -> None:
    """Set ``element[key]`` to the text in ``primary`` and ``_key`` to the other languages."""
    element[key] = text.get(primary) or next(iter(text.values()), "")
    translations = [
        {
            "url": TRANSLATION,
            "extension": [
                {"url": "lang", "valueCode": language},
                {"url": "content", "valueString": content},
            ],
        }
        for language, content in text.items()
        if language != primary
    ]
    if translations:
        element[f"_{key}"] = {"extension": translations}


def read_text(element: Mapping[str, Any], key: str, primary: str) -> dict[str, str]:
    """The text of ``element[key]`` in every language it has, ``primary`` first."""
    text: dict[str, str] = {}
    if isinstance(element.get(key), str) and element[key]:
        text[primary] = element[key]
    shadow = element.get(f"_{key}")
    for extension in shadow.get("extension", []) if isinstance(shadow, dict) else []:
        if extension.get("url") != TRANSLATION:
            continue
        parts = {part.get("url"): part for part in extension.get("extension", [])}
        language = parts.get("lang", {}).get("valueCode")
        content = parts.get("content", {}).get("valueString")
        if isinstance(language, str) and isinstance(content, str) and content:
            text.setdefault(language.split("-")[0].lower(), content)
    return text


def languages_in(element: Any, found: dict[str, None]) -> None:
    """Add to ``found`` every language a translation anywhere under ``element`` is in."""
    if isinstance(element, dict):
        if element.get("url") == TRANSLATION:
            for part in element.get("extension", []):
                if part.get("url") == "lang" and isinstance(part.get("valueCode"), str):
                    found.setdefault(part["valueCode"].split("-")[0].lower())
        for value in element.values():
            languages_in(value, found)
    elif isinstance(element, list):
        for value in element:
            languages_in(value, found)
