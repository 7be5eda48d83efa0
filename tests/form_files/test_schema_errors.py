"""A schema error names the line, the block it is in, and what would be right."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from pydantic import Field, ValidationError

from intake_app.form_files.model import Identifier, LocalizedText, Strict
from intake_app.form_files.schema_errors import keys_of, schema_problems
from intake_app.form_files.source import parse_yaml

PATH = Path("forms/consents/consent.yaml")


class Page(Strict):
    id: Identifier
    title: LocalizedText
    sources: list[str] = Field(default_factory=list)


class Document(Strict):
    pages: list[Page]


MODELS = types.ModuleType("models")
MODELS.Document = Document  # type: ignore[attr-defined]
MODELS.Page = Page  # type: ignore[attr-defined]


def problems_of(text: str, known_keys: frozenset[str]) -> list[str]:
    raw = parse_yaml(text, PATH)
    with pytest.raises(ValidationError) as caught:
        Document.model_validate(raw)
    return [str(p) for p in schema_problems(PATH, raw, caught.value, known_keys)]


def test_the_keys_of_a_schema_are_every_field_of_its_models():
    assert keys_of(MODELS) == {"pages", "id", "title", "sources"}


def test_a_misspelled_key_is_named_on_its_line_with_a_suggestion_from_the_keys_given():
    text = "pages:\n  - id: risks\n    title: {en: Risks}\n    sorces: [S1]\n"
    assert problems_of(text, keys_of(MODELS)) == [
        f"{PATH}:4: 'risks': unknown key 'sorces' (did you mean 'sources'?)"
    ]
    assert problems_of(text, frozenset({"pages"})) == [f"{PATH}:4: 'risks': unknown key 'sorces'"]


def test_a_missing_key_and_a_bad_id_are_said_in_plain_words():
    text = "pages:\n  - id: Risks Page\n"
    assert problems_of(text, keys_of(MODELS)) == [
        f"{PATH}:2: 'Risks Page': 'id': ids use lower case letters, digits and underscores, "
        "and start with a letter",
        f"{PATH}:2: 'Risks Page': 'title' is missing",
    ]
