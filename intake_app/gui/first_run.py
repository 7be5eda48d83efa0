"""The first run: while no active administrator exists, the tablet opens on set-up.

The set-up screen asks the clinic's name and the first administrator's account
(``services.first_run``: the person and the clinic's name are stored together or
not at all); when the clinic file cannot be written the screen says why. Then the
locked screen: the person unlocks it with their own user name and PIN like everyone
else.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from intake_app.gui.screens.setup import SetupScreen
from intake_app.services.first_run import UserNameTaken, needs_first_admin, set_up
from intake_app.settings import SettingsError, read_clinic_file
from intake_app.staff.first_admin import ADMIN_EXISTS, USER_NAME, FirstAdmin, problems_of
from intake_app.staff.rules import AccountProblem

if TYPE_CHECKING:
    from pathlib import Path

    from intake_app.gui.kiosk import KioskController


class FirstRun(QObject):
    """The set-up screen and what it stores."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller

    @property
    def clinic_file(self) -> Path:
        return self.controller.services.settings.clinic_file

    def needed(self) -> bool:
        """Whether no active administrator exists yet."""
        return needs_first_admin(self.controller.services.database)

    def show(self) -> None:
        name = self.controller.services.settings.clinic.clinic.name
        general = [ADMIN_EXISTS, self._not_written(str(self.clinic_file), "Permission denied")]
        screen = SetupScreen(name, general)
        screen.set_up_requested.connect(lambda entry: self._set_up(screen, entry))
        self.controller.show_screen(screen, self.show, patient_mode=False)

    def _set_up(self, screen: SetupScreen, entry: FirstAdmin) -> None:
        if not self.needed():  # an administrator was added at the command line meanwhile
            self.controller.show_locked()
            return
        problems = problems_of(entry)
        if problems:
            screen.show_problems(problems)
            return
        try:
            set_up(self.controller.services.database, entry, self.clinic_file)
        except UserNameTaken as taken:
            screen.show_problems({USER_NAME: str(taken)})
        except AccountProblem as problem:  # an administrator was added a moment ago
            screen.show_problems({}, str(problem))
        except (OSError, SettingsError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            screen.show_problems({}, self._not_written(str(self.clinic_file), reason or ""))
        else:
            self._use_clinic_name()
            self.controller.show_locked()

    def _not_written(self, path: str, reason: str) -> str:
        return self.tr(
            "The clinic's name could not be written to {path} ({reason}). Nothing was saved: "
            "fix the file or its folder, then tap Set up again."
        ).format(path=path, reason=reason)

    def _use_clinic_name(self) -> None:
        """The kiosk shows the clinic's name from now on (the file as written)."""
        services = self.controller.services
        clinic = read_clinic_file(self.clinic_file)
        services.settings = dataclasses.replace(services.settings, clinic=clinic)
        self.controller.window.setWindowTitle(clinic.clinic.name)
