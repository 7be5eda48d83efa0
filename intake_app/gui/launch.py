"""Checks made before Qt is imported, so a missing display is one clear line, not an abort.

Qt aborts the whole process (exit 134, several lines of plugin errors) when it
cannot open its window system. So the variables are read first, and then a child
process tries to start Qt; only when it succeeds does the app start Qt itself.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

PROBE_SECONDS = 5.0
# Platforms that draw into memory, not onto a screen: tests and `screenshots` use them.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc"})
_NOT_IMPORTABLE = 3  # the child could not import Qt: the app's own import error explains it
_PROBE = f"""
import sys
try:
    from PySide6.QtGui import QGuiApplication
except ImportError:
    sys.exit({_NOT_IMPORTABLE})
QGuiApplication(sys.argv[:1])
"""


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


def probe_display(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    timeout: float = PROBE_SECONDS,
) -> str | None:
    """Why Qt cannot open its window system here, found by trying in a child process.

    None when it can, or when there is nothing to try (a headless platform, not Linux).
    """
    env = dict(os.environ if environ is None else environ)
    if not _needs_probe(env, sys.platform if platform is None else platform):
        return None
    import subprocess  # only when there is a display to try: headless starts stay lighter

    try:
        child = subprocess.run(
            [sys.executable, "-c", _PROBE],
            env=env | {"QT_DEBUG_PLUGINS": "1"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"the display did not answer within {timeout:g} seconds"
    if child.returncode in (0, _NOT_IMPORTABLE):
        return None
    return qt_failure_reason(child.stderr, env)


def _needs_probe(env: Mapping[str, str], system: str) -> bool:
    requested = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0]
    return system.startswith("linux") and requested not in HEADLESS_PLATFORMS


def qt_failure_reason(stderr: str, env: Mapping[str, str]) -> str:
    """Qt's many lines of plugin messages, as one short reason."""
    missing = re.search(r"([\w.+-]+\.so[.\d]*): cannot open shared object file", stderr)
    if missing:
        return f"Qt's window plugin needs {missing.group(1)}, which is not installed"
    displays = []
    if "Failed to create wl_display" in stderr or "wayland connection" in stderr:
        displays.append(_display_named("Wayland", "WAYLAND_DISPLAY", env))
    if "could not connect to display" in stderr:
        displays.append(_display_named("X", "DISPLAY", env))
    if displays:
        return ", and ".join(displays)
    return "Qt could not start its window system"


def _display_named(kind: str, variable: str, env: Mapping[str, str]) -> str:
    name = env.get(variable, "")
    return f"cannot connect to the {kind} display {name!r}" if name else f"{variable} is not set"
