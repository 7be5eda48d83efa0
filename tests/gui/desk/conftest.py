"""A staff desk on a fresh data folder (the kiosk tests' clinic and people), driven
through its real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from intake_app.gui.desk.controller import DeskController
from intake_app.gui.desk.window import DeskWindow
from intake_app.gui.desk_app import DeskServices, build_desk
from intake_app.settings import load_settings
from tests.conftest import TODAY
from tests.gui.conftest import PASSWORD, FakeClock, add_person, prepare_data_dir


@dataclass
class Desk:
    window: DeskWindow
    controller: DeskController
    services: DeskServices
    clock: FakeClock
    qtbot: Any

    def log_in(self, user: str, password: str = PASSWORD) -> None:
        """Type the user name and password and press Log in; wait for the answer."""
        login = self.window.login
        login.user_name.setText(user)
        login.password.setText(password)
        login.log_in.click()
        self.qtbot.waitUntil(login.log_in.isEnabled, timeout=10_000)

    @property
    def pages(self) -> list[str]:
        if self.window.stack.currentWidget() is self.window.login:
            return []
        return self.window.page_names()


@pytest.fixture
def desk(qtbot, qapp, tmp_path) -> Iterator[Desk]:
    data_dir = tmp_path / "data"
    prepare_data_dir(data_dir)
    settings = load_settings({"INTAKE_DATA_DIR": str(data_dir)})
    clock = FakeClock()
    window, controller, services = build_desk(settings, qapp, clock=clock, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    for user, name, roles in (
        ("ines", "Dr Ines Ito", ["clinician"]),
        ("lee", "Lee Park", ["records"]),
    ):
        add_person(services.database, user, name, roles)
    yield Desk(window, controller, services, clock, qtbot)
    services.background.wait()
    controller.idle.stop()
    services.database.dispose()
