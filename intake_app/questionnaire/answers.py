"""Checking one answer against its item, with a plain-words message.

Messages are for the patient (or the person writing an answers file): they say
what is wrong and what would be right, in the patient's language.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from intake_app.form_files.translations import localized
from intake_app.questionnaire.calculations import latest_possible_day
from intake_app.questionnaire.model import (
    SIDES,
    ChildItem,
    DateItem,
    DisplayItem,
    GroupItem,
    Item,
    JointSideItem,
    LongTextItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    ShortTextItem,
    SingleChoiceItem,
    YesNoItem,
)
from intake_app.questionnaire.typed_text import says_nothing, text_problem

EARLIEST_DATE = dt.date(1900, 1, 1)
LARGEST_NUMBER = 10**15
# One @, something before it, a dot in the part after it, no spaces: what a person
# can check by eye. Whether the address works is only known by writing to it.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "text": "Please type your answer as text.",
        "too_long": "Please shorten your answer to {max} characters or fewer (it has {n}).",
        "control": "Your answer contains characters that cannot be stored. Please retype it.",
        "line_break": "Please keep this answer on one line.",
        "email": "Please check the email address. It should look like name@example.com.",
        "yes_no": "Please choose Yes or No.",
        "choice": "Please choose one of the options shown.",
        "choices": "Please choose one or more of the options shown.",
        "duplicate": "Each option can be chosen only once.",
        "exclusive": "\u201c{option}\u201d cannot be chosen together with other options.",
        "number": "Please enter a number.",
        "whole": "Please enter a whole number (no decimals).",
        "between": "Please enter a number from {min} to {max}{unit}.",
        "at_least": "Please enter a number of at least {min}{unit}.",
        "at_most": "Please enter a number no bigger than {max}{unit}.",
        "date": "Please enter the date as year-month-day, for example 1970-04-23.",
        "month": "Please enter the month as year-month, for example 2025-04.",
        "no_date": "This date does not exist. Please check the day and month.",
        "future": "This date is in the future. Please check it.",
        "too_old": "Please check the year: it is before 1900.",
        "scale": "Please choose a number from {min} to {max}.",
        "joints": "Please tap at least one joint and side.",
        "joint": "Please choose a joint and a side from the picture.",
        "rows": "Please fill in the table.",
        "min_rows": "Please add at least {min} row(s).",
        "max_rows": "Please add no more than {max} rows.",
        "row_unknown": "Row {row} has an answer to a question that is not in this table.",
        "row": "Row {row}, \u201c{question}\u201d: {problem}",
        "display": "This is information only; it takes no answer.",
        "required": "Please answer this question.",
    },
    "es": {
        "text": "Escriba su respuesta como texto.",
        "too_long": "Acorte su respuesta a {max} caracteres o menos (tiene {n}).",
        "control": "Su respuesta tiene caracteres que no se pueden guardar. Escríbala de nuevo.",
        "line_break": "Escriba esta respuesta en una sola línea.",
        "email": "Revise el correo electrónico. Debe ser como nombre@ejemplo.com.",
        "yes_no": "Elija Sí o No.",
        "choice": "Elija una de las opciones.",
        "choices": "Elija una o más de las opciones.",
        "duplicate": "Cada opción se puede elegir solo una vez.",
        "exclusive": "\u201c{option}\u201d no se puede elegir junto con otras opciones.",
        "number": "Escriba un número.",
        "whole": "Escriba un número entero (sin decimales).",
        "between": "Escriba un número de {min} a {max}{unit}.",
        "at_least": "Escriba un número de {min}{unit} o más.",
        "at_most": "Escriba un número que no pase de {max}{unit}.",
        "date": "Escriba la fecha como año-mes-día, por ejemplo 1970-04-23.",
        "month": "Escriba el mes como año-mes, por ejemplo 2025-04.",
        "no_date": "Esta fecha no existe. Revise el día y el mes.",
        "future": "Esta fecha es en el futuro. Revísela.",
        "too_old": "Revise el año: es antes de 1900.",
        "scale": "Elija un número del {min} al {max}.",
        "joints": "Toque por lo menos una articulación y un lado.",
        "joint": "Elija una articulación y un lado en el dibujo.",
        "rows": "Llene la tabla.",
        "min_rows": "Agregue por lo menos {min} fila(s).",
        "max_rows": "No agregue más de {max} filas.",
        "row_unknown": "La fila {row} responde a una pregunta que no está en esta tabla.",
        "row": "Fila {row}, \u201c{question}\u201d: {problem}",
        "display": "Esto es solo información; no lleva respuesta.",
        "required": "Responda esta pregunta.",
    },
}


def message(key: str, language: str, **params: Any) -> str:
    """A validation message in ``language`` (English when there is no translation)."""
    catalog = MESSAGES.get(language, MESSAGES["en"])
    return catalog.get(key, MESSAGES["en"][key]).format(**params)


def check_answer(
    item: Item | ChildItem, value: Any, *, today: dt.date, language: str = "en"
) -> str | None:
    """None when ``value`` is a valid answer to ``item``, else what is wrong, in plain words."""
    checker = _CHECKERS.get(type(item))
    if checker is None:
        return message("display", language)
    return checker(item, value, today, language)


def is_blank(value: Any) -> bool:
    """An answer that says nothing: None, empty, only spaces or invisible characters, an
    empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return says_nothing(value)
    return isinstance(value, list) and not value


def _text(item: Any, value: Any, _today: dt.date, lang: str) -> str | None:
    if not isinstance(value, str):
        return message("text", lang)
    if len(value) > item.max_length:
        return message("too_long", lang, max=item.max_length, n=len(value))
    problem = text_problem(value, one_line=not isinstance(item, LongTextItem))
    if problem is not None:
        return message(problem.value, lang)
    if isinstance(item, ShortTextItem) and item.format == "email":
        return None if _EMAIL.fullmatch(value.strip()) else message("email", lang)
    return None


def _yes_no(_item: Any, value: Any, _today: dt.date, lang: str) -> str | None:
    return None if isinstance(value, bool) else message("yes_no", lang)


def _single(item: SingleChoiceItem, value: Any, _today: dt.date, lang: str) -> str | None:
    codes = {o.value for o in item.options}
    return None if isinstance(value, str) and value in codes else message("choice", lang)


def _multiple(item: MultipleChoiceItem, value: Any, _today: dt.date, lang: str) -> str | None:
    options = {o.value: o for o in item.options}
    if not isinstance(value, list) or not value:
        return message("choices", lang)
    if not all(isinstance(v, str) and v in options for v in value):
        return message("choices", lang)
    if len(set(value)) != len(value):
        return message("duplicate", lang)
    for code in value:
        if options[code].exclusive and len(value) > 1:
            return message("exclusive", lang, option=localized(options[code].text, lang))
    return None


def _number(item: NumberItem, value: Any, _today: dt.date, lang: str) -> str | None:
    if not plain_number(value):
        return message("number", lang)
    if item.integer and value != int(value):
        return message("whole", lang)
    too_low = item.min is not None and value < item.min
    too_high = item.max is not None and value > item.max
    if not (too_low or too_high):
        return _too_large(value, lang)
    unit = f" {localized(item.unit_text, lang) or item.unit}" if item.unit else ""
    bounds = {"min": _plain(item.min), "max": _plain(item.max), "unit": unit}
    if item.min is not None and item.max is not None:
        return message("between", lang, **bounds)
    return message("at_least" if too_low else "at_most", lang, **bounds)


def plain_number(value: Any) -> bool:
    """A JSON number that is a real number: not true/false, NaN or infinity. (An integer of
    hundreds of digits is one too; asking ``math.isfinite`` about it would overflow.)"""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _too_large(value: float, lang: str) -> str | None:
    """No answer is bigger than ``LARGEST_NUMBER`` either way (a 400-digit number is no
    one's weight, and sums with it overflow)."""
    if abs(value) <= LARGEST_NUMBER:
        return None
    return message("at_most", lang, max=f"{LARGEST_NUMBER:,}", unit="")


def _date(item: DateItem, value: Any, today: dt.date, lang: str) -> str | None:
    digits = "[0-9]{4}-[0-9]{2}" if item.precision == "month" else "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    if not isinstance(value, str) or not re.fullmatch(digits, value):
        return message("month" if item.precision == "month" else "date", lang)
    day = latest_possible_day(value)
    if day is None:
        return message("no_date", lang)
    earliest_day = dt.date(day.year, day.month, 1) if item.precision == "month" else day
    if not item.allow_future and earliest_day > today:
        return message("future", lang)
    if day < EARLIEST_DATE:
        return message("too_old", lang)
    return None


def _scale(item: ScaleItem, value: Any, _today: dt.date, lang: str) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and item.min <= value <= item.max
    return None if ok else message("scale", lang, min=item.min, max=item.max)


def _joints(item: JointSideItem, value: Any, _today: dt.date, lang: str) -> str | None:
    if not isinstance(value, list) or not value:
        return message("joints", lang)
    for entry in value:
        joint, _, side = entry.partition(":") if isinstance(entry, str) else ("", "", "")
        if joint not in item.joints or side not in SIDES:
            return message("joint", lang)
    return None if len(set(value)) == len(value) else message("duplicate", lang)


def _group(item: GroupItem, value: Any, today: dt.date, lang: str) -> str | None:
    if not isinstance(value, list) or not all(isinstance(row, Mapping) for row in value):
        return message("rows", lang)
    if len(value) > item.max_rows:
        return message("max_rows", lang, max=item.max_rows)
    children = {child.id: child for child in item.items}
    for number, row in enumerate(value, start=1):
        problem = _row_problem(children, row, number, today, lang)
        if problem:
            return problem
    return None


def _row_problem(
    children: Mapping[str, Any], row: Mapping[str, Any], number: int, today: dt.date, lang: str
) -> str | None:
    for key, cell in row.items():
        child = children.get(key)
        if child is None or isinstance(child, DisplayItem):
            return message("row_unknown", lang, row=number)
        if is_blank(cell):
            continue
        problem = check_answer(child, cell, today=today, language=lang)
        if problem:
            question = localized(child.text, lang)
            return message("row", lang, row=number, question=question, problem=problem)
    return None


def _plain(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if number == int(number) else str(number)


_CHECKERS: dict[type, Callable[[Any, Any, dt.date, str], str | None]] = {
    ShortTextItem: _text,
    LongTextItem: _text,
    YesNoItem: _yes_no,
    SingleChoiceItem: _single,
    MultipleChoiceItem: _multiple,
    NumberItem: _number,
    DateItem: _date,
    ScaleItem: _scale,
    JointSideItem: _joints,
    GroupItem: _group,
}
