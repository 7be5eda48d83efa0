"""What the tablet's first screen needs from the clinic file, read before it is checked.

The window opens at once with the clinic's name, before the settings are checked
(which imports pydantic and a TOML parser) and the database is opened; those follow
off the GUI thread. So the name and the window mode are read here on their own,
line by line and leniently: ``name = "..."`` under ``[clinic]`` and ``full_screen =
true|false`` under ``[kiosk]``, each on one line. Whatever cannot be read that way is
left out (no name; full screen, the default), and the checked settings decide
everything after the first moment: the window follows them if this guessed wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import NamedTuple

from intake_app.paths import clinic_file_path

_SECTION = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(?:#.*)?$")
_NAME = re.compile(r'^\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\')\s*(?:#.*)?$')
_FULL_SCREEN = re.compile(r"^\s*full_screen\s*=\s*(true|false)\s*(?:#.*)?$")


class FirstLook(NamedTuple):
    clinic_name: str = ""
    full_screen: bool = True  # as ``KioskSettings.full_screen``


def first_look(environ: Mapping[str, str] | None = None) -> FirstLook:
    """The clinic's name and whether the window is full screen, as far as they can be read."""
    try:
        text = clinic_file_path(environ).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return FirstLook()  # none yet (the first run writes it), or the problem screen follows
    name, full_screen, section = "", True, ""
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
        elif section == "clinic" and (found := _NAME.match(line)):
            name = _basic_string(found.group(1)) if found.group(2) is None else found.group(2)
        elif section == "kiosk" and (switch := _FULL_SCREEN.match(line)):
            full_screen = switch.group(1) == "true"
    return FirstLook(name, full_screen)


def _basic_string(inside: str | None) -> str:
    """A TOML basic string's text (its escapes are JSON's, but for \\e and \\x, left out)."""
    if not inside or "\\" not in inside:
        return inside or ""
    try:
        text = json.loads(f'"{inside}"')
    except ValueError:
        return ""
    return text if isinstance(text, str) else ""
