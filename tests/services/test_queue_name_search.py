"""The nurse's queue searched by name: the words are looked for in the database, so a
name that matches nobody reads no intake or patient into Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from intake_app.services.review_queue import QueueFilter, ReviewQueue
from intake_app.storage.tables import Intake, Patient
from tests.services.people_on_file import on_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

DONE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
BORN = dt.date(1961, 7, 14)


@pytest.fixture
def queue(database):  # noqa: F811  (the fixture imported above)
    names = ["Zoë Núñez", "Wei Li", "Mario Nuñez-Ortiz"] + [f"Given{n} Smith" for n in range(20)]
    for minute, name in enumerate(names):
        given, family = name.split()
        born = BORN if minute < 2 else dt.date(1970, 1, 1)
        with database.session() as session:
            patient = Patient(given_names=given, family_name=family, date_of_birth=born)
            session.add(patient)
            session.flush()
            session.add(Intake(patient_id=patient.id, form_id="f", form_version="1",
                               language="en", status="completed", worst_flag=1,
                               completed_at=DONE + dt.timedelta(minutes=minute)))  # fmt: skip
            session.commit()
    return ReviewQueue(database, on_file(database, "nurse"))


@contextmanager
def rows_read() -> Iterator[list[object]]:
    """The intakes and patients read into Python while the block runs."""
    read: list[object] = []

    def loaded(row: object, _context) -> None:
        read.append(row)

    for kind in (Intake, Patient):
        event.listen(kind, "load", loaded)
    try:
        yield read
    finally:
        for kind in (Intake, Patient):
            event.remove(kind, "load", loaded)


def names(rows) -> list[str]:
    return [row.patient_name for row in rows]


def test_name_words_are_found_without_accents_or_case_oldest_first(queue):
    assert names(queue.page(QueueFilter(search="NUNEZ"))) == ["Zoë Núñez", "Mario Nuñez-Ortiz"]
    assert names(queue.page(QueueFilter(search="zoe nunez"))) == ["Zoë Núñez"]
    assert names(queue.page(QueueFilter(search="nunez 07/14/1961"))) == ["Zoë Núñez"]
    assert names(queue.page(QueueFilter(search="smith", review_state="cleared"))) == []
    assert len(queue.page(QueueFilter(search="smith"), offset=15, limit=10)) == 5


def test_a_name_that_matches_nobody_reads_no_row(queue):
    with rows_read() as read:
        assert queue.page(QueueFilter(search="xiomara")) == []
    assert read == []
