"""One FHIR question as one app item: its type, options, units, range and limits.

| FHIR | app |
|---|---|
| boolean | yes_no |
| choice, open-choice (repeats: several answers) | single_choice, multiple_choice |
| string, text | short_text, long_text (maxLength: max_length) |
| integer, decimal, quantity | number (minValue/maxValue, unit); integer with a slider: scale |
| date, dateTime | date (a dateTime is asked as a date: a note says so) |
| display | display |
| group, repeats | group (a table; required: at least one row) |

An open-choice question is asked as a choice with "Something else" and a short text
for it, as the shipped forms ask "Another language" and "Which language?". A
read-only question is shown as text, with its value when it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from intake_app.fhir import extensions as ext
from intake_app.fhir.answer_options import Choices, read_choices
from intake_app.fhir.texts import read_text
from intake_app.questionnaire import model

_MODELS: dict[str, type[BaseModel]] = {
    "short_text": model.ShortTextItem,
    "long_text": model.LongTextItem,
    "yes_no": model.YesNoItem,
    "single_choice": model.SingleChoiceItem,
    "multiple_choice": model.MultipleChoiceItem,
    "number": model.NumberItem,
    "date": model.DateItem,
    "scale": model.ScaleItem,
    "joint_side": model.JointSideItem,
    "display": model.DisplayItem,
    "group": model.GroupItem,
}
_SIMPLE = {"boolean": "yes_no", "display": "display"}
_TEXTS = {"string": "short_text", "text": "long_text"}
_CHOICES = ("choice", "open-choice")
_NUMBERS = ("integer", "decimal", "quantity")
_DATES = ("date", "dateTime")
SOMETHING_ELSE = {"en": "Something else", "es": "Otra cosa"}
WHICH = {"en": "What is it? Please write it here.", "es": "¿Cuál es? Escríbalo aquí, por favor."}


def is_help(item: Mapping[str, Any]) -> bool:
    """A display item that is the help text of its parent question."""
    return item.get("type") == "display" and ext.item_control(item) == "help"


class LeafReader:
    """Converts questions; problems and notes go to the lists it is given."""

    def __init__(
        self, primary: str, contained: Mapping[str, Any], problems: list[str], notes: list[str]
    ) -> None:
        self.primary = primary
        self.contained = contained
        self.problems = problems
        self.notes = notes
        self._choices: dict[str, Choices] = {}

    def codes(self, item: Mapping[str, Any]) -> Mapping[str, str]:
        """FHIR code to option value for a choice question (read once, problems once)."""
        if item.get("type") not in _CHOICES:
            return {}
        choices = read_choices(item, self.contained, self.primary)
        for problem in choices.problems:
            self._problem(item, problem)
        self._choices[str(item.get("linkId"))] = choices
        return choices.codes

    def table(self, item: Mapping[str, Any], app_id: str) -> dict[str, Any]:
        """A repeated group, without its questions (the caller converts those)."""
        group: dict[str, Any] = {"id": app_id, "type": "group"}
        group["text"] = read_text(item, "text", self.primary)
        self._refuse_unsupported(item)
        low = ext.value(item, ext.MIN_OCCURS, "valueInteger")
        high = ext.value(item, ext.MAX_OCCURS, "valueInteger")
        if isinstance(low, int) or item.get("required"):
            group["min_rows"] = max(
                low if isinstance(low, int) else 0, 1 if item.get("required") else 0
            )
        if isinstance(high, int):
            group["max_rows"] = high
        return group

    def leaf(self, item: Mapping[str, Any], entry: Any) -> list[dict[str, Any]]:
        """The app item(s) for one question: one, or two for an open choice."""
        self._refuse_unsupported(item)
        app_item: dict[str, Any] = {"id": entry.app_id, "type": "display"}
        app_item["text"] = read_text(item, "text", self.primary)
        if item.get("readOnly"):
            return [self._read_only(item, app_item)]
        typed = self._typed(item)
        if typed is None:
            return []
        app_item.update(typed)
        help_text = self._help(item)
        if help_text:
            app_item["help"] = help_text
        if item.get("required") and app_item["type"] != "display":
            app_item["required"] = True
        if item.get("type") == "open-choice":
            return [app_item, self._something_else(item, entry.app_id)]
        return [app_item]

    def only_known_keys(self, app_item: dict[str, Any]) -> dict[str, Any]:
        """Drop keys the item's (final) type does not have, e.g. options of a joint question."""
        schema = _MODELS.get(str(app_item.get("type")))
        if schema is None:
            return app_item
        known = {info.alias or name for name, info in schema.model_fields.items()}
        return {key: value for key, value in app_item.items() if key in known}

    # --- types ---------------------------------------------------------------------

    def _typed(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        kind = item.get("type")
        if item.get("repeats") and kind not in _CHOICES:
            self._problem(item, f"a {kind} question with several answers (repeats)")
            return None
        if "maxLength" in item and kind not in (*_TEXTS, "open-choice"):
            self._problem(item, f"maxLength on a {kind} question")
        if kind in _SIMPLE:
            return {"type": _SIMPLE[kind]}
        if kind in _TEXTS:
            typed: dict[str, Any] = {"type": _TEXTS[kind]}
            if isinstance(item.get("maxLength"), int):
                typed["max_length"] = item["maxLength"]
            return typed
        if kind in _CHOICES:
            many = "multiple_choice" if item.get("repeats") else "single_choice"
            options = list(self._choices.get(str(item.get("linkId")), Choices()).options)
            if kind == "open-choice" and not any(o["value"] == "something_else" for o in options):
                options.append({"value": "something_else", "text": dict(SOMETHING_ELSE)})
            return {"type": many, "options": options}
        if kind in _NUMBERS:
            return self._number(item)
        if kind in _DATES:
            return self._date(item)
        self._problem(item, f"the item type '{kind}' is not one the app can ask")
        return None

    def _number(self, item: Mapping[str, Any]) -> dict[str, Any]:
        low = _first_value(item, ext.MIN_VALUE, ("valueInteger", "valueDecimal"))
        high = _first_value(item, ext.MAX_VALUE, ("valueInteger", "valueDecimal"))
        if item.get("type") == "integer" and ext.item_control(item) == "slider":
            scale: dict[str, Any] = {"type": "scale"}
            scale.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
            return scale
        number: dict[str, Any] = {"type": "number"}
        number.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
        if item.get("type") == "integer":
            number["integer"] = True
        unit = self._unit(item)
        if unit is not None:
            number["unit"] = str(unit.get("code") or unit.get("display") or "")
            text = read_text(unit, "display", self.primary)
            if len(text) > 1:
                number["unit_text"] = text
        return number

    def _unit(self, item: Mapping[str, Any]) -> Mapping[str, Any] | None:
        unit = ext.value(item, ext.UNIT, "valueCoding")
        options = [e.get("valueCoding") for e in ext.extensions(item, ext.UNIT_OPTION)]
        if unit is None and len(options) > 1:
            self._problem(item, "several units to choose from (unitOption); the app asks in one")
        return unit or (options[0] if options else None)

    def _date(self, item: Mapping[str, Any]) -> dict[str, Any]:
        if item.get("type") == "dateTime":
            self._note(item, "a date and time, asked as a date (the app asks no time of day)")
        if ext.extensions(item, ext.MIN_VALUE) or ext.extensions(item, ext.MAX_VALUE):
            self._note(item, "the earliest or latest date allowed is not checked by the app")
        return {"type": "date", "allow_future": True}

    # --- the rest ------------------------------------------------------------------

    def _read_only(self, item: Mapping[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
        """A read-only question: its text shown, with the value it holds."""
        values = [_initial_text(i) for i in item.get("initial") or []]
        if values:
            joined = ", ".join(v for v in values if v)
            shown["text"] = {lang: f"{text}: {joined}" for lang, text in shown["text"].items()}
        self._note(item, "read-only: shown as text, not asked")
        return shown

    def _something_else(self, item: Mapping[str, Any], app_id: str) -> dict[str, Any]:
        other: dict[str, Any] = {"id": f"{app_id}_other", "type": "short_text", "text": dict(WHICH)}
        if isinstance(item.get("maxLength"), int):
            other["max_length"] = item["maxLength"]
        other["enable_when"] = {"item": app_id, "operator": "includes", "value": "something_else"}
        self._note(
            item, f"open choice: 'Something else' and '{app_id}_other' ask for other answers"
        )
        return other

    def _help(self, item: Mapping[str, Any]) -> dict[str, str] | None:
        for child in item.get("item") or []:
            if is_help(child):
                return read_text(child, "text", self.primary)
        return None

    def _refuse_unsupported(self, item: Mapping[str, Any]) -> None:
        for url, name in ext.EXPRESSIONS.items():
            if ext.extensions(item, url):
                self._problem(item, f"a {name}, which the app cannot evaluate")
        if item.get("modifierExtension"):
            self._problem(item, "a modifierExtension, which changes what the item means")
        if item.get("initial") and not item.get("readOnly"):
            self._problem(item, "an answer filled in advance (initial); the app never pre-fills")

    def _problem(self, item: Mapping[str, Any], message: str) -> None:
        self.problems.append(f"linkId '{item.get('linkId')}': {message}")

    def _note(self, item: Mapping[str, Any], message: str) -> None:
        self.notes.append(f"linkId '{item.get('linkId')}': {message}")


def _first_value(item: Mapping[str, Any], url: str, keys: tuple[str, ...]) -> Any:
    for key in keys:
        found = ext.value(item, url, key)
        if found is not None:
            return found
    return None


def _initial_text(initial: Mapping[str, Any]) -> str:
    for key, found in initial.items():
        if key == "valueCoding":
            return str(found.get("display") or found.get("code") or "")
        if key == "valueQuantity":
            return f"{found.get('value', '')} {found.get('unit', '')}".strip()
        if key.startswith("value"):
            return str(found)
    return ""
