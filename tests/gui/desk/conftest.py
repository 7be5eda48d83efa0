"""A staff desk on a fresh data folder (the kiosk tests' clinic and people), driven
through its real widgets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select

from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import load_questionnaire
from intake_app.gui.desk.controller import DeskController
from intake_app.gui.desk.window import DeskWindow
from intake_app.gui.desk_app import DeskServices, build_desk
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.services.intake_session import IntakeSession
from intake_app.services.tablet_unlock import staff_actor
from intake_app.settings import load_settings
from intake_app.storage.patients import PatientDetails
from intake_app.storage.staff import staff_by_user_name
from intake_app.storage.tables import Intake, Patient
from tests.conftest import SHIPPED_INTAKE, TODAY
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
        self.qtbot.waitUntil(lambda: not login.checking, timeout=10_000)

    @property
    def pages(self) -> list[str]:
        if self.window.stack.currentWidget() is self.window.login:
            return []
        return self.window.page_names()


RELEASED = {"before_decision": {"by": "Dr Ines Ito"}, "before_consent": {"by": "Rosa Díaz"}}
# A fever (STOP: active infection) besides the flags the sample answers raise.
WITH_FEVER = SAMPLE_ANSWERS | {"fever_recent": True, "product_component_allergy": "no"}
NO_STOP = SAMPLE_ANSWERS | {"product_component_allergy": "no"}


def submit_intake(
    desk: Desk, patient: PatientDetails, answers: dict[str, Any], language: str = "en"
) -> str:
    """An intake whose answers the patient confirmed on a tablet, started by Rosa."""
    database = desk.services.database
    with database.session() as session:
        rosa = staff_actor(staff_by_user_name(session, "rosa"), "tablet-1")
    form = load_questionnaire(SHIPPED_INTAKE)
    intake = IntakeSession.start(
        database, form, patient, language=language, by=rosa, today=lambda: TODAY
    )
    for item_id, value in answers.items():
        intake.answer(item_id, value)
    intake.complete()
    return intake.intake.id


def open_desk(qtbot, qapp, tmp_path, extra: str = "") -> Desk:
    """The desk on a fresh data folder (``extra``: more of the clinic file)."""
    data_dir = tmp_path / "data"
    prepare_data_dir(data_dir, extra)
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
    return Desk(window, controller, services, clock, qtbot)


def close_desk(desk: Desk) -> None:
    desk.services.background.wait()
    desk.controller.idle.stop()
    desk.services.database.dispose()


def signed_visit(desk: Desk, tmp_path, given: str, family: str, mrn: str, **answers) -> str:
    """A visit whose consent was signed, stored with its chart document (``packet --input``)."""
    visit = _sample_input(desk.services.catalog)
    visit["patient"] |= {"given_names": given, "family_name": family, "mrn": mrn}
    visit["answers"] |= answers
    visit["consent"]["signed_name"] = f"{given} {family}"
    if answers.get("fever_recent"):  # the fever held the patient for staff: who released them
        visit["consent"]["released"] = RELEASED
    source = tmp_path / f"visit-{mrn}.json"
    source.write_text(json.dumps(visit), encoding="utf-8")
    out = str(desk.services.settings.documents_dir)
    assert main(["packet", "--input", str(source), "--out", out]) == 0
    with desk.services.database.session() as session:
        query = select(Intake.id).join(Patient).where(Patient.mrn == mrn)
        return session.exec(query).one()


@pytest.fixture
def desk(qtbot, qapp, tmp_path) -> Iterator[Desk]:
    opened = open_desk(qtbot, qapp, tmp_path)
    yield opened
    close_desk(opened)
