"""Slow work off the GUI thread: the answer comes back on the GUI thread, and a page
closed meanwhile (a log-out) is not drawn into."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from intake_app.gui.background import Background


def test_the_answer_reaches_a_page_that_is_still_open(qtbot):
    background, page = Background(), QLabel()
    qtbot.addWidget(page)
    answers: list[object] = []
    background.run(threading.get_ident, answers.append, answers.append, owner=page)
    qtbot.waitUntil(lambda: answers != [])
    assert answers[0] != threading.get_ident(), "the work ran on the worker thread"


def test_a_page_deleted_before_its_answer_arrives_is_not_told(qtbot):
    background, page = Background(), QLabel()
    release = threading.Event()
    answers: list[object] = []
    background.run(lambda: release.wait(5), answers.append, answers.append, owner=page)
    page.deleteLater()
    qtbot.waitUntil(lambda: not isValid(page))
    release.set()
    assert background.wait(5000)
    qtbot.wait(50)
    assert answers == []


def test_a_long_job_reports_each_step_and_stops_when_cancelled(qtbot):
    background, page = Background(), QLabel()
    qtbot.addWidget(page)
    steps: list[tuple[int, int, str]] = []
    done: list[object] = []

    def job(progress):
        for step in range(1, 6):
            if not progress.report(step, 5, f"file {step}"):
                return step
            if step == 2:
                release.wait(5)
        return 5

    release = threading.Event()
    progress = background.run_with_progress(job, lambda *s: steps.append(s), done.append,
                                            done.append, owner=page)  # fmt: skip
    qtbot.waitUntil(lambda: len(steps) == 2)
    progress.cancel()
    release.set()
    qtbot.waitUntil(lambda: done != [])
    assert steps == [(1, 5, "file 1"), (2, 5, "file 2"), (3, 5, "file 3")]
    assert done == [3], "the job stopped at the first step after Cancel"
