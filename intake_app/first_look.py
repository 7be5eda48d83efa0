"""What the tablet's first screen needs from the clinic file, read before it is checked.

The window opens at once with the clinic's name, before the settings are checked
(which imports pydantic) and the database is opened; those follow off the GUI
thread. So the name and the window mode are read here on their own, leniently:
whatever cannot be read is left out (no name, the default window mode), and the
checked settings decide everything after the first moment. A file that cannot be
used leaves the window full screen only when a line of its own still says so, as
the screen that then names its problems does (``settings_problems.kiosk_fallback``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from intake_app.paths import clinic_file_path
from intake_app.settings_problems import readable_lines


@dataclass(frozen=True)
class FirstLook:
    clinic_name: str = ""
    full_screen: bool = True  # as ``KioskSettings.full_screen``


def first_look(environ: Mapping[str, str] | None = None) -> FirstLook:
    """The clinic's name and whether the window is full screen, as far as they can be read."""
    try:
        text = clinic_file_path(environ).read_text(encoding="utf-8")
    except FileNotFoundError:
        return FirstLook()  # the first run: the app writes the file
    except (OSError, UnicodeDecodeError):
        return FirstLook(full_screen=False)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        name = readable_lines(text, "clinic").get("name")
        full_screen = readable_lines(text, "kiosk").get("full_screen")
        return FirstLook(name if isinstance(name, str) else "", full_screen is True)
    clinic, kiosk = data.get("clinic"), data.get("kiosk")
    name = clinic.get("name") if isinstance(clinic, dict) else None
    full_screen = kiosk.get("full_screen", True) if isinstance(kiosk, dict) else True
    return FirstLook(name if isinstance(name, str) else "", full_screen is not False)
