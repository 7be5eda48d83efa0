"""One clinic setting at a time: the value a settings field shows, and whether what was
typed there may go into the clinic file.

The rules are the ones the app applies when it reads the file: each value is checked
by its section's model in ``settings`` (``KioskSettings``, ``DocumentSettings``...),
and a refusal is put in the same words ``settings_problems`` uses for the file,
without the setting's name ("it must be 30 or more"), so the settings page can show it
under the field. Nothing here is a second set of rules.

A setting is named as in the file, ``section.key`` (``kiosk.idle_seconds``); a text
the consent shows per language has one field per language, ``product.source.es``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from intake_app.settings import ClinicSettings, ClinicText
from intake_app.settings_problems import value_problem

Typed = str | bool  # what a field holds: its text, or whether its box is ticked


@dataclass(frozen=True)
class SettingName:
    """A setting of the clinic file, and the language of a per-language field."""

    section: str
    key: str
    language: str | None = None

    @classmethod
    def parse(cls, dotted: str) -> SettingName:
        """``kiosk.idle_seconds`` or ``product.source.es``; ValueError for anything else."""
        parts = dotted.split(".")
        if len(parts) not in (2, 3) or not all(parts):
            raise ValueError(f"{dotted!r} is not the name of a clinic setting")
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None)

    @property
    def setting(self) -> str:
        """The setting's name in the file, without the language."""
        return f"{self.section}.{self.key}"

    def __str__(self) -> str:
        return f"{self.setting}.{self.language}" if self.language else self.setting


def section_model(section: str) -> type[BaseModel]:
    """The model that checks ``[section]``; ValueError when the file has no such section."""
    field = ClinicSettings.model_fields.get(section)
    model = field.annotation if field is not None else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise ValueError(f"the clinic file has no section [{section}]")
    return model


def setting_value(name: SettingName, typed: Typed) -> Any:
    """What ``typed`` makes of the setting (a number, a text, true or false), as the
    app would read it from the file; ValueError with the words when it may not be."""
    model = section_model(name.section)
    if name.key not in model.model_fields:
        raise ValueError(f"the clinic file has no setting {name.setting}")
    raw: Any = {name.language: typed} if name.language else typed
    try:
        value = getattr(model.model_validate({name.key: raw}), name.key)
    except ValidationError as error:
        raise ValueError(value_problem(error.errors()[0])) from None
    if name.language:
        if not isinstance(value, dict):
            raise ValueError(f"{name.setting} is not a text per language")
        value = value[name.language]
    _check_writable(value)
    return value


def limits(name: SettingName) -> str:
    """The range the model allows a number in, in words ("from 30 to 3600", "0 or more");
    "" when it sets none."""
    field = section_model(name.section).model_fields[name.key]
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"{low} or more"
    return f"{high} or less" if high is not None else ""


def setting_problem(name: SettingName, typed: Typed) -> str:
    """Why ``typed`` may not go into the file ("it must be 30 or more"); "" when it may."""
    try:
        setting_value(name, typed)
    except ValueError as problem:
        return str(problem)
    return ""


def _check_writable(value: object) -> None:
    """A value the file reads back as it was typed: a number TOML keeps exactly, a text
    that can be saved as UTF-8."""
    if isinstance(value, Decimal) and Decimal(str(file_number(value))) != value:
        raise ValueError("it must be a number with fewer digits, like 2499.99")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("it holds a character that cannot be saved; type it again") from None


def file_number(value: Decimal) -> int | float:
    """A decimal as the file writes it: a whole number, or a number with a point."""
    if value == value.to_integral_value() and abs(value) < 2**63:
        return int(value)
    return float(value)


def shown(clinic: ClinicSettings, name: SettingName, languages: Sequence[str]) -> Typed:
    """What the field of ``name`` shows for ``clinic``: a number or text as typed in the
    file, a ticked box for true. A text that is the same in every language is shown in
    the first of ``languages`` (the others blank: the consent shows it there too)."""
    value = getattr(getattr(clinic, name.section), name.key)
    if name.language:
        if isinstance(value, dict):
            return str(value.get(name.language, ""))
        return str(value) if name.language == _plain_in(languages) else ""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else str(value)


def per_language(before: ClinicText, typed: Mapping[str, str], languages: Sequence[str]) -> Any:
    """A per-language text after its fields ``typed`` (by language) changed: it stays one
    text for every language while only the first language has one."""
    if isinstance(before, dict):
        return {**before, **typed}
    plain_in = _plain_in(languages)
    texts = {plain_in: before, **typed}
    if not any(text.strip() for language, text in texts.items() if language != plain_in):
        return texts[plain_in]
    return texts


def _plain_in(languages: Sequence[str]) -> str:
    """The language a plain text is shown in: English, when the forms offer it."""
    return "en" if "en" in languages or not languages else languages[0]
