"""The benchmark runner (``scripts/bench``): its table, its JSON, and a short run end to end.

CI runs every benchmark once with ``scripts/bench --short``; here one of them runs, so
a broken runner shows in the normal test run too.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.child import PYCACHE, ROOT, child_env
from benchmarks.report import COLUMNS, Figure, Limit, table, write_json

MACHINE = {"cpu", "cores", "ram_gb", "os", "python", "pyside6", "date"}


def figures() -> list[Figure]:
    return [
        Figure("start-up", "s", [0.30, 0.31, 0.50], [0.2, 0.2, 0.21], "bare window",
               [Limit("ratio", 1.5)], "<= 1.5x"),
        Figure("page change", "s", [0.010, 0.012, 0.090], limits=[Limit("p95", 0.05)],
               target="p95 < 50 ms"),
        Figure("documents list memory", "MB", [120.0]),
    ]  # fmt: skip


def test_the_table_shows_every_column_and_judges_each_target():
    shown = table(figures(), judged=True).splitlines()
    assert shown[0].split("  ")[0] == "figure"
    assert all(column in shown[0] for column in COLUMNS)
    start_up, page_change, memory = shown[2:]
    assert "310.0 ms" in start_up and "200.0 ms" in start_up and "1.55x" in start_up
    assert start_up.endswith("FAIL"), "1.55x the bare window is more than 1.5x"
    assert page_change.endswith("FAIL") and "90.0 ms" in page_change
    assert "120 MB" in memory and memory.endswith("-"), "a figure without a target is not judged"


def test_the_short_run_reports_without_judging():
    assert table(figures(), judged=False).splitlines()[2].endswith("not judged")


def test_the_json_has_the_machine_and_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    write_json(out, figures(), short=False, extra={"problems": []})
    written = json.loads(out.read_text())
    assert set(written["machine"]) >= MACHINE
    [start_up, page_change, memory] = written["figures"]
    assert (start_up["passed"], page_change["passed"], memory["passed"]) == (False, False, None)
    assert start_up["ratio"] == start_up["median"] / start_up["baseline_median"]


def test_a_short_run_of_one_benchmark_end_to_end(tmp_path):
    out = tmp_path / "bench.json"
    ran = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--short", "--only", "answers", "--out", str(out)],
        cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    header = ran.stdout.splitlines()[0]
    assert all(column in header for column in COLUMNS)
    [figure] = json.loads(out.read_text())["figures"]
    assert figure["name"].startswith("answer save")
    assert figure["count"] > 30 and len(figure["baseline_samples"]) == figure["count"]
    assert 0 < figure["median"] < 1 and figure["ratio"] > 0
    assert figure["passed"] is None, "the short run reports, it does not judge"


def test_children_keep_the_apps_compiled_modules_as_an_installed_app_does(monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as some shells and containers set
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    env = child_env()
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(PYCACHE)


def test_the_postgresql_made_up_clinic_is_dropped_at_the_end_unless_kept(monkeypatch, tmp_path):
    # A schema left behind is another program's schema in the test database next time.
    from benchmarks import desk_lists, suite

    dropped: list[tuple[str, int]] = []
    monkeypatch.setattr(suite, "_desk_figures", lambda plan, folder, url: [])
    monkeypatch.setattr(desk_lists, "drop_bench_schema", lambda *given: dropped.append(given))
    url = "postgresql+psycopg://someone@server/clinic"
    suite.measure_desk(suite.SHORT, tmp_path, url)
    suite.measure_desk(suite.SHORT, tmp_path, url, keep=True)
    suite.measure_desk(suite.SHORT, tmp_path, None)
    assert dropped == [(url, suite.SHORT.postgres_intakes)]

    def fails(plan, folder, url):
        raise RuntimeError("the benchmark could not run")

    monkeypatch.setattr(suite, "_desk_figures", fails)
    with pytest.raises(RuntimeError):
        suite.measure_desk(suite.SHORT, tmp_path, url)
    assert len(dropped) == 2, "dropped after a failed run too"
