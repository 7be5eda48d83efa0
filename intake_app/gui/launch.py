"""Checks made before Qt starts, so a display that cannot be used is one clear line, not
an abort.

Qt aborts the whole process (exit 134, several lines of plugin errors) when it
cannot open its window system. So the variables are read first; then, where the
display is on this machine, its socket is asked whether a server answers there (a
few milliseconds: an X server answers the connection set-up, a Wayland compositor
accepts the connection). Only a display that cannot be asked that way (on another
machine) is tried by starting Qt in a child process, as is any display whose server
does not answer, to say why. Qt itself then starts under ``one_line_if_qt_aborts``:
should it still abort (a library its window plugin needs is missing, the X server
refuses this user), the child finds out why, the app says it in one line and exits 2.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROBE_SECONDS = 5.0
# Platforms that draw into memory, not onto a screen: tests and `screenshots` use them.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc"})
X11_SOCKETS = Path("/tmp/.X11-unix")  # where an X server on this machine listens
_NOT_IMPORTABLE = 3  # the child could not import Qt: the app's own import error explains it
_PROBE = f"""
import sys
try:
    from PySide6.QtGui import QGuiApplication
except ImportError:
    sys.exit({_NOT_IMPORTABLE})
QGuiApplication(sys.argv[:1])
"""
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")  # ":0", ":0.0", "unix:1"
# An X11 connection set-up for protocol version 0.0 (little-endian, no authorisation): an X
# server answers it at once, refusing the version. A refused connection never was a
# client, so it does not make a server with no other client reset itself, as a client
# that connects and leaves does (and would refuse the app's own connection meanwhile).
_X11_SETUP = b"l\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"


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
    """Why Qt cannot open its window system here, or None when it can, or when there is
    nothing to try (a headless platform, not Linux).

    A display whose server answers on its socket on this machine is taken as usable
    without starting Qt (``one_line_if_qt_aborts`` covers the rest); otherwise a child
    process starts Qt, and says why it cannot.
    """
    env = dict(os.environ if environ is None else environ)
    if not _needs_probe(env, sys.platform if platform is None else platform):
        return None
    if display_answers(env, timeout):
        return None
    return qt_start_problem(env, timeout)


def qt_start_problem(env: Mapping[str, str], timeout: float = PROBE_SECONDS) -> str | None:
    """Start Qt in a child process: None when it starts, else why not, in a few words."""
    import subprocess  # only when there is a display to try: headless starts stay lighter

    try:
        child = subprocess.run(
            [sys.executable, "-c", _PROBE],
            env=dict(env) | {"QT_DEBUG_PLUGINS": "1"},
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


def display_answers(env: Mapping[str, str], timeout: float = PROBE_SECONDS) -> bool:
    """Whether a display named in ``env`` is on this machine and its server answers."""
    wayland = env.get("WAYLAND_DISPLAY", "")
    x_display = _LOCAL_X.match(env.get("DISPLAY", ""))
    if wayland and _wayland_answers(wayland, env, timeout):
        return True
    return x_display is not None and _x_server_answers(int(x_display.group(1)), timeout)


def _wayland_answers(name: str, env: Mapping[str, str], timeout: float) -> bool:
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/")) / name
    return _ask(path.as_posix(), b"", timeout)


def _x_server_answers(number: int, timeout: float) -> bool:
    """Linux X servers listen on an abstract socket and on a file in /tmp/.X11-unix."""
    path = (X11_SOCKETS / f"X{number}").as_posix()
    return _ask("\0" + path, _X11_SETUP, timeout) or _ask(path, _X11_SETUP, timeout)


def _ask(address: str, hello: bytes, timeout: float) -> bool:
    """Connect to a Unix socket and, when there is something to say, get any reply."""
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        try:
            connection.connect(address)
            if not hello:
                return True
            connection.sendall(hello)
            return bool(connection.recv(1))
        except OSError:  # no such socket, refused, or no answer in time
            return False


@contextmanager
def one_line_if_qt_aborts(environ: Mapping[str, str] | None = None) -> Iterator[None]:
    """While Qt starts in this process: should it abort, say why in one line and exit 2."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def on_message(kind: QtMsgType, _context: Any, message: str) -> None:
        if kind != QtMsgType.QtFatalMsg:
            print(message, file=sys.stderr)
            return
        env = os.environ if environ is None else environ
        reason = qt_start_problem(env) or qt_failure_reason(message, env)
        print(f"intake-app: {no_usable_display(reason)}", file=sys.stderr, flush=True)
        os._exit(2)  # Qt would abort the moment this returns

    previous = qInstallMessageHandler(on_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def no_usable_display(reason: str) -> str:
    from intake_app.cli import QT_SYSTEM_PACKAGES

    return (
        f"no usable display ({reason}); start the app from the tablet's desktop session. "
        f"Qt's system libraries: sudo apt-get install {QT_SYSTEM_PACKAGES}"
    )


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
