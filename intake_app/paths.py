"""Where the shipped clinical content and resources live.

In a source checkout (editable install) they are the top-level ``forms/`` and
``resources/`` folders; in an installed wheel they are copied into
``intake_app/_data/``. This module is the one place that knows.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def shipped_forms_dir() -> Path:
    """The folder of questionnaires and consent documents that ship with the app."""
    return _shipped("forms")


def resources_dir() -> Path:
    """The folder of icons, themes, fonts, translations and images."""
    return _shipped("resources")
