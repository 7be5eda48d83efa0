"""Checks made before Qt is imported, so a missing display is one clear line, not an abort."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why the window cannot open here, or None when a display is available."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if env.get("QT_QPA_PLATFORM"):
        return None
    if not system.startswith("linux"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start the app from the tablet's desktop session; the 'forms' commands work without one."
    )
