"""``scripts/bench [--short] [--out FILE] [--postgres URL | --no-postgres] [--keep] [--only NAME ...]``

Runs every benchmark (``benchmarks.suite``), prints the table and writes the figures
with the machine to ``bench-results.json`` (``--out``). The PostgreSQL figures run
when ``--postgres URL`` or ``INTAKE_TEST_POSTGRES_URL`` names a server (1,000,000
intakes: loading them takes minutes). They are loaded into a ``bench_<count>`` schema,
dropped at the end unless ``--keep`` (then the next run reuses it): the server's
database is left as it was found, with nothing beside the app's own schema.

Exit status: 0 when every target is met (the short run only reports: 0 unless a
benchmark failed to run), 1 when a target is missed, 2 when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import suite
from benchmarks.child import ROOT, ChildFailed
from benchmarks.report import Figure, table, write_json

GROUPS = ("startup", "tablet", "answers", "chart", "sqlite", "postgres")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--short", action="store_true",
                        help="each benchmark a few times on small data; report, do not judge")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results.json",
                        help="where to write the figures as JSON (default: bench-results.json)")  # fmt: skip
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server's SQLAlchemy URL "
                        "(default: INTAKE_TEST_POSTGRES_URL)")  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true", help="leave PostgreSQL out")
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL bench schema for the next run (loading "
                        "1,000,000 intakes takes minutes); dropped at the end otherwise")  # fmt: skip
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these benchmarks")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    plan = suite.SHORT if args.short else suite.FULL
    url = None if args.no_postgres else suite.postgres_url(args.postgres)
    wanted = set(args.only or GROUPS) - ({"postgres"} if url is None else set())
    figures: list[Figure] = []
    problems: list[str] = []
    judged = not args.short
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as folder:
        tmp = Path(folder)
        bare_mb: list[float] = []

        def startup() -> list[Figure]:
            found, bare_mb[:] = suite.measure_startup(plan, tmp)
            return found

        steps: dict[str, Callable[[], list[Figure]]] = {
            "startup": startup,
            "tablet": lambda: suite.measure_tablet(plan, tmp, bare_mb),
            "answers": lambda: suite.measure_answer_save(plan, tmp),
            "chart": lambda: suite.measure_chart(plan, tmp),
            "sqlite": lambda: suite.measure_desk(plan, tmp, None),
            "postgres": lambda: suite.measure_desk(plan, tmp, url, keep=args.keep),
        }
        for name, step in steps.items():
            if name not in wanted:
                continue
            print(f"== {name}", file=sys.stderr, flush=True)
            try:
                found = step()
                figures.extend(found)
                print(table(found, judged=judged), file=sys.stderr, flush=True)
            except ChildFailed as failed:
                problems.append(f"{name}: {failed}")
            except Exception:  # one benchmark's failure must not hide the others'
                problems.append(f"{name}: {traceback.format_exc()}")
    print(table(figures, judged=judged))
    for figure in figures:
        if figure.note:
            print(f"  {figure.name}: {figure.note}")
    write_json(args.out, figures, short=args.short,
               extra={"seconds": round(time.monotonic() - started), "problems": problems})  # fmt: skip
    print(f"Figures written to {args.out}")
    for problem in problems:
        print(f"benchmark could not run: {problem}", file=sys.stderr)
    if problems:
        return 2
    return 1 if judged and any(f.passed() is False for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
