"""Answers as words, for the review page and the chart document.

"true" becomes "Yes", an option code its text, "knee:left" becomes "Left knee",
"1970-04-23" becomes "April 23, 1970", each in the patient's language.
"""

from __future__ import annotations

from typing import Any

from intake_app.form_files.translations import localized
from intake_app.questionnaire.calculations import latest_possible_day
from intake_app.questionnaire.model import (
    ChildItem,
    DateItem,
    GroupItem,
    Item,
    JointSideItem,
    MultipleChoiceItem,
    NumberItem,
    SingleChoiceItem,
    YesNoItem,
)
from intake_app.questionnaire.typed_text import isolated, says_nothing

WORDS: dict[str, dict[str, str]] = {
    "en": {"yes": "Yes", "no": "No", "not_answered": "Not answered", "row": "{n}."},
    "es": {"yes": "Sí", "no": "No", "not_answered": "Sin respuesta", "row": "{n}."},
}
JOINT_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "shoulder": "shoulder", "elbow": "elbow", "wrist": "wrist", "hand": "hand",
        "hip": "hip", "knee": "knee", "ankle": "ankle", "foot": "foot",
    },
    "es": {
        "shoulder": "hombro", "elbow": "codo", "wrist": "muñeca", "hand": "mano",
        "hip": "cadera", "knee": "rodilla", "ankle": "tobillo", "foot": "pie",
    },
}  # fmt: skip
MONTHS: dict[str, list[str]] = {
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "es": [
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ],
}  # fmt: skip


def word(key: str, language: str) -> str:
    return WORDS.get(language, WORDS["en"])[key]


def joint_label(code: str, language: str) -> str:
    """ "knee:left" -> "Left knee" / "Rodilla izquierda"."""
    joint, _, side = code.partition(":")
    name = JOINT_NAMES.get(language, JOINT_NAMES["en"]).get(joint, joint)
    if language == "es":
        masculine = joint in ("shoulder", "elbow", "ankle", "foot")
        sides = (
            {"left": "izquierdo", "right": "derecho"}
            if masculine
            else {"left": "izquierda", "right": "derecha"}
        )
        return f"{name.capitalize()} {sides.get(side, side)}"
    return f"{side.capitalize()} {name}"


def month_name(month: int, language: str) -> str:
    return MONTHS.get(language, MONTHS["en"])[month - 1]


def format_date(value: str, language: str) -> str:
    day = latest_possible_day(value)
    if day is None:
        return value
    month = month_name(day.month, language)
    if len(value) == 7:
        return f"{month} {day.year}" if language != "es" else f"{month} de {day.year}"
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"


def format_answer(item: Item | ChildItem, value: Any, language: str) -> str:
    """One answer as the patient would say it; "Not answered" when blank."""
    if _blank(value):
        return word("not_answered", language)
    if isinstance(item, YesNoItem):
        return word("yes" if value else "no", language)
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        texts = {o.value: localized(o.text, language) for o in item.options}
        codes = value if isinstance(value, list) else [value]
        return "; ".join(texts.get(code, str(code)) for code in codes)
    if isinstance(item, JointSideItem):
        return ", ".join(joint_label(code, language) for code in value)
    if isinstance(item, DateItem):
        return format_date(str(value), language)
    if isinstance(item, NumberItem):
        unit = localized(item.unit_text, language) or item.unit or ""
        return f"{_number(value)} {unit}".strip()
    if isinstance(item, GroupItem):
        return "\n".join(format_row(item, row, language) for row in value)
    return str(value)


def format_row(group: GroupItem, row: dict[str, Any], language: str) -> str:
    """The row's answers in one line, each ``isolated`` from the others."""
    parts = [
        isolated(format_answer(child, row[child.id], language))
        for child in group.items
        if not _blank(row.get(child.id))
    ]
    return " — ".join(parts)


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and says_nothing(value))


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
