"""The composition root: the window's size and what an unexpected error does."""

from __future__ import annotations

import logging
import sys

from intake_app.gui.app import install_error_hook, show_window
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.paused import PausedScreen
from tests.gui.conftest import settle


def test_the_tablet_opens_full_screen_when_the_clinic_asks(kiosk):
    show_window(kiosk.window, full_screen=True)
    assert kiosk.window.isFullScreen()
    show_window(kiosk.window, full_screen=False)
    assert not kiosk.window.isFullScreen() and kiosk.window.width() == 1280


def test_an_unexpected_error_pauses_the_patient_with_answers_saved_and_logs_no_data(
    kiosk, caplog, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_error_hook(kiosk.controller)
    kiosk.start_intake()
    try:
        raise ValueError("answer: HIV positive")
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(type(error), error, error.__traceback__)
    settle()
    paused = kiosk.screen
    assert isinstance(paused, PausedScreen)
    assert paused.problem.text().startswith("Something went wrong on the tablet.")
    assert "ValueError" in caplog.text and "HIV" not in caplog.text


def test_an_unexpected_error_in_staff_mode_goes_back_to_the_locked_screen(kiosk, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(kiosk.controller)
    kiosk.unlock()
    error = RuntimeError("x")
    sys.excepthook(RuntimeError, error, None)
    assert isinstance(kiosk.screen, LockedScreen)
