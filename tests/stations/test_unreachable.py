"""Which database errors mean "the database could not be reached": those become
``DatabaseUnavailable`` (the screens say so and try again); a refusal of what was asked
(a rule, a deadlock, a cancelled statement) stays what it is."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import select

from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.services.connection import DatabaseUnavailable
from intake_app.storage.db import Database, unreachable
from intake_app.storage.patients import find_or_create_patient
from intake_app.storage.tables import Patient
from tests.stations.outage import Outage


class ServerError(Exception):
    """A PostgreSQL error as psycopg gives it: with its SQLSTATE."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__("server said no")
        self.sqlstate = sqlstate


def operational(sqlstate: str | None) -> OperationalError:
    return OperationalError("SELECT 1", {}, ServerError(sqlstate))


@pytest.mark.parametrize(
    ("error", "reached"),
    [
        (operational(None), False),  # connection refused or closed: no SQLSTATE
        (operational("08006"), False),  # connection failure
        (operational("57P01"), False),  # terminated by the administrator (a restart)
        (operational("57P03"), False),  # the server is starting up
        (OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open")), False),
        (operational("40P01"), True),  # a deadlock: the server answered
        (operational("57014"), True),  # a statement cancelled
        (IntegrityError("INSERT", {}, ServerError("23505")), True),
        (ValueError("not the database's"), True),
    ],
)
def test_only_a_lost_or_refused_connection_counts_as_out_of_reach(error, reached):
    assert unreachable(error) is not reached


def test_a_connection_found_broken_counts_as_out_of_reach():
    broken = DBAPIError("SELECT 1", {}, ServerError("XX000"), connection_invalidated=True)
    assert unreachable(broken)


def test_a_sqlite_file_out_of_reach_says_database_unavailable_then_goes_on(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    outage = Outage(database)
    with pytest.raises(DatabaseUnavailable), database.session() as session:
        session.exec(select(Patient)).all()
    outage.end()
    with database.session() as session:
        assert session.exec(select(Patient)).all() == []
    database.dispose()


def test_a_record_brought_into_a_call_that_failed_keeps_the_values_it_had(tmp_path, monkeypatch):
    database = Database(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    with database.session() as session:
        patient = find_or_create_patient(session, details=SAMPLE_PATIENT)

    def lost() -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

    with pytest.raises(DatabaseUnavailable), database.session() as session:
        patient.mrn = "MRN-CHANGED"
        session.add(patient)
        session.flush()
        monkeypatch.setattr(session, "commit", lost)
    assert (patient.family_name, patient.mrn) == (SAMPLE_PATIENT.family_name, SAMPLE_PATIENT.mrn)
    with database.session() as session:  # and it can be used again at once
        session.add(patient)
        assert session.exec(select(Patient)).one().mrn == SAMPLE_PATIENT.mrn
    database.dispose()


def test_a_station_started_while_the_server_is_down_is_told_the_database_is_out_of_reach():
    """Opening checks the schema's version first: with nothing listening, that is the
    same plain "could not be reached", not a driver's error."""
    with pytest.raises(DatabaseUnavailable):
        Database("postgresql+psycopg://intake:secret@127.0.0.1:9/intake")
