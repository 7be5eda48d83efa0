"""The parts every form file's schema is built from: ids, language codes, texts.

A questionnaire (``questionnaire.model``) and a consent (``consent.model``) are
different documents, but both name things with the same kind of ids, offer their
texts in the same languages, and refuse unknown keys the same way.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
FormId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
LocalizedText = dict[LanguageCode, Annotated[str, Field(min_length=1)]]


class Strict(BaseModel):
    """Base for every part of a form: unknown keys are errors, parts are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
