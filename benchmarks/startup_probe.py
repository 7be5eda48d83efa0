"""A program started by the start-up benchmark: the tablet app, or a bare PySide6 window.

``python benchmarks/startup_probe.py app`` starts the app as the ``intake-app`` command
does (``intake_app.cli.main``); ``... bare`` shows one plain window. Both run in an
application object that, once its event loop starts, watches the windows shown for
their first paint, then lets the loop turn over once (a zero timer: the window answers
input) and prints ``BENCH {"ready": time.monotonic(), ...}`` and ends at once. The
runner reads the same clock just before starting the process, so the difference is
process start to the first window shown and responsive. Nothing here runs before the
program's own code but the import of Qt, which both programs need first anyway.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

GIVE_UP_MS = 60_000


# The app first paints a starting screen (the clinic's name, nothing to tap) and opens
# its locked start screen once the settings, database and forms are read off the GUI
# thread: "first paint" is the former, "ready" the latter, each plus one loop turn.
READY_SCREENS = ("LockedScreen",)


class FirstPaint(QObject):
    """Notes the first paint of a watched window and, after one turn of the loop, the
    time; then waits (polling each millisecond) until the window shows a screen one can
    use, and reports after one more turn of the loop."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False
        self.first: float | None = None
        self.poll = QTimer(self)
        self.poll.setInterval(1)
        self.poll.timeout.connect(self._check_ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            QTimer.singleShot(0, self._first_painted)
        return False

    def _first_painted(self) -> None:
        self.first = time.monotonic()
        self._check_ready()
        if self.first is not None:
            self.poll.start()

    def _screen(self) -> str | None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        screens = [type(w.current).__name__ for w in shown if hasattr(w, "current")]
        return screens[0] if screens else None

    def _check_ready(self) -> None:
        screen = self._screen()
        if screen is None or screen in READY_SCREENS or screen.endswith("ProblemScreen"):
            self.poll.stop()
            QTimer.singleShot(0, self.report)

    def report(self) -> None:
        ready = time.monotonic()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("BENCH " + json.dumps({"first": self.first, "ready": ready,
                                     "screen": self._screen(), "peak_mb": peak_mb}),
              flush=True)  # fmt: skip
        os._exit(0)  # the kiosk refuses to close; nothing after this point is measured


class ProbeApplication(QApplication):
    """The application object both programs use; its event loop watches for the first paint."""

    def exec(self) -> int:  # the programs call app.exec(): start watching then
        windows = [w for w in self.topLevelWidgets() if w.isVisible()]
        if not windows:
            print("startup probe: no window was shown before the event loop started",
                  file=sys.stderr)  # fmt: skip
            os._exit(3)
        self.first_paint = FirstPaint()
        for window in windows:
            window.installEventFilter(self.first_paint)
        QTimer.singleShot(GIVE_UP_MS, lambda: os._exit(4))
        return super().exec()


def bare() -> int:
    """The least a PySide6 program does to show one window with a line of text."""
    app = ProbeApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("Bare window")
    QVBoxLayout(window).addWidget(QLabel("A bare PySide6 window"))
    window.resize(1280, 800)
    window.show()
    return app.exec()


def app() -> int:
    ProbeApplication(sys.argv[:1])  # the app takes the instance there is
    from intake_app.cli import main

    return main([])


if __name__ == "__main__":
    raise SystemExit({"bare": bare, "app": app}[sys.argv[1]]())
