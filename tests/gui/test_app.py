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
    assert kiosk.window.geometry() == kiosk.window.screen().geometry()
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


def test_a_step_that_could_not_be_stored_for_a_lost_connection_says_so_on_the_paused_screen(
    kiosk, monkeypatch
):
    """A consent step, say, fails because the database is out of reach: the patient is
    told the connection was lost and that the last step was not saved, not that
    "something went wrong"."""
    from intake_app.services.connection import DatabaseUnavailable

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(kiosk.controller)
    kiosk.start_intake()
    error = DatabaseUnavailable()
    sys.excepthook(DatabaseUnavailable, error, None)
    settle()
    paused = kiosk.screen
    assert isinstance(paused, PausedScreen)
    assert paused.problem.text().startswith("The tablet lost its connection")
    assert "the last step was not" in paused.problem.text()


def test_an_unexpected_error_in_staff_mode_goes_back_to_the_locked_screen(kiosk, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(kiosk.controller)
    kiosk.unlock()
    error = RuntimeError("x")
    sys.excepthook(RuntimeError, error, None)
    assert isinstance(kiosk.screen, LockedScreen)


def test_at_start_up_a_document_a_failed_seal_left_unmade_is_made(
    tmp_path, qapp, qtbot, monkeypatch
):
    import datetime as dt
    import json
    import socket

    from sqlmodel import select

    from intake_app.cli import main
    from intake_app.commands.packet import _sample_input
    from intake_app.forms.catalog import FormCatalog
    from intake_app.settings import load_settings
    from intake_app.storage.tables import Document
    from tests.gui.conftest import close_kiosk, open_kiosk, prepare_data_dir

    data_dir = tmp_path / "data"
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data_dir))
    monkeypatch.setattr("intake_app.services.pending_documents.SETTLE_TIME", dt.timedelta(0))
    with socket.socket() as probe:  # a timestamp authority nobody answers for
        probe.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{probe.getsockname()[1]}/tsa"
    prepare_data_dir(data_dir, extra=f'[seal]\ntimestamp_url = "{nobody}"\n')
    source = tmp_path / "intake.json"
    catalog = FormCatalog.from_folder(load_settings().forms_dir)
    source.write_text(json.dumps(_sample_input(catalog)), encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 1

    kiosk = open_kiosk(data_dir, qapp, qtbot)  # the authority is still down
    try:
        qtbot.waitUntil(lambda: bool(kiosk.controller.copies.notices), timeout=30_000)
        settle()
        assert isinstance(kiosk.screen, LockedScreen)
        assert any("could not be made" in n.text() for n in kiosk.screen.notices)
    finally:
        close_kiosk(kiosk)

    prepare_data_dir(data_dir)  # the clinic fixes its settings (no authority) and restarts
    kiosk = open_kiosk(data_dir, qapp, qtbot)
    try:
        kiosk.controller.background.wait()
        with kiosk.services.database.session() as session:
            kinds = sorted(d.kind for d in session.exec(select(Document)))
            assert kinds == ["chart_packet", "patient_copy"]
    finally:
        close_kiosk(kiosk)
