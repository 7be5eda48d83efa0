"""Reading the fields of a JSON input file, with one plain problem per wrong field.

A problem starts with the field's path (``patient.mrn``, ``consent.signature[0][3]``)
and says what is wrong and what would be right; it is printed through ``shown_problem``,
since a field's name or value in it comes from the file. JSON types are checked
exactly: a number is not text, true is not a number, a list is not an object.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from intake_app.chart.ink import ASPECT, Strokes, strokes_problem
from intake_app.questionnaire.answers import is_blank, plain_number
from intake_app.questionnaire.typed_text import TextProblem, text_problem

Problems = list[str]
SHOWN_LINE_MAX = 1000  # characters of a problem line as printed
UNPRINTABLE = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp"})  # controls, lone surrogates, marks
FROM_TEMPLATE = "see `intake-app forms template FORM_ID`"
POINT_FIELDS = ("x", "y", "t", "p")
IDENTIFIER_PROBLEMS = {
    TextProblem.CONTROL: "use one line of text, without tabs or control codes",
    TextProblem.LINE_BREAK: "use one line of text, without line breaks",
    TextProblem.INVISIBLE: (
        "holds an invisible formatting character (a direction mark, a zero-width space...);"
        " type the name without it"
    ),
}


def shown_problem(problem: str) -> str:
    """A problem line as it may be printed: what a file's field names or values bring in
    that would act on the terminal or cannot be printed at all (control codes, escape
    sequences, lone surrogates, invisible marks, line breaks) is written as an escape
    (``\\x1b``, ``\\ud800``); a line made very long by a huge value is shortened in the
    middle, keeping the field's name at the start and what would be right at the end."""
    shown = "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in UNPRINTABLE else c for c in problem
    )
    if len(shown) <= SHOWN_LINE_MAX:
        return shown
    keep = SHOWN_LINE_MAX // 2 - 50
    left_out = len(shown) - 2 * keep
    return f"{shown[:keep]} ... ({left_out} characters left out) ... {shown[-keep:]}"


def kind(value: Any) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "text"


def finite_number(value: Any) -> bool:
    """A JSON number that is a real number a person could mean (true/false, NaN, infinity
    and numbers of hundreds of digits are not)."""
    return plain_number(value)


@dataclass
class JsonObject:
    """One object of an input file, read field by field; problems go to ``problems``."""

    raw: dict[str, Any]
    path: str
    problems: Problems

    @classmethod
    def read(cls, value: Any, path: str, problems: Problems, missing: str) -> JsonObject | None:
        """The object at ``path``; None (and a problem) when it is absent or not an object."""
        if value is None:
            problems.append(f"{path}: missing; {missing}")
        elif not isinstance(value, dict):
            problems.append(f"{path}: must be an object {{...}}, not {kind(value)}")
        else:
            return cls(value, path, problems)
        return None

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Any:
        return self.raw.get(key)

    def only(self, known: tuple[str, ...]) -> None:
        """A problem for each field that is not one of ``known`` (a typo would be lost)."""
        for key in self.raw:
            if key not in known:
                self.problems.append(
                    f"{self.where(key)}: not a field here; the fields are {', '.join(known)}"
                )

    def text(self, key: str, *, limit: int, missing: str = "") -> str | None:
        """A trimmed one-line name or number (an identifier, see ``typed_text``); None when
        blank (a problem if ``missing`` says why) or wrong."""
        value, path = self.raw.get(key), self.where(key)
        if is_blank(value) and not isinstance(value, list):
            if missing:
                self.problems.append(f"{path}: {missing}")
            return None
        if not isinstance(value, str):
            self.problems.append(f"{path}: must be text in quotes, not {kind(value)}")
            return None
        text = value.strip()
        problem = text_problem(text, one_line=True, identifier=True)
        if len(text) > limit:
            self.problems.append(f"{path}: use {limit} characters or fewer (it has {len(text)})")
        elif problem is not None:
            self.problems.append(f"{path}: {IDENTIFIER_PROBLEMS[problem]}")
        else:
            return text
        return None

    def note(self, key: str, *, limit: int) -> str:
        """An optional short note of a few lines; "" when absent or wrong (and a problem)."""
        value, path = self.raw.get(key), self.where(key)
        if is_blank(value) and not isinstance(value, list):
            return ""
        if not isinstance(value, str):
            self.problems.append(f"{path}: must be text in quotes, not {kind(value)}")
            return ""
        text = value.strip()
        if len(text) > limit:
            self.problems.append(f"{path}: use {limit} characters or fewer (it has {len(text)})")
        elif text_problem(text, one_line=False) is not None:
            self.problems.append(f"{path}: use plain text, without control codes")
        else:
            return text
        return ""

    def strokes(self, key: str) -> Strokes | None:
        """Signature strokes on the pad with enough ink to be a signature."""
        value, path = self.raw.get(key), self.where(key)
        if value is None or value == []:
            self.problems.append(f"{path}: the signature is missing")
            return None
        problem = _shape_problem(value, path)
        if problem is None and (ink := strokes_problem(value)):
            problem = f"{path}: {ink}"
        if problem:
            self.problems.append(problem)
            return None
        return list(value)


def _shape_problem(strokes: Any, path: str) -> str | None:
    """Where the strokes are not lists of points on the pad, or None."""
    if not isinstance(strokes, list):
        return f"{path}: must be a list of strokes, each a list of points, not {kind(strokes)}"
    for s, stroke in enumerate(strokes):
        if not isinstance(stroke, list):
            return f"{path}[{s}]: a stroke must be a list of points, not {kind(stroke)}"
        for p, point in enumerate(stroke):
            problem = _point_problem(point)
            if problem:
                return f"{path}[{s}][{p}]: {problem}"
    return None


def _point_problem(point: Any) -> str | None:
    if not isinstance(point, dict):
        return 'a point is an object such as {"x": 0.1, "y": 0.2, "t": 0}'
    unknown = [key for key in point if key not in POINT_FIELDS]
    if unknown:
        return f"'{unknown[0]}' is not a field of a point; the fields are {', '.join(POINT_FIELDS)}"
    if not all(finite_number(point.get(key)) for key in ("x", "y", "t")):
        return "a point needs the numbers x, y (in pad widths) and t (milliseconds)"
    pressure = point.get("p")
    if pressure is not None and not (finite_number(pressure) and 0 <= pressure <= 1):
        return "the pressure p must be a number from 0 to 1, or null"
    if not (0 <= point["x"] <= 1 and 0 <= point["y"] <= 1 / ASPECT):
        return f"the point is off the pad: x goes from 0 to 1, y from 0 to {1 / ASPECT:.2f}"
    if point["t"] < 0:
        return "the time t must not be negative"
    return None
