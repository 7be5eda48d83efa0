"""Every benchmark, each in fresh processes, turned into figures with their targets.

Each ``measure_*`` function runs its children and returns its figures; the runner
(``benchmarks.__main__``) prints them and writes them as JSON. ``Plan`` says how many
times and on how much data: the full run's, or the short run's (CI: each benchmark
runs, on small data, so none can rot).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.child import ChildFailed, child_env, run_child, run_command
from benchmarks.report import Figure, Limit

MS = 0.001


@dataclass(frozen=True)
class Plan:
    short: bool
    startup_pairs: int  # bare window, then the app, this many times (after one pair to warm up)
    visits: int  # whole patient visits on the tablet
    answer_intakes: int  # intakes whose sample answers are each stored once
    chart_rounds: int
    desk_rounds: int
    documents_list_runs: int
    sqlite_intakes: int
    postgres_intakes: int
    postgres_consent_scale: float  # of the consent rows' size (1.0: as large as the sample's)


FULL = Plan(False, 10, 3, 8, 15, 15, 3, 100_000, 1_000_000, 0.1)
SHORT = Plan(True, 1, 1, 1, 2, 2, 1, 2_000, 2_000, 1.0)


def measure_startup(plan: Plan, folder: Path) -> tuple[list[Figure], list[float]]:
    """Process start to the first window shown and responsive: the app (on a prepared
    data folder, so it opens its locked start screen) against a bare PySide6 window.
    Returns the figures and the bare window's peak memory samples."""
    data = folder / "startup-data"
    run_child(["-m", "benchmarks.tablet_flow", "prepare", str(data)])
    env = child_env(INTAKE_DATA_DIR=str(data))
    app, first, bare, app_mb, bare_mb = [], [], [], [], []
    for turn in range(plan.startup_pairs + 1):
        for kind, peaks in (("bare", bare_mb), ("app", app_mb)):
            done = run_child(["benchmarks/startup_probe.py", kind], env=env, timeout=120)
            if kind == "app" and done.result["screen"] != "LockedScreen":
                raise ChildFailed(f"the app opened on {done.result['screen']}, not the locked "
                                  "start screen: the prepared data folder was not enough")  # fmt: skip
            if turn:  # the first pair warms the disk cache and is not counted
                if kind == "app":
                    app.append(done.result["ready"] - done.started_at)
                    first.append(done.result["first"] - done.started_at)
                else:
                    bare.append(done.result["first"] - done.started_at)
                peaks.append(done.result["peak_mb"])
    figures = [
        Figure("start-up to the first window painted", "s", first, bare, "bare PySide6 window",
               [Limit("ratio", 1.5)], "<= 1.5x (aim 1.2x)",
               "process start to the first paint (the clinic's name, nothing to tap yet) plus "
               "one turn of the event loop, offscreen, interleaved with the bare window"),
        Figure("start-up until the locked screen answers", "s", app, bare,
               "bare PySide6 window", [Limit("ratio", 1.5)], "<= 1.5x (aim 1.2x)",
               "process start until the locked start screen is shown (settings, database "
               "and forms read) plus one turn of the event loop: when staff can tap"),
        Figure("memory when the locked screen answers", "MB", app_mb, bare_mb, "bare PySide6 window",
               note="peak resident memory (ru_maxrss) when the locked start screen is ready"),
    ]  # fmt: skip
    return figures, bare_mb


def measure_tablet(plan: Plan, folder: Path, bare_mb: list[float]) -> list[Figure]:
    """Next on each questionnaire page until the next page is painted, and the peak
    memory of a whole patient visit (questionnaire, consent, signature, documents)."""
    tools = run_child(["-m", "benchmarks.tablet_flow", "tools", str(folder)]).result["tools_mb"]
    times: list[float] = []
    peaks: list[float] = []
    slowest: tuple[float, str] = (0.0, "")
    for visit in range(plan.visits):
        done = run_child(["-m", "benchmarks.tablet_flow", "visit", str(folder / f"visit-{visit}")])
        for page, seconds in done.result["next"]:
            times.append(seconds)
            slowest = max(slowest, (seconds, page))
        peaks.append(done.result["peak_mb"] - tools)
    return [
        Figure("page change (Next to next page painted)", "s", times,
               limits=[Limit("p95", 50 * MS)], target="p95 < 50 ms (aim 16 ms)",
               note=f"{len(times)} Next taps over {plan.visits} visit(s); slowest: leaving "
                    f"{slowest[1]} ({slowest[0] * 1000:.0f} ms)"),
        Figure("peak memory, whole patient visit", "MB", peaks, bare_mb, "bare PySide6 window",
               [Limit("median", 250)], "< 250 MB (aim 200 MB)",
               f"ru_maxrss of the visit's process less {tools:.0f} MB that the test helpers "
               "driving it add (pytest, hypothesis), measured in the same run"),
    ]  # fmt: skip


def measure_answer_save(plan: Plan, folder: Path) -> list[Figure]:
    result = run_child(["-m", "benchmarks.answer_save", str(folder / "answers"),
                        str(plan.answer_intakes)]).result  # fmt: skip
    return [Figure("answer save (SQLite, WAL, synchronous FULL)", "s", result["app"],
                   result["bare"], "bare sqlite3 insert + commit",
                   [Limit("p95", 5 * MS), Limit("ratio", 3)], "p95 < 5 ms and <= 3x",
                   "IntakeSession.answer, each sample answer once per intake")]  # fmt: skip


def measure_chart(plan: Plan, folder: Path) -> list[Figure]:
    result = run_child(["-m", "benchmarks.chart_document", str(folder / "chart"),
                        str(plan.chart_rounds)]).result  # fmt: skip
    pages = result["pages"]
    return [
        Figure("chart document build and seal", "s", result["app"], result["bare"],
               f"plain reportlab, {pages} pages of text", [Limit("median", 0.5), Limit("ratio", 3)],
               "< 0.5 s and <= 3x (aim 2x)", f"the sample chart document: {pages} pages"),
        Figure("verify the sample chart document", "s", result["verify"],
               limits=[Limit("median", 50 * MS)], target="< 50 ms"),
    ]  # fmt: skip


DESK_FIGURES = {
    "queue_open": ("nurse queue: open", True),
    "queue_filter": ("nurse queue: filter", True),
    "records_open": ("records list: open", True),
    "records_filter": ("records list: name search, filed too", True),
    "name_search": ("staff name search, nobody matches", False),
    "unfinished_list": ("tablet's unfinished list", False),
    "documents_owed": ("start-up scan for documents owed", False),
}


def measure_desk(plan: Plan, folder: Path, url: str | None, *, keep: bool = False) -> list[Figure]:
    """The desk's lists on SQLite (``url`` None), or on the PostgreSQL server at ``url``,
    whose bench schema is dropped at the end unless ``keep``."""
    if url is None or keep:
        return _desk_figures(plan, folder, url)
    try:
        return _desk_figures(plan, folder, url)
    finally:
        from benchmarks.desk_lists import drop_bench_schema

        drop_bench_schema(url, plan.postgres_intakes)


def _desk_figures(plan: Plan, folder: Path, url: str | None) -> list[Figure]:
    postgres = url is not None
    count = plan.postgres_intakes if postgres else plan.sqlite_intakes
    data = folder / ("desk-postgres" if postgres else "desk-sqlite")
    data.mkdir(parents=True, exist_ok=True)
    address = url or f"sqlite:///{data / 'intake.sqlite3'}"
    scale = plan.postgres_consent_scale if postgres else 1.0
    result = run_child(["-m", "benchmarks.desk_lists", str(data), address, str(count),
                        str(plan.desk_rounds), str(scale)], timeout=7200).result  # fmt: skip
    where = f"{count:,} intakes, {'PostgreSQL' if postgres else 'SQLite'}"
    limit, words = (0.2, "median < 200 ms") if postgres else (0.1, "median < 100 ms")
    note = f"made-up clinic loaded in {result['loading_seconds']:.0f} s"
    if scale != 1.0:
        note += f"; consent rows at {scale:g} of the sample's size"
    figures = [
        Figure(f"{name} ({where})", "s", result["times"][key],
               limits=[Limit("median", limit)] if judged else [], target=words if judged else "",
               note=_desk_note(key, note, result))
        for key, (name, judged) in DESK_FIGURES.items()
    ]  # fmt: skip
    env = child_env(INTAKE_DATA_DIR=str(data), INTAKE_DATABASE_URL=result["url"])
    runs = [run_command([sys.executable, "-m", "intake_app", "documents", "list"], env=env)
            for _ in range(plan.documents_list_runs)]  # fmt: skip
    figures.append(Figure(f"`documents list` ({where})", "s", [s for s, _ in runs]))
    figures.append(Figure(f"`documents list` memory ({where})", "MB", [mb for _, mb in runs]))
    return figures


def _desk_note(key: str, loaded: str, result: dict[str, Any]) -> str:
    if key in result["stopped"]:
        return (f"stopped by the database after {result['stop_seconds']} s "
                "(statement_timeout): it takes at least that")  # fmt: skip
    return loaded if key == "queue_open" else ""


def postgres_url(given: str | None) -> str | None:
    return given or os.environ.get("INTAKE_TEST_POSTGRES_URL") or None
