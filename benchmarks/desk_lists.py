"""The staff's lists and searches on a clinic's years of intakes, through the services.

``python -m benchmarks.desk_lists DATA_DIR URL COUNT ROUNDS [CONSENT_SCALE]`` fills the
database at ``URL`` with ``COUNT`` made-up intakes (``benchmarks.clinic_data``), then
``ROUNDS`` times, each figure in turn (so a moment of load on the machine falls on
all of them; a figure whose times add up to ``BUDGET_SECONDS`` is not timed again):

- the nurse's queue opened (its first page, the counts and the unfinished intakes, as
  the desk's queue page reads them) and filtered to Spanish review flags;
- the records list opened (the documents not filed yet) and filtered to one family
  name with the filed documents too;
- the staff's name search on the tablet for a name that matches nobody (every new
  patient), this tablet's unfinished list, and the scan for documents still owed that
  every tablet makes at start.

On PostgreSQL the made-up data lives in a schema of its own (``bench_<count>``), reused
when it has what is asked for (the same count, app schema and data). The runner drops
it at the end unless told to keep it (``scripts/bench --keep``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.clinic_data import NOBODY

SHOWN = 500  # the records page lists the newest documents found (gui.desk.records_page)
DATA_VERSION = "1"  # change when clinic_data makes other rows
SCHEMA = "bench_{count}"  # one per size, so a short run keeps the full run's data
BUDGET_SECONDS = 20  # a figure is timed again only while its times add up to less
STOP_SECONDS = 120  # PostgreSQL stops a query after this long (statement_timeout)


def postgres_urls(url: str, schema: str) -> tuple[str, str]:
    """The app's URL for the bench schema, and psycopg's connection string."""
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    joined = "&" if "?" in url else "?"
    options = f"-csearch_path%3D{schema}%20-cstatement_timeout%3D{STOP_SECONDS * 1000}"
    return f"{url}{joined}options={options}", plain


def prepared_postgres(url: str, count: int, scale: float) -> tuple[str, float]:
    """The app's URL of a bench schema holding ``count`` intakes; seconds spent loading."""
    import psycopg

    from intake_app.storage.schema_version import head

    schema = SCHEMA.format(count=count)
    app_url, conninfo = postgres_urls(url, schema)
    wanted = f"intakes={count} scale={scale} schema={head()} data={DATA_VERSION}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        found = connection.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            (schema,),
        ).fetchone()
        if found is not None and found[0] == wanted:
            return app_url, 0.0
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.execute(f"CREATE SCHEMA {schema}")
        # Made outside the bench schema (the database's search path), or the upgrade to
        # 0003 would make it inside, and dropping the schema would drop it with the
        # trigram index of every other schema using it.
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    started = time.monotonic()
    database, staff_id = _opened(app_url)
    database.dispose()
    from benchmarks.clinic_data import load_postgres

    load_postgres(conninfo, schema, count, staff_id, scale)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"COMMENT ON SCHEMA {schema} IS '{wanted}'")
    return app_url, time.monotonic() - started


def drop_bench_schema(url: str, count: int) -> None:
    """Drop the bench schema of ``count`` intakes (and so every made-up row in it)."""
    import psycopg

    _app_url, conninfo = postgres_urls(url, SCHEMA.format(count=count))
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA.format(count=count)} CASCADE")


def _opened(url: str) -> tuple[Any, str]:
    """The database (made at the app's schema version) and its nurse's staff id."""
    from intake_app.storage.db import Database

    database = Database(url)
    return database, str(_person(database, "nurse").staff_id)


def _person(database: Any, *roles: str) -> Any:
    """The staff member with ``roles`` (``people_on_file``'s), added on the first run only:
    a kept PostgreSQL schema has them from the run before."""
    from intake_app.services.tablet_unlock import staff_actor
    from intake_app.storage.staff import staff_by_user_name
    from tests.services.people_on_file import on_file

    with database.session() as session:
        found = staff_by_user_name(session, "-".join(roles))
    return staff_actor(found, "tablet-1") if found else on_file(database, *roles)


def the_calls(database: Any, data_dir: Path) -> dict[str, Callable[[], Any]]:
    """Each figure's work, as the screens ask for it."""
    from intake_app.forms.catalog import FormCatalog
    from intake_app.services.actor import Actor
    from intake_app.services.chart_filing import ChartFiling
    from intake_app.services.documents import Documents
    from intake_app.services.front_desk import FrontDesk
    from intake_app.services.review_queue import QueueFilter, ReviewQueue
    from intake_app.services.unfiled_documents import DocumentSearch
    from intake_app.settings import load_settings

    settings = load_settings({"INTAKE_DATA_DIR": str(data_dir)})
    catalog = FormCatalog.from_folder(settings.forms_dir)
    nurse, clerk = _person(database, "nurse", "clinician"), _person(database, "records")
    queue, desk = ReviewQueue(database, nurse), FrontDesk(database, nurse, "tablet-1")
    filing = ChartFiling(database, clerk, settings)
    documents = Documents(database, settings, catalog, Actor.system("tablet-1"))
    everything, spanish_review = QueueFilter(), QueueFilter(severity="review", language="es")
    now = dt.datetime.now(dt.UTC)
    return {
        "queue_open": lambda: (
            queue.page(everything),
            queue.counts(everything),
            queue.unfinished(now),
        ),
        "queue_filter": lambda: (queue.page(spanish_review), queue.counts(spanish_review)),
        "records_open": lambda: filing.unfiled(DocumentSearch(), limit=SHOWN),
        "records_filter": lambda: filing.unfiled(
            DocumentSearch(text="Family345"), include_filed=True, limit=SHOWN
        ),
        "name_search": lambda: desk.find_patients(NOBODY, None, ""),
        "unfinished_list": desk.unfinished,
        "documents_owed": lambda: documents.missing(today=dt.date.today()),
    }


def check_answers(found: dict[str, Any]) -> None:
    """Each call found what the made-up clinic holds (a benchmark of a wrong answer is none);
    a call stopped at the time limit found nothing to check."""
    if "queue_open" in found and len(found["queue_open"][0]) != 50:
        raise RuntimeError(f"the queue's first page has {len(found['queue_open'][0])} rows, not 50")
    shown = found.get("queue_filter", ([], {}))[0]
    if any(row.worst != "review" or row.language != "es" for row in shown):
        raise RuntimeError("the filtered queue shows rows the filter leaves out")
    if not all(found.get(name, True) for name in ("records_open", "records_filter")):
        raise RuntimeError("the records list is empty")
    if found.get("name_search"):
        raise RuntimeError("the search for nobody found somebody")
    if found.get("documents_owed"):
        raise RuntimeError("the scan found documents owed where none is")


def timed(call: Callable[[], Any]) -> tuple[float, Any, bool]:
    """Seconds the call took, what it returned, and whether the database stopped it at
    ``STOP_SECONDS`` (then it returned nothing)."""
    start = time.perf_counter()
    try:
        result = call()
    except Exception as error:
        if not _stopped(error):
            raise
        return time.perf_counter() - start, None, True
    return time.perf_counter() - start, result, False


def _stopped(error: BaseException | None) -> bool:
    while error is not None:
        if "statement timeout" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def measure(data_dir: Path, url: str, count: int, rounds: int, scale: float) -> dict[str, Any]:
    from benchmarks.child import self_peak_mb

    loaded = time.monotonic()
    if url.startswith("postgresql"):
        url, loading = prepared_postgres(url, count, scale)
        database, _ = _opened(url)
    else:
        database, staff_id = _opened(url)
        from benchmarks.clinic_data import load_sqlite

        load_sqlite(database, count, staff_id)
        loading = time.monotonic() - loaded
    calls = the_calls(database, data_dir)
    times: dict[str, list[float]] = {name: [] for name in calls}
    found, stopped = {}, []
    for name, call in calls.items():  # a first turn, not counted: it checks the answers
        seconds, found[name], cut = timed(call)
        if cut:
            times[name].append(seconds)
            stopped.append(name)
            del found[name]
    check_answers(found)
    for _ in range(rounds):
        for name, call in calls.items():
            if name in stopped or sum(times[name]) > BUDGET_SECONDS:
                continue  # enough of a slow one: the others go on
            seconds, _result, cut = timed(call)
            times[name].append(seconds)
    database.dispose()
    return {"times": times, "stopped": stopped, "stop_seconds": STOP_SECONDS,
            "loading_seconds": loading, "peak_mb": self_peak_mb(), "url": url}  # fmt: skip


if __name__ == "__main__":
    from benchmarks.child import say

    folder, address, intakes, repeat = sys.argv[1:5]
    scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
    os.environ["INTAKE_DATA_DIR"] = folder
    say(measure(Path(folder), address, int(intakes), int(repeat), scale))
