"""A patient's whole visit on the tablet, off screen, as the GUI tests drive it: the
time of each Next until the next page is painted, and the peak memory of the visit.

``python -m benchmarks.tablet_flow visit DIR`` opens the kiosk on a fresh data folder,
hands it to the sample patient, answers every page (the answers of
``tests/gui/test_patient_flow.py``) and taps Next, timed; then confirms the review,
reads the consent, answers the check, agrees, signs with a finger and waits for the
chart document and the patient's copy. It says the Next times (seconds, with the page
they left) and its peak resident memory. ``prepare DIR`` only prepares a data folder
(the clinic file, an administrator and a nurse) for the start-up benchmark.

The helpers come from the GUI tests (``tests/gui``), which import pytest and
hypothesis: the runner subtracts what those add to the peak (``tools_mb``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

WAIT_SECONDS = 120


class TapsLikeQtBot:
    """The one qtbot call the answer helpers make (a tap on the joint picture)."""

    @staticmethod
    def mouseClick(widget: Any, button: Any, pos: Any = None) -> None:  # noqa: N802 (qtbot's name)
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)


def shown_content(window: Any) -> Any:
    """What the patient sees change on Next: the question page, or the screen itself."""
    screen = window.current
    page = getattr(screen, "page", None)
    return page if page is not None and hasattr(page, "views") else screen


def timed_next(window: Any, button: Any) -> float:
    """Seconds from the tap on Next until the content shown after it is painted and the
    event loop turns over (the patient can tap again).

    Qt paints a window when it handles an update request: the first one handled once the
    new content is shown paints it. The window's own events are watched, not the whole
    application's, so watching costs almost nothing.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    before = shown_content(window)
    loop = QEventLoop()
    times: dict[str, float] = {}

    class Watch(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
            update = event.type() == QEvent.Type.UpdateRequest
            if update and "painting" not in times and shown_content(window) is not before:
                times["painting"] = time.perf_counter()
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        times["ready"] = time.perf_counter()
        loop.quit()

    watch = Watch()
    window.installEventFilter(watch)
    QTimer.singleShot(WAIT_SECONDS * 1000, loop.quit)
    start = time.perf_counter()
    button.click()
    loop.exec()
    window.removeEventFilter(watch)
    if "ready" not in times:
        raise RuntimeError("Next did not show a new page within the time allowed")
    return times["ready"] - start


def answer_every_page(kiosk: Any) -> list[tuple[str, float]]:
    """Answer each question page and tap Next, timed, until the review shows."""
    from tests.gui.conftest import answer_page
    from tests.gui.test_patient_flow import PATIENT_ANSWERS

    timings = []
    while hasattr(kiosk.screen, "page") and kiosk.screen.page is not None:
        page_id = kiosk.page.page.id
        answer_page(kiosk, PATIENT_ANSWERS)
        timings.append((page_id, timed_next(kiosk.window, kiosk.wizard.next)))
        now = shown_content(kiosk.window)
        if getattr(getattr(now, "page", None), "id", None) == page_id:
            raise RuntimeError(f"stuck on page {page_id}: {kiosk.visible_problems()}")
    return timings


def consent_and_sign(kiosk: Any) -> None:
    """Confirm the review, read and check the consent, agree and sign with a finger."""
    from intake_app.gui.screens.hold import HoldScreen
    from intake_app.gui.screens.review import ReviewScreen
    from intake_app.gui.screens.simple import ThankYouScreen
    from intake_app.kiosk.sample import SAMPLE_PATIENT
    from tests.gui.test_consent_flow import (
        answer_comprehension,
        read_all_sections,
        sign,
        staff_release,
    )
    from tests.gui.test_signature_pad import draw_with_finger

    review = kiosk.screen
    if not isinstance(review, ReviewScreen):
        raise RuntimeError(f"expected the review after the last page, got {type(review).__name__}")
    review.confirm.click()
    review.go_on.click()
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    while isinstance(kiosk.screen, HoldScreen):
        staff_release(kiosk)
    kiosk.screen.agree.click()
    patient = SAMPLE_PATIENT
    name = f"{patient.given_names} {patient.family_name}"
    sign(kiosk, name, draw_with_finger).sign.click()
    if not isinstance(kiosk.screen, ThankYouScreen):
        raise RuntimeError(f"expected the thank-you screen, got {type(kiosk.screen).__name__}")


def wait_for_documents(kiosk: Any) -> None:
    """Let the event loop run until the chart document and the patient's copy are made."""
    from tests.gui.conftest import settle

    deadline = time.monotonic() + WAIT_SECONDS
    while kiosk.controller.copies.last_document is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the documents were not made within the time allowed")
        settle()
        time.sleep(0.005)
    kiosk.controller.background.wait()


def visit(data_dir: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    import intake_app.gui.app  # noqa: F401  (the app before the tools, as ``tools`` measures them)
    from benchmarks.child import self_peak_mb
    from tests.gui.conftest import open_kiosk, prepare_data_dir

    app = QApplication(sys.argv[:1])
    prepare_data_dir(data_dir)
    kiosk = open_kiosk(data_dir, app)
    kiosk.qtbot = TapsLikeQtBot()
    kiosk.start_intake()
    timings = answer_every_page(kiosk)
    consent_and_sign(kiosk)
    wait_for_documents(kiosk)
    return {"next": timings, "peak_mb": self_peak_mb()}


def prepare(data_dir: Path) -> dict[str, Any]:
    from tests.gui.conftest import prepare_data_dir

    prepare_data_dir(data_dir)
    return {"prepared": str(data_dir)}


def tools(_folder: Path) -> dict[str, Any]:
    """What importing the test helpers' tools (pytest, hypothesis) adds to a process that
    already holds the app and Qt: their resident memory, in MB."""
    from PySide6.QtWidgets import QApplication

    import intake_app.gui.app  # noqa: F401  (the app first, so only the tools are counted)
    from benchmarks.child import self_peak_mb

    app = QApplication(sys.argv[:1])
    before = self_peak_mb()
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401

    del app
    return {"tools_mb": self_peak_mb() - before}


if __name__ == "__main__":
    from benchmarks.child import say

    action, folder = sys.argv[1], Path(sys.argv[2])
    say({"visit": visit, "prepare": prepare, "tools": tools}[action](folder))
