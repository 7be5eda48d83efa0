"""Power cut in the middle of an intake: the restarted app resumes the same page and answers.

A child process runs the real app offscreen, a patient answers a page and part of the next, and
the process is killed with SIGKILL (no chance to save anything more). The app
is then started again on the same data folder.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from intake_app.gui.screens.paused import PausedScreen
from tests.gui.conftest import close_kiosk, open_kiosk, prepare_data_dir, set_date, settle

CHILD = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from tests.gui.conftest import give, open_kiosk, settle, type_text

    app = QApplication([])
    kiosk = open_kiosk(Path(sys.argv[1]), app)
    kiosk.start_intake()
    first = {"decides_for_self": True, "sex_at_birth": "female", "preferred_language": "english"}
    for item_id, value in (first | {"interpreter_needed": True}).items():
        give(kiosk.page.views[item_id], value, None)
    kiosk.next()
    settle()
    type_text(kiosk.page.views["phone"].answer.field, "(555) 010-3141")
    type_text(kiosk.page.views["email"].answer.field, "mj@example.org")  # leaves the phone field
    kiosk.wizard.next.setFocus()  # and the e-mail field: as a tap elsewhere does
    settle()
    print("ack", kiosk.page.page.id, flush=True)
    time.sleep(600)
    """
)


def test_a_killed_app_resumes_the_same_page_with_every_answer(tmp_path, qapp, qtbot):
    data_dir = tmp_path / "data"
    prepare_data_dir(data_dir)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert line.startswith("ack "), line
    page_id = line.split()[1]

    kiosk = open_kiosk(data_dir, qapp, qtbot)
    try:
        paused = kiosk.screen
        assert isinstance(paused, PausedScreen), (
            "a restart must not show the answers before identity is confirmed"
        )
        set_date(paused.birth_date, "1961-07-14")
        paused.go_on.click()
        settle()
        assert kiosk.page.page.id == page_id
        assert kiosk.page.views["phone"].answer.value() == "(555) 010-3141"
        assert kiosk.page.views["email"].answer.value() == "mj@example.org"
        assert kiosk.controller.session.patient.given_names == "María José"
        assert kiosk.controller.session.answers["sex_at_birth"] == "female"
        assert kiosk.controller.session.answers["interpreter_needed"] is True
    finally:
        close_kiosk(kiosk)
