"""Turning pydantic's schema errors into ``file:line: message`` problems a clinic can act on.

A misspelled key gets a "did you mean" from the keys the caller names: each form kind
knows its own schema (``keys_of``).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, ValidationError

from intake_app.form_files.source import LineDict, SourceProblem, line_of, walk

_PATTERN_HINTS = {
    "id": "ids use lower case letters, digits and underscores, and start with a letter",
    "value": "option values use lower case letters, digits and underscores",
    "form": "the form id uses lower case letters, digits and dashes",
    "version": 'the version starts with a digit, e.g. "1.0"',
    "item": "name an item id, a calculation id, or group_id.child_id",
}


def keys_of(models: ModuleType) -> frozenset[str]:
    """Every key a form file may use, from the schema models defined or imported in ``models``."""
    keys: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            for name, info in value.model_fields.items():
                keys.add(info.alias or name)
    return frozenset(keys)


def schema_problems(
    path: Path, raw: Any, error: ValidationError, known_keys: Collection[str]
) -> list[SourceProblem]:
    """One problem per schema error, each with its line and a plain message.

    ``known_keys`` are the keys suggested for a misspelled one.
    """
    problems = []
    seen: set[tuple[int, str]] = set()
    for detail in error.errors():
        location = tuple(detail["loc"])
        line = line_of(raw, location)
        text = f"{_where(raw, location)}{_describe(detail, location, known_keys)}"
        if (line, text) not in seen:
            seen.add((line, text))
            problems.append(SourceProblem(path, line, text))
    return problems


def _describe(detail: Any, location: tuple[Any, ...], known_keys: Collection[str]) -> str:
    kind = detail["type"]
    field = next((p for p in reversed(location) if isinstance(p, str)), "")
    if kind == "missing":
        return f"'{field}' is missing"
    if kind == "extra_forbidden":
        return f"unknown key '{field}'{_suggestion(field, known_keys)}"
    if kind == "union_tag_invalid" and "_condition_kind" in str(detail.get("ctx", {})):
        return (
            f"'{field}' must be a condition: {{item: ..., operator: ..., value: ...}}, "
            "or 'all:' / 'any:' with a list of conditions"
        )
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' must be true or false"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"'{field}' must be {whole}"
    if kind == "union_tag_invalid":
        ctx = detail.get("ctx", {})
        key = ctx.get("discriminator", "").strip("'")
        return f"unknown {key} '{ctx.get('tag')}'; expected one of {ctx.get('expected_tags')}"
    if kind == "string_type" and field == "version":
        return 'version must be text in quotes, e.g. version: "1.0"'
    if kind == "string_pattern_mismatch":
        return f"'{field}': {_PATTERN_HINTS.get(field, 'not in the expected form')}"
    if kind == "string_too_short":
        return f"'{field}' must not be empty"
    if kind == "too_short":
        return f"'{field}' needs at least {detail.get('ctx', {}).get('min_length', 1)} entries"
    message = str(detail["msg"]).replace("Input should be", "must be")
    return f"'{field}': {message}" if field else message


def _where(raw: Any, location: tuple[Any, ...]) -> str:
    """ "'pain_now': " for the innermost block with an id along the path."""
    label = ""
    for node, _line in walk(raw, location):
        if isinstance(node, LineDict) and isinstance(node.get("id"), str):
            label = f"'{node['id']}': "
    return label


def _suggestion(key: str, known_keys: Collection[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known_keys), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
