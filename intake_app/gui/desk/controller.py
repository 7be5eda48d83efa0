"""What happens at the desk: log in, the person's pages, log out (by hand or when idle).

The controller only navigates; the pages display and report, and every call on
records goes through a service made for the person logged in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.gui.desk.desk_services import DeskServices
from intake_app.gui.desk.look import desk_stylesheet
from intake_app.gui.desk.window import DeskWindow
from intake_app.gui.idle import IdleWatcher
from intake_app.gui.theme import Look
from intake_app.kiosk.idle import IdlePolicy, IdleTracker
from intake_app.services.actor import Actor
from intake_app.services.desk_login import DeskLogin, log_in_at_desk

CANNOT_REACH = (
    "The database cannot be reached, so nobody can log in here now. Check the network "
    "or ask whoever looks after the clinic's computers."
)


class PageMaker(Protocol):
    def make(self, name: str, actor: Actor) -> QWidget: ...


def who_is_in(actor: Actor) -> str:
    """The bar's words: the person's name and roles."""
    roles = ", ".join(sorted(role.value for role in actor.roles))
    return f"{actor.name} ({roles})"


class DeskController(QObject):
    """Logs people in and out of the desk window."""

    def __init__(
        self,
        services: DeskServices,
        window: DeskWindow,
        app: QApplication,
        pages: PageMaker,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window, self.app, self.pages = window, app, pages
        self.settings, self.database = services.settings, services.database
        self.background, self.now = services.background, services.now
        self.actor: Actor | None = None
        self.idle_minutes = self.settings.clinic.staff.idle_logout_minutes
        seconds = 60.0 * self.idle_minutes  # in all, the last minute (at most) warned
        warning = min(60.0, seconds / 2)
        tracker = IdleTracker(IdlePolicy(seconds - warning, warning_seconds=warning), clock)
        self.idle = IdleWatcher(tracker, self)
        self.idle.locked.connect(self.logged_out_idle)
        self.idle.warning.connect(self.warn_idle)
        self.idle.active.connect(self.window.statusBar().clearMessage)
        app.installEventFilter(self.idle)
        window.login.log_in_requested.connect(self.log_in)
        window.bar.log_out_requested.connect(self.log_out)
        window.bar.look_changed.connect(self.apply_look)
        self.apply_look(Look())

    def apply_look(self, look: Look) -> None:
        self.window.bar.look = look
        self.app.setStyleSheet(desk_stylesheet(look))

    def log_in(self, user_name: str, password: str) -> None:
        """Check the password off the GUI thread (Argon2 takes a moment)."""
        rules = self.settings.clinic.staff
        station = self.settings.device_id()
        self.background.run(
            lambda: log_in_at_desk(
                self.database, user_name, password, now=self.now(), rules=rules, station=station
            ),
            self._answered,
            lambda _error: self._refused(CANNOT_REACH),
            owner=self,
        )

    def _answered(self, login: DeskLogin) -> None:
        if login.actor is None:
            self._refused(login.message)
            return
        self.actor = login.actor
        pages = [(name, self.pages.make(name, login.actor)) for name in login.pages]
        self.window.login.ready()
        self.window.show_pages(who_is_in(login.actor), pages)
        self.idle.start()

    def _refused(self, message: str) -> None:
        self.window.login.refused(message)

    def log_out(self, message: str = "") -> None:
        """Close every page (they show patients) and go back to the login."""
        self.actor = None
        self.idle.stop()
        self.window.show_login(message)

    def recover(self, *, connection_lost: bool = False) -> None:
        """After an unexpected error: stay where the person is and say so plainly (what
        was stored is safe; nothing is shown of the error, which could hold patient data)."""
        if connection_lost:
            self.window.statusBar().showMessage(
                "The connection to the database was lost: the last action was not saved. "
                "What is on screen stays; do it again once the connection is back."
            )
            return
        self.window.statusBar().showMessage(
            "Something went wrong with the last action; what was saved is safe. "
            "If it happens again, log out and log in."
        )

    def warn_idle(self, seconds: int) -> None:
        """Before the log-out: the person at the desk may be reading, or writing a note."""
        self.window.statusBar().showMessage(
            f"You will be logged out in {seconds} seconds without use: move the mouse or "
            "press a key to stay logged in."
        )

    def logged_out_idle(self) -> None:
        minutes = f"{self.idle_minutes} minute" + ("s" if self.idle_minutes != 1 else "")
        self.window.statusBar().clearMessage()
        self.log_out(f"You were logged out after {minutes} without use. Log in again to go on.")
