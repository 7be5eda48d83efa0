"""Staff mode ends on its own: a tablet left on the staff screen shows other patients."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QStackedWidget

from intake_app.gui.idle import IdleWatcher
from intake_app.gui.screens.staff import StaffScreen
from intake_app.kiosk.idle import IdlePolicy, IdleTracker

STAFF_ONLY = (StaffScreen,)  # the screens reached only by a person signed in


class StaffIdleLock(QObject):
    """Logs staff out: back to the locked start screen (nobody signed in) after
    ``[staff] idle_logout_minutes`` without a touch on a staff-only screen.

    No "Are you still there?" countdown here, unlike patient screens: the staff
    screen lists other patients (the search, the unfinished intakes), the member
    of staff who walked away is not there to answer, and a countdown would leave
    the list in view for longer. Nothing stored is lost: an intake already
    started stays in the unfinished list; only a half-typed new entry goes.
    """

    def __init__(
        self,
        screens: QStackedWidget,
        logout_seconds: float,
        clock: Callable[[], float],
        lock: Callable[[], None],
        app: QApplication,
    ) -> None:
        super().__init__(screens)
        self.screens = screens
        tracker = IdleTracker(IdlePolicy(logout_seconds, warning_seconds=0.0), clock)
        self.watcher = IdleWatcher(tracker, self)
        self.watcher.locked.connect(lock)
        app.installEventFilter(self.watcher)
        screens.currentChanged.connect(self._on_screen_changed)

    def _on_screen_changed(self, _index: int) -> None:
        if isinstance(self.screens.currentWidget(), STAFF_ONLY):
            self.watcher.start()
        else:
            self.watcher.stop()

    def tick(self) -> None:
        """Look at the clock now (the watcher also does once a second)."""
        self.watcher.tick()
