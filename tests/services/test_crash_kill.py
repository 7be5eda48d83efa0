"""A tablet killed at any moment of a visit loses nothing it acknowledged.

A child process (``crash_visit``) makes one visit through the services the screens
call, printing each step once its call returned; the test kills it with SIGKILL
(no clean-up, like a power cut for the process) at a random moment while the
patient answers, while they take the consent steps and sign, or while the app seals
the documents. After each kill, as after a restart: every acknowledged answer and
step is stored with its value; every PDF in the documents folder is whole, sealed
and on file; ``make-missing`` then finishes what was pending (a signed consent gets
its chart document and copy) and leaves no temporary file; the audit trail holds
and every document's file has its recorded SHA-256.

The delays are random from a seed printed with any failure; ``INTAKE_KILL_SEED``
replays one run. The 50-kill run is exhaustive; a few kills run with the suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import select

from intake_app.chart.seal import clinic_certificate
from intake_app.chart.verify import verify_pdf
from intake_app.cli import main
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.documents import Documents
from intake_app.settings import Settings, load_settings
from intake_app.storage.audit_check import check_chain
from intake_app.storage.consents import consent_so_far
from intake_app.storage.db import Database, utc_now
from intake_app.storage.intakes import load_answers
from intake_app.storage.tables import ConsentRecord, Document, Intake
from tests.services.people_on_file import on_file
from tests.storage.conftest import POSTGRES_URL, _postgres_database

TESTS_ROOT = Path(__file__).resolve().parents[2]
# Where each phase starts (the step acknowledged just before it) and the step ending it.
PHASES = {
    "answering": ("intake", "confirmed"),
    "consent signing": ("confirmed", "signed"),
    "document sealing": ("signed", "documents"),
}
TODAY = dt.date(2026, 11, 25)


@dataclass
class Visit:
    """What one child process acknowledged before it was killed (or finished)."""

    said: list[list[str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # when each line arrived
    killed: bool = False
    errors: str = ""

    def first(self, word: str) -> list[str] | None:
        return next((line for line in self.said if line[0] == word), None)

    def all(self, word: str) -> list[list[str]]:
        return [line for line in self.said if line[0] == word]

    @property
    def intake_id(self) -> str | None:
        line = self.first("intake")
        return line[1] if line else None

    @property
    def last_step(self) -> str:
        return self.said[-1][0] if self.said else "nothing"


class Tablet:
    """One tablet's data folder and database, and the nurse who hands it over."""

    def __init__(self, settings: Settings, staff_id: str) -> None:
        self.settings, self.staff_id = settings, staff_id
        self.catalog = FormCatalog.from_folder(settings.forms_dir, settings.clinic.form_values())
        self.visits = 0
        self.checked: set[tuple[str, str]] = set()  # (path, sha256) already verified

    def run(self, phase: str | None = None, delay: float = 0.0, at: str = "") -> Visit:
        """One visit in a child process, killed ``delay`` seconds into ``phase`` (or let
        finish when ``phase`` is None); ``at`` names a moment it kills itself at instead
        (``crash_visit.kill_at``)."""
        self.visits += 1
        errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (read after the child ends)
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.services.crash_visit", self.staff_id, f"K{self.visits}"],
            cwd=TESTS_ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=os.environ | {"CRASH_VISIT_KILL_AT": at},
        )
        visit, started = Visit(), threading.Event()
        start_word = PHASES[phase][0] if phase else "never"
        reader = threading.Thread(target=_read, args=(child, visit, start_word, started))
        reader.start()
        if phase is not None and started.wait(timeout=60):
            time.sleep(delay)
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
        child.wait(timeout=120)
        reader.join(timeout=30)
        errors.seek(0)
        visit.errors = errors.read()
        errors.close()
        visit.killed = child.returncode == -signal.SIGKILL
        assert visit.killed or child.returncode == 0, visit.errors
        return visit

    def database(self) -> Database:
        return Database(self.settings.database_url)


def _read(child: subprocess.Popen[str], visit: Visit, start_word: str, started: threading.Event):
    assert child.stdout is not None
    for line in child.stdout:
        if not line.endswith("\n"):
            break  # cut short by the kill: not acknowledged
        visit.times.append(time.monotonic())
        visit.said.append(line.split(" ", 2) if line.startswith("answer ") else line.split())
        if visit.said[-1][0] == start_word:
            started.set()
    started.set()  # ended before the phase: nothing to wait for


def timed_visit(tablet: Tablet) -> tuple[Visit, dict[str, float]]:
    """A visit let run to its end, timing each phase (the kills aim inside them)."""
    visit = tablet.run()
    assert visit.last_step == "done", visit.errors
    when = {line[0]: at for line, at in zip(visit.said, visit.times, strict=True)}
    return visit, {phase: when[end] - when[start] for phase, (start, end) in PHASES.items()}


# --- what a restart must find -------------------------------------------------------------


def check_acknowledged(session, visit: Visit, where: str) -> None:
    """Every step the child acknowledged is stored, with its value."""
    intake_id = visit.intake_id
    if intake_id is None:
        return
    intake = session.get(Intake, intake_id)
    assert intake is not None, f"{where}: the acknowledged intake is gone"
    stored = load_answers(session, intake_id=intake_id)
    for _, item_id, value in visit.all("answer"):
        assert item_id in stored, f"{where}: the acknowledged answer {item_id} is lost"
        assert stored[item_id] == json.loads(value), f"{where}: {item_id} changed"
    if visit.first("confirmed"):
        assert intake.status == "completed", f"{where}: the confirmed intake is not completed"
    so_far = consent_so_far(session, intake_id=intake_id)
    for _, section in visit.all("acknowledged"):
        assert section in so_far.acknowledged, f"{where}: 'I understand' of {section} is lost"
    asked = [section for section, _ in so_far.questions]
    for _, section in visit.all("question"):
        assert section in asked, f"{where}: the question about {section} is lost"
    given = [(q, a.value) for q, attempts in so_far.attempts.items() for a in attempts]
    for _, question, value in visit.all("comprehension"):
        assert (question, value) in given, f"{where}: the answer to {question} is lost"
    released = [release.hold for release in so_far.releases]
    for _, hold in visit.all("released"):
        assert hold in released, f"{where}: the release of the {hold} hold is lost"
    if signed := visit.first("signed"):
        assert session.get(ConsentRecord, signed[1]), f"{where}: the signed consent is lost"
    if made := visit.first("documents"):
        for document_id in made[1:]:
            assert session.get(Document, document_id), f"{where}: document {document_id} lost"


def check_documents_folder(tablet: Tablet, session, where: str) -> None:
    """Every PDF under its own name is whole, sealed by the clinic and on file as it is."""
    rows = {row.path: row for row in session.exec(select(Document))}
    folder = tablet.settings.documents_dir
    for path in sorted(folder.glob("[!.]*.pdf")) if folder.exists() else []:  # not staged
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        row = rows.get(str(path))
        assert row is not None, f"{where}: {path.name} is in the documents folder, on no row"
        assert row.sha256 == sha256, f"{where}: {path.name} is not the document on file"
        if (str(path), sha256) not in tablet.checked:
            verdict = verify_pdf(data, clinic_certificate(tablet.settings.keys_dir))
            assert verdict.valid, f"{where}: {path.name}: {verdict.reason}"
            tablet.checked.add((str(path), sha256))


def temporary_files(settings: Settings) -> list[str]:
    """Names the app writes before a file is in place (documents, keys, the clinic file)."""
    folders = [settings.documents_dir, settings.keys_dir, settings.data_dir]
    return sorted(
        str(path)
        for folder in folders
        if folder.exists()
        for path in folder.iterdir()
        if path.name.startswith(".")
    )


def check_made_missing(tablet: Tablet, visit: Visit, where: str) -> None:
    """``make-missing`` finishes what was pending and leaves nothing half done."""
    database = tablet.database()
    documents = Documents(database, tablet.settings, tablet.catalog, Actor.system("desk"))
    try:
        # The killed tablet makes nothing any more: nothing needs to settle first.
        attempts = documents.missing(today=TODAY, signed_before=utc_now() + dt.timedelta(1))
        assert all(attempt.made for attempt in attempts), f"{where}: {attempts}"
        with database.session() as session:
            signed = session.exec(select(ConsentRecord.intake_id)).all()
            kinds = {(row.intake_id, row.kind) for row in session.exec(select(Document))}
            for intake_id in signed:
                for kind in ("chart_packet", "patient_copy"):
                    assert (intake_id, kind) in kinds, f"{where}: no {kind} for a signed consent"
            check_documents_folder(tablet, session, where)
            for row in session.exec(select(Document)):
                data = Path(row.path).read_bytes()
                assert hashlib.sha256(data).hexdigest() == row.sha256, f"{where}: {row.id}"
            chain = check_chain(session)
            assert chain.problem is None, f"{where}: the audit trail: {chain.problem}"
    finally:
        database.dispose()
    assert temporary_files(tablet.settings) == [], f"{where}: a temporary file is left"


def check_restart(tablet: Tablet, visit: Visit, where: str) -> None:
    database = tablet.database()  # opened again, as the restarted app does
    try:
        with database.session() as session:
            check_acknowledged(session, visit, where)
            check_documents_folder(tablet, session, where)
    finally:
        database.dispose()
    check_made_missing(tablet, visit, where)


# --- the runs -----------------------------------------------------------------------------


@pytest.fixture
def tablet(request, configured_clinic, monkeypatch) -> Iterator[Tablet]:
    """A configured clinic's tablet with a nurse on file; its database is SQLite, or the
    PostgreSQL server of ``INTAKE_TEST_POSTGRES_URL`` (``request.param``)."""
    if request.param == "postgresql":
        _postgres_database().dispose()  # emptied and made again
        monkeypatch.setenv("INTAKE_DATABASE_URL", POSTGRES_URL)
    settings = load_settings()
    database = Database(settings.database_url)
    nurse = on_file(database, "nurse")
    database.dispose()
    assert nurse.staff_id is not None
    yield Tablet(settings, nurse.staff_id)


# The tablet's own SQLite in every run; a shared server with the exhaustive tests.
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.exhaustive)]


def kill_run(tablet: Tablet, kills: int, seed: int) -> None:
    """``kills`` visits killed at random moments spread over the three phases."""
    rng = random.Random(seed)
    visit, durations = timed_visit(tablet)
    check_restart(tablet, visit, f"seed {seed}, a visit left to finish")
    order = [list(PHASES)[number % len(PHASES)] for number in range(kills)]
    rng.shuffle(order)
    for number, phase in enumerate(order, 1):
        for attempt in range(5):  # a visit that finished before the kill is run again
            delay = rng.uniform(0, durations[phase] * (1 - 0.2 * attempt))
            visit = tablet.run(phase, delay)
            where = (
                f"seed {seed} (INTAKE_KILL_SEED), kill {number} during {phase}, "
                f"{delay:.3f}s after '{PHASES[phase][0]}', last step '{visit.last_step}'"
            )
            check_restart(tablet, visit, where)
            if visit.killed:
                break
        else:
            pytest.fail(f"seed {seed}: the visit always finished before the kill in {phase}")
    assert main(["audit", "verify"]) == 0, f"seed {seed}: audit verify after every kill"


def _seed() -> int:
    return int(os.environ.get("INTAKE_KILL_SEED") or random.randrange(2**32))


@pytest.mark.parametrize("tablet", DATABASES, indirect=True)
def test_a_few_kills_lose_nothing_acknowledged(tablet):
    kill_run(tablet, kills=3, seed=_seed())  # one in each phase


# Moments too short for a random kill to hit often: between the steps of writing a file.
# The first visit makes the clinic's seal keys: the first moment is while it does.
WRITING, FILES = "intake_app.services.filing", "intake_app.chart.document_files"
MOMENTS = {
    "the seal key pair staged, not yet in place": "intake_app.chart.seal:_write_synced:after:2",
    "the chart document staged, its row not yet committed": f"{WRITING}:stage:after:1",
    "the chart document's row committed, not yet in place": f"{WRITING}:put_in_place:before:1",
    "the chart document in place, still staged": f"{FILES}:discard:before:1",
}
COPY_MOMENTS = {  # the same steps again, for the patient's copy made after the chart's
    "the patient's copy staged, its row not yet committed": f"{WRITING}:stage:after:2",
    "the patient's copy's row committed, not yet in place": f"{WRITING}:put_in_place:before:2",
    "the patient's copy in place, still staged": f"{FILES}:discard:before:2",
}


def kill_at_moments(tablet: Tablet, moments: dict[str, str]) -> None:
    for moment, point in moments.items():
        visit = tablet.run(at=point)
        assert visit.killed, f"{moment}: not reached ({visit.errors})"
        check_restart(tablet, visit, f"killed at {moment}")


@pytest.mark.exhaustive  # CI's exhaustive step; test_a_kill_between_any_steps... covers more
@pytest.mark.parametrize("tablet", ["sqlite"], indirect=True)
def test_a_kill_between_the_steps_of_writing_a_file_leaves_it_whole_or_finishable(tablet):
    kill_at_moments(tablet, MOMENTS)


@pytest.mark.exhaustive
@pytest.mark.parametrize("tablet", ["sqlite", "postgresql"], indirect=True)
def test_a_kill_between_any_steps_of_writing_either_document(tablet):
    kill_at_moments(tablet, MOMENTS | COPY_MOMENTS)


@pytest.mark.exhaustive
@pytest.mark.parametrize("tablet", ["sqlite", "postgresql"], indirect=True)
def test_fifty_kills_lose_nothing_acknowledged(tablet):
    kill_run(tablet, kills=50, seed=_seed())
