"""Several stations on one PostgreSQL database, each its own process acting at the same
moment: two tablets answering while a nurse station reads the queue, two nurses signing
off one intake, two records clerks filing one document.

Each station is a separate process (``station_work``) with its own ``Database`` on the
server, as in a clinic; they wait for each other and then act at once. PostgreSQL only
(a SQLite file belongs to one tablet); skipped without ``INTAKE_TEST_POSTGRES_URL``,
and a failure then in CI (``INTAKE_REQUIRE_POSTGRES=1``).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import queue
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.services.chart_filing import AlreadyFiled
from intake_app.services.intake_session import IntakeSession, PatientDetails
from intake_app.settings import load_settings
from intake_app.storage.audit_check import check_chain
from intake_app.storage.db import Database
from intake_app.storage.tables import Answer, AuditEvent, Document, Intake
from tests.services.people_on_file import on_file
from tests.services.test_chart_filing import PATIENTS, sign_visit
from tests.services.test_pending_documents import write_clinic_file
from tests.services.test_review import ANSWERS, PASSWORD, Ward
from tests.stations import station_work
from tests.storage.conftest import postgresql_database  # noqa: F401  (the shared server)

SPAWN = multiprocessing.get_context("spawn")
LIMIT = 90  # seconds for all stations of one test, start-up included


@dataclasses.dataclass(frozen=True)
class Station:
    name: str
    work: str  # a function of station_work
    args: dict[str, Any]


def at_once(stations: list[Station], *, meet: Any = None) -> dict[str, tuple[str, Any]]:
    """Start every station in its own process; they act together once all are ready.
    What each did: ``("done", result)`` or ``("raised", (exception type, words))``."""
    start, results = SPAWN.Barrier(len(stations)), SPAWN.Queue()
    processes = [
        SPAWN.Process(target=station_work.run, args=(s.name, s.work, s.args, start, results))
        for s in stations
    ]
    for process in processes:
        process.start()
    reported: dict[str, tuple[str, Any]] = {}
    deadline = time.monotonic() + LIMIT
    try:
        while len(reported) < len(stations):
            try:
                name, outcome, what = results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"only {sorted(reported)} of the stations finished in {LIMIT} s")
            assert outcome != "failed", f"{name} failed:\n{what}"
            reported[name] = (outcome, what)
    finally:
        for barrier in (start, meet):
            if barrier is not None and len(reported) < len(stations):
                barrier.abort()
        for process in processes:
            process.join(10)
            if process.is_alive():
                process.kill()
    return reported


def events(database: Database, action: str) -> list[AuditEvent]:
    with database.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == action)
        return list(session.exec(query.order_by(col(AuditEvent.sequence))))


def chain_is_whole(database: Database) -> None:
    with database.session() as session:
        report = check_chain(session)
    assert report.problem is None, report.problem


# --- two tablets and a nurse station --------------------------------------------------


def test_two_tablets_answer_at_once_while_a_nurse_station_reads_the_queue(postgresql_database):  # noqa: F811
    database = postgresql_database
    nurse = on_file(database, "nurse", device="front-desk")
    other = dataclasses.replace(
        SAMPLE_PATIENT, given_names="Ana", family_name="Lima", mrn="MRN-777001"
    )
    url = database.url

    def tablet(name: str, details: PatientDetails) -> dict[str, Any]:
        return {"url": url, "tablet": name, "staff": nurse, "details": details}

    reading = {"url": url, "station": "nurse-station", "nurse": nurse, "expected": 2}

    done = at_once(
        [
            Station("tablet-a", "answer_whole_intake", tablet("tablet-a", SAMPLE_PATIENT)),
            Station("tablet-b", "answer_whole_intake", tablet("tablet-b", other)),
            Station("nurse-station", "read_the_queue", reading),
        ]
    )

    tablets = {name: what for name, (outcome, what) in done.items() if name != "nurse-station"}
    assert all(done[name][0] == "done" for name in done), done
    intakes = {what["intake"]: name for name, what in tablets.items()}
    with database.session() as session:
        for intake_id in intakes:
            stored = session.exec(select(Answer).where(Answer.intake_id == intake_id)).all()
            assert {a.item_id: a.value for a in stored} == station_work.ANSWERS
            intake = session.get(Intake, intake_id)
            assert intake is not None and intake.status == "completed"
    given = events(database, "answer_given")
    for intake_id, tablet in intakes.items():  # every answer of both arrived, from its tablet
        mine = [e for e in given if e.intake_id == intake_id]
        assert len(mine) == len(station_work.ANSWERS)
        assert {e.workstation for e in mine} == {tablet}
    chain_is_whole(database)
    reading = done["nurse-station"][1]
    assert reading["seen"] == sorted(intakes), "the nurse station sees both intakes"
    assert reading["polls"] >= 1


# --- two nurses, one intake -----------------------------------------------------------


@pytest.fixture
def ward(postgresql_database, intake_form) -> Ward:  # noqa: F811
    """A completed intake with its flags acknowledged, a nurse and a clinician on file."""
    database = postgresql_database
    first, second = on_file(database, "nurse"), on_file(database, "clinician")
    session = IntakeSession.start(database, intake_form, SAMPLE_PATIENT, language="en", by=first)
    for item_id, value in ANSWERS.items():
        session.answer(item_id, value)
    session.complete()
    ward = Ward(database, session.intake.id, first, second, first)
    ward.acknowledge_all(first)
    return ward


@pytest.mark.parametrize("moment", ["as they tap Sign", "after both checked"])
def test_two_nurses_signing_off_one_intake_at_once_one_wins(ward, moment):
    url, intake_id = ward.database.url, ward.intake_id
    meet = SPAWN.Barrier(2) if moment == "after both checked" else None
    people = {"station-1": ward.nurse, "station-2": ward.clinician}
    signing = {"url": url, "intake_id": intake_id, "password": PASSWORD, "meet": meet}

    done = at_once(
        [
            Station(name, "sign_off", signing | {"station": name, "by": by})
            for name, by in people.items()
        ],
        meet=meet,
    )

    outcomes = sorted(outcome for outcome, _what in done.values())
    assert outcomes == ["done", "raised"], done
    winner = next(name for name, (outcome, _) in done.items() if outcome == "done")
    loser = next(name for name in done if name != winner)
    kind, words = done[loser][1]
    assert kind == "ReviewTaken"
    assert words.startswith(f"{people[winner].name} signed the review first")
    stored = ward.stored_reviews()
    assert [(r.id, r.signed_by) for r in stored] == [(done[winner][1], people[winner].staff_id)]
    assert len(events(ward.database, "review_signed")) == 1
    chain_is_whole(ward.database)


# --- two clerks, one document ---------------------------------------------------------


@pytest.mark.parametrize("moment", ["as they tap File", "after both copied"])
def test_two_clerks_filing_one_document_at_once_file_it_once(
    postgresql_database,  # noqa: F811
    tmp_path: Path,
    moment: str,
):
    database = postgresql_database
    write_clinic_file()
    document_id = sign_visit(database, load_settings(), PATIENTS["vietnamese"])
    clerks = {
        "records-1": on_file(database, "records", device="records-1"),
        "records-2": on_file(database, "records", "nurse", device="records-2"),
    }
    folder = tmp_path / "charts"
    folder.mkdir()
    meet = SPAWN.Barrier(2) if moment == "after both copied" else None
    filing = {"url": database.url, "document_id": document_id, "folder": str(folder), "meet": meet}

    done = at_once(
        [
            Station(name, "file_document", filing | {"station": name, "by": by})
            for name, by in clerks.items()
        ],
        meet=meet,
    )

    filed = [what for outcome, what in done.values() if outcome == "done"]
    refused = [what for outcome, what in done.values() if outcome == "raised"]
    assert (len(filed), len(refused)) == (1, 1), done
    assert filed[0]["refiled"] is False
    kind, words = refused[0]
    assert kind == AlreadyFiled.__name__ and "already filed on" in words
    assert [p.name for p in folder.iterdir()] == [Path(filed[0]["path"]).name], "one file"
    marks = events(database, "document_filed") + events(database, "document_refiled")
    assert [(e.action, e.detail["document"]) for e in marks] == [("document_filed", document_id)]
    with database.session() as session:
        row = session.get(Document, document_id)
        assert row is not None and row.filed_at is not None
    chain_is_whole(database)
