"""A clinic settings file that cannot be used, explained to staff.

Each problem is in plain words with the line it is on ("kiosk.idle_seconds is
20; it must be 30 or more"); a setting the app no longer uses says what
replaced it. The [kiosk] lines that can still be read tell the problem screen
whether to open full screen.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class SettingsProblem:
    """One thing wrong in the clinic settings file, in words staff can act on."""

    text: str
    line: int | None = None  # the line of the file it is on, when it can be found

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}" if self.line else self.text


_TOML_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_SHOWN_LINE = 80


def syntax_problem(error: tomllib.TOMLDecodeError, text: str) -> SettingsProblem:
    """Where the file stops being readable, and the line as written there."""
    message = str(error)
    place = _TOML_PLACE.search(message)
    reason = message[: place.start()] if place else message
    reason = reason[:1].lower() + reason[1:]
    if place is None or place.group(1) is None:
        return SettingsProblem(
            f"the file cannot be read to its end ({reason}); a closing quote or bracket "
            "may be missing"
        )
    number, column = int(place.group(1)), int(place.group(2))
    lines = text.splitlines()
    written = lines[number - 1].strip() if number <= len(lines) else ""
    shown = written if len(written) <= _SHOWN_LINE else written[: _SHOWN_LINE - 1] + "…"
    return SettingsProblem(f"{reason} (column {column}) in: {shown}", number)


# What a value must be, in plain words, for each kind of pydantic error.
def validation_problems(error: ValidationError, text: str) -> list[SettingsProblem]:
    """Each value that does not fit, with its line, in the order of the file."""
    problems = [
        SettingsProblem(_describe(details), _line_of(text, details["loc"]))
        for details in error.errors()
    ]
    return sorted(problems, key=lambda problem: problem.line or len(text))


_MUST_BE = {
    "int_parsing": "a whole number, like 180",
    "int_type": "a whole number, like 180",
    "int_from_float": "a whole number, like 180",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": 'text in "quotes"',
    "decimal_parsing": "a number",
    "decimal_type": "a number",
    "model_type": "a section of settings in [brackets]",
}


# Settings of earlier versions, refused with what to do instead.
RETIRED = {
    "kiosk.staff_pin_hash": (
        "kiosk.staff_pin_hash: the shared staff PIN is no longer used; each person unlocks "
        "the tablet with their own user name and PIN. Remove this line. Add each person "
        'with: intake-app users add "NAME" --user-name USER --role admin (or nurse, '
        "clinician, records in place of admin), then give them a PIN with: "
        "intake-app users set-pin USER"
    ),
}


def _describe(error: ErrorDetails) -> str:
    """One validation error, e.g. "kiosk.idle_seconds is 20; it must be 30 or more"."""
    location = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden" and location in RETIRED:
        return RETIRED[location]
    if error["type"] == "extra_forbidden":
        return f"unknown setting '{location}'; check its spelling, or remove the line"
    rule = _rule(error)
    if rule and isinstance(error["input"], str | int | float | bool | Decimal):
        return f"{location} is {_shown(error['input'])}; it must be {rule}"
    return f"{location}: {_message(error)}"


def value_problem(error: ErrorDetails) -> str:
    """What one value must be instead, without naming the setting: "it must be 30 or
    more". The settings page shows it under the field; the file's problems say the same
    words after the setting's name and line."""
    rule = _rule(error)
    if rule:
        return f"it must be {rule}"
    message = _message(error)
    return f"it {message}" if message.startswith("must ") else message[:1].lower() + message[1:]


def _message(error: ErrorDetails) -> str:
    return error["msg"].replace("Input should be", "must be").removeprefix("Value error, ")


def _rule(error: ErrorDetails) -> str | None:
    context = error.get("ctx") or {}
    limits = {
        "greater_than_equal": ("ge", "{} or more"),
        "less_than_equal": ("le", "{} or less"),
        "greater_than": ("gt", "more than {}"),
        "less_than": ("lt", "less than {}"),
    }
    if error["type"] in limits:
        key, words = limits[error["type"]]
        return words.format(context.get(key))
    if error["type"] == "literal_error":
        return str(context.get("expected")).replace("'", '"')
    if error["type"] == "value_error":
        return str(context.get("error", "")).removeprefix("must be ") or None
    return _MUST_BE.get(error["type"])


def _shown(value: object) -> str:
    """A value as it is written in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:39] + "…"
        return f'"{short}"'
    return str(value)


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")


def _line_of(text: str, location: tuple[int | str, ...]) -> int | None:
    """The line a setting (or an unknown section) is on, or None when it cannot be found."""
    names = [str(part) for part in location]
    section, key = (names[0], names[1]) if len(names) > 1 else ("", names[0])
    key_line = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            if not section and current == key:
                return number
        elif current == section and key_line.match(line):
            return number
    return None


@dataclass(frozen=True)
class KioskFallback:
    """What a broken clinic file still says about the window.

    The app shows the file's problems on its own screen; that screen opens full
    screen only if the file still says so in a line that can be read, the value
    taken only when it is valid by itself.
    """

    full_screen: bool | None = None


def kiosk_fallback(path: Path) -> KioskFallback:
    """The [kiosk] values of a broken clinic file that can still be read, line by line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return KioskFallback()
    values = _readable_lines(text, "kiosk")
    full_screen = values.get("full_screen")
    return KioskFallback(full_screen if isinstance(full_screen, bool) else None)


def _readable_lines(text: str, section: str) -> dict[str, object]:
    """Each one-line ``key = value`` of ``section`` that is valid TOML by itself."""
    values: dict[str, object] = {}
    current = ""
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
        elif current == section:
            try:
                values.update(tomllib.loads(line))
            except tomllib.TOMLDecodeError:
                continue
    return values
