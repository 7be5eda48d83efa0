"""What one station does in the multi-station tests, run in its own process.

Each function is started by ``tests.stations.test_stations`` through multiprocessing's
"spawn" start, so it imports the app afresh and opens its own ``Database`` on the
PostgreSQL URL, as a separate tablet or desk computer would. Every station waits for
the others at ``start`` and then acts at once. What it did, or the exception it met
(its type and words), goes back to the test through ``results``.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake_app.forms.catalog import load_questionnaire
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.services.actor import Actor
from intake_app.services.intake_session import IntakeSession, PatientDetails
from intake_app.services.review_queue import QueueFilter, ReviewQueue
from intake_app.storage.db import Database

SHIPPED_INTAKE = "exosome-joint-intake-1.0.yaml"
# Every answer the shipped form asks of the sample patient (the sample leaves one out).
ANSWERS = SAMPLE_ANSWERS | {"product_component_allergy": "no"}
WAIT = 60  # seconds a station waits for the others before it gives up


def run(name: str, work: str, args: dict[str, Any], start: Any, results: Any) -> None:
    """Do ``work`` (a function of this module, given ``args``) and report ``(name, "done", what)`` or
    ``(name, "raised", (type, words))``; an unexpected failure sends its traceback."""
    try:
        results.put((name, "done", globals()[work](**args, start=start)))
    except Refused as refusal:
        results.put((name, "raised", (refusal.kind, refusal.words)))
    except BaseException:  # the test shows it
        results.put((name, "failed", traceback.format_exc()))


class Refused(Exception):
    """A refusal the service gave, as the station reports it."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.kind, self.words = type(error).__name__, str(error)


def answer_whole_intake(
    *, url: str, tablet: str, staff: Actor, details: PatientDetails, start: Any
) -> dict[str, Any]:
    """A tablet: staff start the intake, then the patient gives every answer of ``ANSWERS``,
    one transaction each, and confirms them."""
    from intake_app.paths import shipped_forms_dir

    form = load_questionnaire(shipped_forms_dir() / "questionnaires" / SHIPPED_INTAKE)
    database = Database(url, workstation=tablet)
    session = IntakeSession.start(database, form, details, language="en", by=staff, device=tablet)
    start.wait(WAIT)
    for item_id, value in ANSWERS.items():
        session.answer(item_id, value)
    flags = session.complete()
    database.dispose()
    return {"intake": session.intake.id, "answers": dict(session.answers), "flags": len(flags)}


def read_the_queue(*, url: str, station: str, nurse: Actor, expected: int, start: Any) -> dict:
    """A nurse station: read the queue (counts, unfinished, the first page) over and over
    until ``expected`` intakes wait for review, or a minute passed."""
    import datetime as dt

    database = Database(url, workstation=station)
    queue = ReviewQueue(database, nurse)
    start.wait(WAIT)
    seen: list[set[str]] = []
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        queue.counts(QueueFilter())
        queue.unfinished(dt.datetime.now(dt.UTC))
        seen.append({row.intake_id for row in queue.page(QueueFilter())})
        if len(seen[-1]) >= expected:
            break
        time.sleep(0.02)
    database.dispose()
    return {"polls": len(seen), "seen": sorted(seen[-1]), "most": max(map(len, seen))}


def _meeting(meet: Any, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call``, once the other station reached the same point too."""

    def met(*args: Any, **kwargs: Any) -> Any:
        meet.wait(WAIT)
        return call(*args, **kwargs)

    return met


def sign_off(
    *, url: str, station: str, by: Actor, intake_id: str, password: str, meet: Any, start: Any
) -> str:
    """A nurse signs the decision on one intake; with ``meet``, the two stations both
    checked that no review is signed yet before either stores theirs."""
    from intake_app.services import review
    from intake_app.settings import StaffSettings

    if meet is not None:
        review.sign_review = _meeting(meet, review.sign_review)  # type: ignore[attr-defined]
    database = Database(url, workstation=station)
    reviews = review.Reviews(database, by, StaffSettings())
    start.wait(WAIT)
    try:
        signed = reviews.sign_off(intake_id, "not_eligible", f"Decided at {station}.", password)
    except review.ReviewTaken as taken:
        raise Refused(taken) from None
    finally:
        database.dispose()
    return signed.id


def file_document(
    *, url: str, station: str, by: Actor, document_id: str, folder: str, meet: Any, start: Any
) -> dict[str, Any]:
    """A records clerk files one document into the chart folder; with ``meet``, the two
    stations both checked and copied it before either marks it filed."""
    from intake_app.services.chart_filing import ChartFiling, FilingProblem
    from intake_app.settings import load_settings

    database = Database(url, workstation=station)
    filing = ChartFiling(database, by, load_settings(), folder=Path(folder))
    if meet is not None:
        filing._mark = _meeting(meet, filing._mark)  # type: ignore[method-assign]
    start.wait(WAIT)
    try:
        filed = filing.file(document_id)
    except FilingProblem as problem:
        raise Refused(problem) from None
    finally:
        database.dispose()
    return dataclasses.asdict(filed) | {"path": str(filed.path)}
