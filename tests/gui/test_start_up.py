"""The tablet starts at once: the window is drawn before anything heavy is loaded, and the
right screen follows as soon as the settings, the database and the forms are ready."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton

from intake_app.gui.app import AppStart
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.settings_problem import SettingsProblemScreen
from intake_app.gui.screens.starting import StartingScreen
from intake_app.settings import load_settings
from tests.conftest import TODAY
from tests.gui.conftest import FakeClock, prepare_data_dir
from tests.gui.test_idle_lock import on_screen_text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    prepare_data_dir(tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def start(qapp, qtbot, data_dir) -> Iterator[AppStart]:
    yield from app_start(qapp, qtbot, data_dir)


def app_start(qapp, qtbot, data_dir: Path) -> Iterator[AppStart]:
    """The tablet's start-up on ``data_dir``, closed and its work waited for after."""
    window = KioskWindow("Patient intake")
    qtbot.addWidget(window)
    opened = AppStart(
        qapp,
        window,
        load=lambda: load_settings({"INTAKE_DATA_DIR": str(data_dir)}),
        clock=FakeClock(),
        today=lambda: TODAY,
        speech_engine="mock",
    )
    yield opened
    window.may_close = True
    if opened._background is not None:
        opened._background.wait()
    if opened.controller is not None:
        opened.controller.background.wait()
        opened.controller.idle.stop()
        opened.controller.translator.use("en")
    if opened.services is not None:
        opened.services.database.dispose()


def test_the_clinic_is_shown_at_once_with_nothing_to_tap_then_the_locked_screen(
    start, data_dir, qtbot
):
    start.open_once_drawn({"INTAKE_DATA_DIR": str(data_dir)})
    first = start.window.current
    assert isinstance(first, StartingScreen) and start.window.isVisible()
    assert "Riverside Joint Clinic" in on_screen_text(start.window)
    assert start.window.windowTitle() == "Riverside Joint Clinic"
    assert first.findChildren(QAbstractButton) == []  # nobody can tap before it is ready
    assert start.services is None  # the database is opened only once the window is drawn

    qtbot.waitUntil(lambda: isinstance(start.window.current, LockedScreen), timeout=20_000)
    assert start.window.current.staff.isEnabled()
    assert "Riverside Joint Clinic" in on_screen_text(start.window)


def test_a_clinic_file_that_cannot_be_used_follows_the_first_screen(start, data_dir, qtbot, capsys):
    clinic_file = data_dir / "clinic.toml"
    text = clinic_file.read_text(encoding="utf-8")
    clinic_file.write_text(text.replace("idle_seconds = 180", "idle_seconds = 20"), "utf-8")
    start.open_once_drawn({"INTAKE_DATA_DIR": str(data_dir)})
    assert isinstance(start.window.current, StartingScreen)

    qtbot.waitUntil(lambda: isinstance(start.window.current, SettingsProblemScreen), timeout=20_000)
    assert "kiosk.idle_seconds is 20" in on_screen_text(start.window).replace("\u200b", "")
    assert not start.window.isFullScreen()  # no line says full screen: staff reach the desktop
    assert "kiosk.idle_seconds is 20" in capsys.readouterr().err


# The libraries that must wait: none before the window is drawn, and the document and
# export ones not even once the locked screen is ready (a PDF or an export loads them).
NOT_BEFORE_DRAWN = (
    "pydantic",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "yaml",
    "argon2",
    "reportlab",
    "pyhanko",
    "fhir",
    "intake_app.storage",
    "intake_app.settings",
    "intake_app.gui.kiosk",
    "intake_app.gui.desk_app",
)
NOT_WHEN_READY = ("reportlab", "pyhanko", "fhir", "intake_app.gui.desk_app")

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from intake_app.cli import main
    from intake_app.gui import app
    from intake_app.gui.first_paint import after_first_paint

    WATCHED = json.loads(sys.argv[1])
    seen = {}

    def loaded():
        return sorted(name for name in WATCHED if name in sys.modules)

    def watch(window):
        def drawn():
            seen["drawn"] = [type(window.current).__name__, loaded()]
            wait_until_ready()

        def wait_until_ready():
            if type(window.current).__name__ == "LockedScreen":
                seen["ready"] = [type(window.current).__name__, loaded()]
                print(json.dumps(seen), flush=True)
                QApplication.instance().exit(0)
            else:
                QTimer.singleShot(20, wait_until_ready)

        after_first_paint(window, drawn)

    app.mark_first_paint = watch
    sys.exit(main([]))
    """
)


def test_nothing_heavy_is_loaded_before_the_window_is_drawn(data_dir):
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "INTAKE_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(NOT_BEFORE_DRAWN)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["drawn"] == ["StartingScreen", []]
    screen, loaded = seen["ready"]
    assert screen == "LockedScreen"
    assert [name for name in loaded if name in NOT_WHEN_READY] == []
    assert "sqlalchemy" in loaded  # the check sees what is loaded: the database is open
