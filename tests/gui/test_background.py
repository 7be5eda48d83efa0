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
