"""The tablet's unfinished list: this tablet's intakes not yet signed, refused or ended,
most recently touched first, each with its patient's name, read in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from intake_app.services.front_desk import FrontDesk, interrupted_intake
from intake_app.storage.consents import DEFERRED_PAGE
from intake_app.storage.tables import Intake, Patient
from tests.services.people_on_file import on_file
from tests.storage.conftest import (  # noqa: F401  (SQLite, and PostgreSQL when set)
    database,
    postgresql_database,
)
from tests.storage.test_intakes import signed_record

TOUCHED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(database):  # noqa: F811  (the fixture imported above)
    return database


def intake_of(db, name: str, status: str, *, minute: int, device="tablet-1", signed=False,
              page: str | None = None) -> str:  # fmt: skip
    given, family = name.split()
    with db.session() as session:
        patient = Patient(given_names=given, family_name=family, date_of_birth=dt.date(1970, 1, 1))
        session.add(patient)
        session.flush()
        intake = Intake(patient_id=patient.id, form_id="f", form_version="1", language="en",
                        status=status, device=device, current_page=page,
                        updated_at=TOUCHED + dt.timedelta(minutes=minute))  # fmt: skip
        session.add(intake)
        session.flush()
        if signed:
            session.add(signed_record(intake))
        session.commit()
        return intake.id


def test_the_unfinished_list_names_this_tablets_unfinished_intakes_newest_first(db):
    answering = intake_of(db, "Zoë Núñez", "in_progress", minute=1)
    to_sign = intake_of(db, "Wei Li", "completed", minute=3)
    intake_of(db, "Ana Ruiz", "completed", minute=5, signed=True)
    intake_of(db, "Ben Ode", "abandoned", minute=6)
    intake_of(db, "Eve Sol", "in_progress", minute=7, device="tablet-2")
    desk = FrontDesk(db, on_file(db, "nurse"), "tablet-1")
    listed = [(entry.intake.id, entry.patient_name) for entry in desk.unfinished()]
    assert listed == [(to_sign, "Wei Li"), (answering, "Zoë Núñez")]


def test_the_unfinished_list_is_read_in_one_query_however_many_patients(db):
    for n in range(6):
        intake_of(db, f"Given{n} Family{n}", "in_progress", minute=n)
    desk = FrontDesk(db, on_file(db, "nurse"), "tablet-1")
    sent: list[str] = []

    def keep(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert len(desk.unfinished()) == 6
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert len([s for s in sent if s.lstrip().upper().startswith("SELECT")]) == 1


def test_the_intake_behind_the_paused_screen_is_the_one_a_patient_was_on(db):
    intake_of(db, "Ana Ruiz", "in_progress", minute=9, page=DEFERRED_PAGE)
    answering = intake_of(db, "Zoë Núñez", "in_progress", minute=2, page="history")
    intake_of(db, "Eve Sol", "in_progress", minute=8, device="tablet-2")
    found = interrupted_intake(db, "tablet-1")
    assert found is not None and found.id == answering
    assert interrupted_intake(db, "tablet-3") is None


def test_the_unfinished_list_looks_up_no_consent_one_intake_at_a_time(
    postgresql_database,  # noqa: F811  (the fixture imported above)
):
    """Years of a tablet's completed intakes are matched with their consents in one pass
    (an anti-join on the consents' index), not looked up one by one."""
    db = postgresql_database
    answering = intake_of(db, "Zoë Núñez", "in_progress", minute=1)
    intake_of(db, "Ana Ruiz", "completed", minute=5, signed=True)
    sent: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, *_args) -> None:
        if "FROM intake" in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert interrupted_intake(db, "tablet-1").id == answering
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    ((statement, parameters),) = sent
    with db.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    steps = "\n".join(row[0] for row in plan)
    assert "Anti Join" in steps and "SubPlan" not in steps, steps
