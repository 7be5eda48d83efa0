"""The moment the first window has been painted: the tablet's work that can wait, waits
for it, and start-up can be measured to it.

``after_first_paint`` runs a function once the window has been painted and the
event loop has turned once more (a zero timer fired), or after ``at_latest_ms``
should no paint come (a platform that never exposes the window).

``mark_first_paint`` is an opt-in mark for measuring start-up: with
``INTAKE_STARTUP_MARK`` set (to anything) the app prints one line to standard
output, ``INTAKE_STARTUP_MARK <seconds>``, at that moment: when a person could
first touch the window. The seconds are ``time.monotonic()``, one clock for every
process on the machine, so whoever started the process subtracts its own reading.
Unset, it costs one look-up in the environment.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

STARTUP_MARK_VARIABLE = "INTAKE_STARTUP_MARK"


def after_first_paint(
    window: QWidget, then: Callable[[], None], *, at_latest_ms: int | None = None
) -> None:
    """Call ``then`` once, on the GUI thread, after ``window``'s first paint and one more
    turn of the event loop (or after ``at_latest_ms``, whichever comes first)."""
    watcher = _FirstPaint(window, then)
    window.installEventFilter(watcher)
    if at_latest_ms is not None:
        QTimer.singleShot(at_latest_ms, watcher, watcher.fire)


def mark_first_paint(window: QWidget) -> None:
    """Print the start-up mark once ``window`` has been painted (only when asked to)."""
    if os.environ.get(STARTUP_MARK_VARIABLE):
        after_first_paint(window, print_startup_mark)


def print_startup_mark() -> None:
    print(f"{STARTUP_MARK_VARIABLE} {time.monotonic():.6f}", flush=True)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        window = self.parent()
        if window is not None:
            window.removeEventFilter(self)
        then, self.then = self.then, None
        if then is not None:
            then()
