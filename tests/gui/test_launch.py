"""Starting the app where Qt cannot open a window: one clear line and exit 2, never an abort."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from intake_app.gui import launch
from intake_app.gui.launch import probe_display, qt_failure_reason

CONSOLE_SCRIPT = Path(sys.executable).parent / "intake-app"


def without_display(**extra: str) -> dict[str, str]:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return {k: v for k, v in os.environ.items() if k not in hidden} | extra


def absent_display() -> str:
    """An X display number with no server behind it on this machine (a developer may run
    Xvfb on :99 while the tests run)."""
    return next(f":{n}" for n in range(99, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are a Linux matter")
def test_a_display_that_does_not_exist_is_one_line_and_exit_2(tmp_path):
    # A display with no X server: Qt alone would print its plugin errors and abort (134).
    assert CONSOLE_SCRIPT.exists()
    env = without_display(DISPLAY=absent_display(), INTAKE_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [str(CONSOLE_SCRIPT)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("intake-app: no usable display (")
    assert "sudo apt-get install libgl1 " in result.stderr


def test_the_offscreen_platform_is_not_probed(monkeypatch):
    # Tests and `screenshots` draw off screen: starting them must not cost a child process.
    def no_child(*_args, **_kwargs):
        raise AssertionError("probed")

    monkeypatch.setattr(subprocess, "run", no_child)
    environ = without_display(QT_QPA_PLATFORM="offscreen")
    assert probe_display(environ, "linux") is None
    assert probe_display(without_display(DISPLAY=":0"), "darwin") is None


def test_a_platform_that_starts_passes_the_probe(monkeypatch):
    # The child really starts Qt; offscreen always can, so the probe must let it through.
    monkeypatch.setattr(launch, "HEADLESS_PLATFORMS", frozenset())
    assert probe_display(without_display(QT_QPA_PLATFORM="offscreen"), "linux") is None


def test_a_display_that_does_not_answer_in_time_is_a_problem(x_sockets):
    number = int(absent_display()[1:])
    server = FakeXServer(x_sockets, number, silent=True)
    try:
        environ = without_display(DISPLAY=f":{number}")
        assert probe_display(environ, "linux", timeout=0.001) == (
            "the display did not answer within 0.001 seconds"
        )
    finally:
        server.close()


BOTH = {"DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-9"}
WAYLAND_ONLY = {"WAYLAND_DISPLAY": "wayland-9"}


@pytest.mark.parametrize(
    ("qt_says", "env", "reason"),
    [
        (
            'qt.core.library: "/x/libqxcb.so" cannot load: Cannot load library /x/libqxcb.so: '
            "libxcb-icccm.so.4: cannot open shared object file: No such file or directory\n"
            'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was '
            "found.\n",
            BOTH,
            "Qt's window plugin needs libxcb-icccm.so.4, which is not installed",
        ),
        (
            "qt.qpa.xcb: could not connect to display :99\n"
            'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was '
            "found.\n",
            BOTH,
            "cannot connect to the X display ':99'",
        ),
        (
            "Failed to create wl_display (No such file or directory)\n"
            'qt.qpa.plugin: Could not load the Qt platform plugin "wayland" in "" even though it '
            "was found.\nqt.qpa.xcb: could not connect to display \n",
            WAYLAND_ONLY,
            "cannot connect to the Wayland display 'wayland-9', and DISPLAY is not set",
        ),
        ("Fatal: something else\n", BOTH, "Qt could not start its window system"),
    ],
    ids=["missing library", "no X server", "neither Wayland nor X", "anything else"],
)
def test_qt_plugin_messages_become_one_short_reason(qt_says, env, reason):
    # Messages as Qt 6 prints them (with QT_DEBUG_PLUGINS=1 for the library name).
    assert qt_failure_reason(qt_says, env) == reason


class FakeXServer:
    """A Unix socket where an X server would listen: it answers each connection with one
    byte (an X server refusing the set-up), or, made ``silent``, never answers."""

    def __init__(self, folder: Path, number: int, *, silent: bool = False) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(folder / f"X{number}"))
        self.listener.listen(8)
        self.silent = silent
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)
            if not self.silent:
                connection.recv(12)
                connection.sendall(b"\x00")

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def x_sockets(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "x11"
    folder.mkdir()
    monkeypatch.setattr(launch, "X11_SOCKETS", folder)
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are a Linux matter")
def test_a_display_whose_server_answers_is_not_tried_in_a_child(monkeypatch, x_sockets):
    # A real display: starting a second Python and Qt to try it cost about 0.2 s.
    def no_child(*_args, **_kwargs):
        raise AssertionError("probed in a child process")

    server = FakeXServer(x_sockets, 7)
    try:
        monkeypatch.setattr(subprocess, "run", no_child)
        assert probe_display(without_display(DISPLAY=":7"), "linux") is None
        assert probe_display(without_display(DISPLAY=":7.0"), "linux") is None
    finally:
        server.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are a Linux matter")
def test_a_server_that_never_answers_is_not_taken_for_a_display(x_sockets):
    server = FakeXServer(x_sockets, 8, silent=True)
    try:
        assert not launch.display_answers({"DISPLAY": ":8"}, timeout=0.2)
        assert not launch.display_answers({"DISPLAY": ":9"}, timeout=0.2)  # nobody there
        assert not launch.display_answers({"DISPLAY": "otherhost:8"}, timeout=0.2)  # not asked
    finally:
        server.close()


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from intake_app.gui import launch
    from intake_app.cli import main

    launch.X11_SOCKETS = Path(sys.argv[1])
    sys.exit(main([]))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are a Linux matter")
def test_qt_aborting_after_the_display_answered_is_still_one_line_and_exit_2(tmp_path, x_sockets):
    # The socket answers, but Qt cannot use the display (here: Qt looks for its server
    # elsewhere): Qt's abort becomes the same single line, found out in a child.
    number = int(absent_display()[1:])
    server = FakeXServer(x_sockets, number)
    try:
        env = without_display(DISPLAY=f":{number}", INTAKE_DATA_DIR=str(tmp_path / "data"))
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(x_sockets)],
            capture_output=True,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            timeout=60,
            check=False,
        )
    finally:
        server.close()
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    last = result.stderr.splitlines()[-1]
    assert last.startswith(
        f"intake-app: no usable display (cannot connect to the X display ':{number}')"
    )
    assert "sudo apt-get install libgl1 " in last
