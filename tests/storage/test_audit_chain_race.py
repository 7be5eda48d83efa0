"""Two stations writing audit events at the same moment still make one valid chain: each
takes the chain head's lock before reading it (``storage.audit``)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from intake_app.storage.audit_check import check_chain
from tests.storage.test_audit_chain import events

PROJECT = Path(__file__).resolve().parents[2]

WRITES, PER_TRANSACTION = 40, 3

# One station: say it is ready, wait for the start, then write its events as fast as it can,
# a few per transaction.
STATION = """
import sys, time
from pathlib import Path
from intake_app.storage.audit import append_event
from intake_app.storage.db import Database

url, folder, station, writes, per = sys.argv[1], Path(sys.argv[2]), sys.argv[3], *map(int, sys.argv[4:])
database = Database(url)
(folder / f"{station}-ready").touch()
while not (folder / "start").exists():
    time.sleep(0.0002)
for n in range(writes):
    with database.session() as session:
        for k in range(per):
            append_event(session, actor="system", action="race", workstation=station,
                         detail={"n": n, "k": k})
        session.commit()
database.dispose()
"""


def write_at_once(database, folder: Path, stations: list[str]) -> None:
    folder.mkdir()
    args = [str(WRITES), str(PER_TRANSACTION)]
    running = [
        subprocess.Popen(
            [sys.executable, "-c", STATION, database.url, str(folder), station, *args],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for station in stations
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not all((folder / f"{s}-ready").exists() for s in stations):
            assert all(p.poll() is None for p in running), "a station stopped early"
            assert time.monotonic() < deadline, "the stations never got ready"
            time.sleep(0.01)
        (folder / "start").touch()
        finished = [p.communicate(timeout=180) for p in running]
    finally:
        for process in running:
            process.kill() if process.poll() is None else None
    for process, (_out, err) in zip(running, finished, strict=True):
        assert process.returncode == 0 and "Traceback" not in err, err


def test_two_stations_writing_at_once_make_one_valid_chain(database, tmp_path):
    write_at_once(database, tmp_path / "race", ["a", "b"])
    written = events(database)
    total = 2 * WRITES * PER_TRANSACTION
    assert [e.sequence for e in written] == list(range(1, total + 1)), "gap-free, no twice"
    assert {s: sum(e.workstation == s for e in written) for s in "ab"} == {
        "a": total // 2,
        "b": total // 2,
    }
    with database.session() as session:
        report = check_chain(session)
    assert (report.problem, report.events) == (None, total)
    for station in "ab":  # each transaction's events stay together, in order
        mine = [e for e in written if e.workstation == station]
        assert [(e.detail["n"], e.detail["k"]) for e in mine] == sorted(
            (e.detail["n"], e.detail["k"]) for e in mine
        )
