"""One answer stored durably through the app's service, against a bare sqlite3 insert.

``python -m benchmarks.answer_save DIR INTAKES`` starts ``INTAKES`` intakes for the sample
patient through ``IntakeSession`` on a SQLite database in ``DIR`` (WAL, synchronous
FULL: the app's pragmas) and stores each sample answer once (``IntakeSession.answer``,
as the tablet does on each tap). Before each answer it times a bare ``sqlite3`` insert
of one answer row and its commit, in a database of its own in the same folder with the
same pragmas: baseline and app interleaved, on the same disk at the same moment.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

BARE_TABLE = """CREATE TABLE answer (
    id TEXT PRIMARY KEY, intake_id TEXT NOT NULL, item_id TEXT NOT NULL, value TEXT,
    answered_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (intake_id, item_id))"""


def bare_database(path: Path) -> sqlite3.Connection:
    """A database with one answer table and the app's pragmas (``storage.db``)."""
    from intake_app.storage.db import SQLITE_PRAGMAS

    connection = sqlite3.connect(path)
    for name, value in SQLITE_PRAGMAS.items():
        connection.execute(f"PRAGMA {name}={value}")
    connection.execute(BARE_TABLE)
    connection.commit()
    return connection


def bare_insert(connection: sqlite3.Connection, intake_id: str, item_id: str, value: Any) -> float:
    """Seconds to insert one answer row and commit it (an fsync of the WAL)."""
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    start = time.perf_counter()
    connection.execute("INSERT INTO answer VALUES (?, ?, ?, ?, ?, ?)",
                       (uuid.uuid4().hex, intake_id, item_id, json.dumps(value), now, now))  # fmt: skip
    connection.commit()
    return time.perf_counter() - start


def measure(folder: Path, intakes: int) -> dict[str, Any]:
    from intake_app.forms.catalog import load_questionnaire
    from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
    from intake_app.paths import shipped_forms_dir
    from intake_app.services.intake_session import IntakeSession
    from intake_app.storage.db import Database
    from tests.services.people_on_file import on_file

    form = shipped_forms_dir() / "questionnaires" / "exosome-joint-intake-1.0.yaml"
    questionnaire = load_questionnaire(form)
    database = Database(f"sqlite:///{folder / 'intake.sqlite3'}")
    if database.pragma("synchronous") != "2" or database.pragma("journal_mode") != "wal":
        raise RuntimeError("the app's database is not in WAL mode with synchronous FULL")
    bare = bare_database(folder / "bare.sqlite3")
    nurse = on_file(database, "nurse")
    app_times, bare_times = [], []
    for n in range(intakes):
        session = IntakeSession.start(database, questionnaire, SAMPLE_PATIENT, language="en",
                                      by=nurse)  # fmt: skip
        for item_id, value in SAMPLE_ANSWERS.items():
            bare_times.append(bare_insert(bare, f"intake-{n}", item_id, value))
            start = time.perf_counter()
            session.answer(item_id, value)
            app_times.append(time.perf_counter() - start)
    database.dispose()
    bare.close()
    return {"app": app_times, "bare": bare_times}


if __name__ == "__main__":
    from benchmarks.child import say

    say(measure(Path(sys.argv[1]), int(sys.argv[2])))
