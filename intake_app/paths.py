"""Where the shipped clinical content and resources live, and the clinic's data folder.

In a source checkout (editable install) they are the top-level ``forms/`` and
``resources/`` folders; in an installed wheel they are copied into
``intake_app/_data/``. This module is the one place that knows.

The data folder is ``INTAKE_DATA_DIR``, else the platform's user data folder; the
clinic file is ``INTAKE_CLINIC_FILE``, else ``clinic.toml`` in it. Found without
importing anything heavy: the tablet's first screen reads the clinic's name before
anything else is loaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "intake-app"

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


def data_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the database, the documents, the keys and the clinic file."""
    env = os.environ if environ is None else environ
    chosen = env.get("INTAKE_DATA_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("linux"):  # the XDG rule platformdirs follows, without its import
        base = env.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / APP_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def clinic_file_path(environ: Mapping[str, str] | None = None) -> Path:
    """The clinic settings file (which may not exist yet)."""
    env = os.environ if environ is None else environ
    return Path(env.get("INTAKE_CLINIC_FILE") or data_folder(env) / "clinic.toml")
