"""The staff screen looks patients up on the background worker, so typing never waits for
the database, and shows only the answer to the newest search."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtWidgets import QPushButton

from intake_app.gui.background import Background
from intake_app.gui.screens.staff import FormChoice, StaffScreen
from intake_app.services.front_desk import PatientDetails, PatientOnFile
from tests.gui.conftest import type_text

FORMS = [FormChoice("exosome-joint-intake", "1.0", "Joint pain questions")]


def on_file(given: str) -> PatientOnFile:
    return PatientOnFile(PatientDetails(given, "Núñez", dt.date(1961, 7, 14)), 0, None)


def shown(screen: StaffScreen) -> list[str]:
    """The patients listed, by their Use buttons."""
    rows = screen.matches.rows
    return [b.accessibleName() for row in rows for b in row.findChildren(QPushButton)]


def test_the_search_runs_off_the_gui_thread_and_the_newest_answer_wins(qtbot):
    first_running, let_first_finish = threading.Event(), threading.Event()
    searched_on: list[threading.Thread] = []

    def search(name: str, _birth: str | None, _mrn: str) -> list[PatientOnFile]:
        searched_on.append(threading.current_thread())
        if name == "Núñez":  # the first search: slow, answers after the second was asked
            first_running.set()
            let_first_finish.wait(5)
            return [on_file("Old")]
        return [on_file("Zoë")]

    background = Background()
    screen = StaffScreen(FORMS, [], search, background=background)
    qtbot.addWidget(screen)
    type_text(screen.family_name, "Núñez")
    qtbot.waitUntil(first_running.is_set, timeout=2000)  # the GUI thread is free meanwhile
    type_text(screen.given_names, "Zoë")
    qtbot.wait(400)  # the second search is asked for after the typing pause
    let_first_finish.set()
    qtbot.waitUntil(lambda: len(searched_on) == 2 and background.wait(0), timeout=3000)
    qtbot.waitUntil(lambda: bool(screen.matches.rows), timeout=2000)
    qtbot.wait(50)  # any answer still on its way is delivered
    assert shown(screen) == ["Use Zoë Núñez"], "the older search's answer is not shown"
    assert threading.main_thread() not in searched_on
