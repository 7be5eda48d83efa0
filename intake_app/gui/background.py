"""Slow work (building and sealing a PDF, filing a batch) off the GUI thread, answers
back on it.

Like Anki's QueryOp: the work runs on a worker thread and must not touch any
widget; ``on_success`` or ``on_failure`` then run on the GUI thread. A long job
(``run_with_progress``) reports how far it got, on the GUI thread too, and is told
when the person cancels it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid


class _Relay(QObject):
    """Lives on the GUI thread; its slots run there when the worker emits."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(
        self, on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        super().__init__()
        self.on_success = on_success
        self.on_failure = on_failure
        self.done = False
        self.owner: QObject | None = None  # the widget that asked, if it may go away
        self.on_progress: Callable[[int, int, str], None] | None = None
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)
        self.progressed.connect(self._deliver_progress)

    @property
    def dropped(self) -> bool:
        """The widget that asked is gone (deleted at log-out): nobody to tell."""
        return self.owner is not None and not isValid(self.owner)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self.done = True
        if not self.dropped:
            self.on_success(result)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self.on_progress is not None and not self.done and not self.dropped:
            self.on_progress(done, total, text)

    @Slot(object)
    def _deliver_failure(self, error: Any) -> None:
        self.done = True
        if not self.dropped:
            self.on_failure(error)


class Progress:
    """Handed to a long job: ``report`` after each step (on the worker thread) says how
    far it got and returns False once the person cancelled; the job then stops."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancelled = threading.Event()

    def report(self, done: int, total: int, text: str) -> bool:
        self._relay.progressed.emit(done, total, text)
        return not self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the job to stop after the step it is on (called on the GUI thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # reported to the GUI thread, which decides what to show
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class Background(QObject):
    """One worker thread, so database work from the GUI never runs two at a time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relays: list[_Relay] = []

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work`` on the worker; then ``on_success`` or ``on_failure`` on the GUI
        thread, unless ``owner`` (the page that asked) was deleted meanwhile: a page
        closed at log-out is not drawn into when its answer arrives."""
        self.pool.start(_Job(work, self._relay(on_success, on_failure, owner)))

    def _relay(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        owner: QObject | None,
    ) -> _Relay:
        relay = _Relay(on_success, on_failure)
        relay.owner = owner
        self._relays = [r for r in self._relays if not r.done]
        self._relays.append(relay)  # kept alive until the answer is delivered
        return relay

    def run_with_progress(
        self,
        work: Callable[[Progress], Any],
        on_progress: Callable[[int, int, str], None],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        *,
        owner: QObject | None = None,
    ) -> Progress:
        """Like ``run``, for a job of many steps: ``work`` gets the ``Progress`` it reports
        to; ``on_progress(done, total, text)`` runs on the GUI thread after each step. The
        returned ``Progress`` is what Cancel calls."""
        relay = self._relay(on_success, on_failure, owner)
        relay.on_progress = on_progress
        progress = Progress(relay)
        self.pool.start(_Job(lambda: work(progress), relay))
        return progress

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self.pool.waitForDone(milliseconds)
