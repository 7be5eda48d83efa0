"""The nurse's queue with a clinic's years of intakes: opening it, filtering it and
searching it, in the service and in the table model the desk shows (off the GUI thread).

``./run-tests benchmarks --benchmark-only`` measures it with 100,000 intakes (the
README records the result); CI runs it once with fewer
(``INTAKE_BENCH_INTAKES``), so it cannot rot. The target: each under 100 ms on
SQLite.
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
from sqlalchemy import insert

from intake_app.services.review_queue import QueueFilter, ReviewQueue
from intake_app.storage.db import Database
from intake_app.storage.tables import Intake, Patient, new_id
from tests.services.people_on_file import on_file

INTAKES = int(os.environ.get("INTAKE_BENCH_INTAKES", "100000"))
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _rows(count: int) -> tuple[list[dict], list[dict]]:
    """Made-up patients and their completed intakes, flags of every severity."""
    chance = random.Random(7)
    patients, intakes = [], []
    for n in range(count):
        patient_id, at = new_id(), START + dt.timedelta(minutes=7 * n)
        patients.append({"id": patient_id, "given_names": f"Given{n}", "family_name": f"Family{n % 997}",
                         "date_of_birth": dt.date(1940 + n % 60, 1 + n % 12, 1 + n % 28), "created_at": at,
                         "mrn": f"MRN{n}", "mrn_key": f"mrn{n}"})  # fmt: skip
        intakes.append({"id": new_id(), "patient_id": patient_id, "form_id": "exosome-joint-intake",
                        "form_version": "1.0", "language": chance.choice(["en", "es"]),
                        "status": "completed", "started_at": at, "updated_at": at, "completed_at": at,
                        "worst_flag": chance.choice([0, 1, 1, 2, 3]), "flag_count": chance.randint(0, 6),
                        "review_state": chance.choice(["waiting", "cleared", "cleared", "cleared"])})  # fmt: skip
    return patients, intakes


@pytest.fixture(scope="module")
def queue(tmp_path_factory):
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('queue') / 'clinic.sqlite3'}")
    patients, intakes = _rows(INTAKES)
    with database.session() as session:
        session.execute(insert(Patient), patients)
        session.execute(insert(Intake), intakes)
    return ReviewQueue(database, on_file(database, "nurse"))


def test_opening_the_queue(benchmark, queue):
    rows = benchmark(lambda: queue.page(QueueFilter()))
    assert len(rows) == 50 and rows[0].worst == "stop"
    if benchmark.enabled:
        assert benchmark.stats.stats.median < 0.1


def test_filtering_the_queue_to_spanish_review_flags(benchmark, queue):
    shown = QueueFilter(severity="review", language="es")
    rows = benchmark(lambda: queue.page(shown))
    assert rows and all(r.worst == "review" and r.language == "es" for r in rows)
    if benchmark.enabled:
        assert benchmark.stats.stats.median < 0.1


def test_searching_the_queue_by_mrn(benchmark, queue):
    rows = benchmark(lambda: queue.page(QueueFilter(review_state=None, search="mrn7")))
    assert [r.mrn for r in rows] == ["MRN7"]
    if benchmark.enabled:
        assert benchmark.stats.stats.median < 0.1


def test_searching_the_queue_by_a_date_of_birth(benchmark, queue):
    shown = QueueFilter(review_state=None, search="08/08/1947")  # patient 7's birthday
    rows = benchmark(lambda: queue.page(shown))
    assert rows and all(r.date_of_birth == dt.date(1947, 8, 8) for r in rows)
    if benchmark.enabled:
        assert benchmark.stats.stats.median < 0.1


def test_the_table_model_shows_its_first_page_and_a_filter_change(benchmark, queue, qapp):
    """From the nurse's click to the rows in the model: the read on the worker thread
    and the answer back on the GUI thread, alternating two filters."""
    from PySide6.QtCore import QEventLoop

    from intake_app.gui.background import Background
    from intake_app.gui.desk.queue_model import QueueModel

    background = Background()
    model = QueueModel(lambda shown, offset, limit: queue.page(shown, offset=offset, limit=limit),
                       background, lambda: START)  # fmt: skip
    filters = [QueueFilter(), QueueFilter(severity="review", language="es")]

    def show(shown: QueueFilter) -> int:
        loop = QEventLoop()
        model.rows_changed.connect(loop.quit)
        model.set_filter(shown)
        loop.exec()
        model.rows_changed.disconnect(loop.quit)
        return model.rowCount()

    turns = iter(range(1_000_000))
    counts = benchmark(lambda: show(filters[next(turns) % 2]))
    assert counts == 50
    background.wait()
    if benchmark.enabled:
        assert benchmark.stats.stats.median < 0.1
