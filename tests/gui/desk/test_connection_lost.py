"""The nurse station while the clinic's database cannot be reached: the queue says so in
plain words and keeps its rows (never "nothing to review"), then reads on by itself once
the database is back."""

from __future__ import annotations

from tests.gui.desk.test_queue_page import (  # noqa: F401  (fixtures)
    WAIT_MS,
    clinic,
    open_page,
    shown_ids,
    wait_for,
)
from tests.stations.outage import Outage


def test_the_queue_says_the_database_is_out_of_reach_keeps_its_rows_and_recovers(
    open_page,  # noqa: F811
    clinic,  # noqa: F811
    qtbot,
):
    db, _, (first, fever, later) = clinic
    page = open_page()
    wait_for(qtbot, page, [fever, first, later])

    outage = Outage(db)
    qtbot.waitUntil(lambda: "could not be read" in page.status.text(), timeout=WAIT_MS)
    qtbot.wait(200)  # several polls fail meanwhile
    assert shown_ids(page) == [fever, first, later]
    assert "out of reach" in page.status.text() and "tries again" in page.status.text()
    assert "Traceback" not in page.status.text() and "sqlite" not in page.status.text()

    outage.end()

    qtbot.waitUntil(lambda: page.status.text().startswith("Updated at"), timeout=WAIT_MS)
    assert shown_ids(page) == [fever, first, later]
