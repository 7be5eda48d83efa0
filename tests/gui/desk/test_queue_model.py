"""The queue's table model: pages of rows read off the GUI thread, worst first, in words."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt

from intake_app.gui.background import Background
from intake_app.gui.desk.queue_model import INTAKE_ID_ROLE, WORST_COLUMN, QueueModel
from intake_app.services.review_queue import QueueFilter, QueueRow

NOW = dt.datetime(2026, 11, 30, 15, 0).astimezone()


def row(n: int, worst: str | None = "note", **changes) -> QueueRow:
    values = {
        "intake_id": f"intake-{n}",
        "patient_name": f"Patient {n}",
        "date_of_birth": dt.date(1950, 3, 2),
        "mrn": f"MRN-{n}",
        "worst": worst,
        "flag_count": 1,
        "decision": "agreed",
        "at": NOW - dt.timedelta(minutes=n),
        "language": "en",
    }
    return QueueRow(**(values | changes))


class HeldBackground:
    """A worker that does nothing until the test delivers its jobs, in order."""

    def __init__(self) -> None:
        self.jobs: list = []

    def run(self, work, on_success, on_failure, *, owner=None) -> None:
        self.jobs.append((work, on_success, on_failure))

    def deliver_all(self) -> None:
        while self.jobs:
            self.deliver()

    def deliver(self, index: int = 0) -> None:
        work, on_success, on_failure = self.jobs.pop(index)
        try:
            result = work()
        except Exception as error:
            on_failure(error)
        else:
            on_success(result)


class Clinic:
    """A made-up queue the fetch reads, and what it was asked for."""

    def __init__(self, rows: list[QueueRow]) -> None:
        self.rows = rows
        self.asked: list[tuple[QueueFilter, int, int]] = []
        self.down = False

    def fetch(self, shown: QueueFilter, offset: int, limit: int) -> list[QueueRow]:
        self.asked.append((shown, offset, limit))
        if self.down:
            raise ConnectionError("connection refused")
        chosen = [r for r in self.rows if shown.severity in (None, r.worst)]
        return chosen[offset : offset + limit]


@pytest.fixture
def clinic() -> Clinic:
    worst_first = [row(n, "stop") for n in range(3)] + [row(n, "review") for n in range(3, 120)]
    return Clinic(worst_first)


@pytest.fixture
def held() -> HeldBackground:
    return HeldBackground()


def loaded(clinic: Clinic, held: HeldBackground) -> QueueModel:
    model = QueueModel(clinic.fetch, held, lambda: NOW)  # type: ignore[arg-type]
    model.set_filter(QueueFilter())
    held.deliver()
    return model


def cell(model: QueueModel, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_the_model_keeps_qts_rules_while_pages_arrive(qtmodeltester, clinic, held):
    model = QueueModel(clinic.fetch, held, lambda: NOW)  # type: ignore[arg-type]
    qtmodeltester.check(model)  # it asks for more rows itself
    model.set_filter(QueueFilter())
    held.deliver_all()
    model.fetchMore(QModelIndex())
    held.deliver_all()
    qtmodeltester.check(model)
    shown = [model.intake_id_at(n) for n in range(model.rowCount())]
    assert shown == [r.intake_id for r in clinic.rows[:100]], "each page once, in order"


def test_rows_stay_in_the_services_order_worst_first_with_the_worst_flag_in_words(clinic, held):
    model = loaded(clinic, held)
    assert [cell(model, n, WORST_COLUMN) for n in (0, 2, 3)] == ["STOP", "STOP", "Review"]
    assert model.intake_id_at(0) == "intake-0"
    assert cell(model, 0, 0, INTAKE_ID_ROLE) == "intake-0"
    stop = cell(model, 0, WORST_COLUMN, Qt.ItemDataRole.BackgroundRole).color().name()
    amber = cell(model, 3, WORST_COLUMN, Qt.ItemDataRole.BackgroundRole).color().name()
    assert (stop, amber) == ("#b71c1c", "#ffd27a")
    assert cell(model, 0, 1, Qt.ItemDataRole.BackgroundRole) is None, "only the flag cell"


def test_each_cell_says_what_the_nurse_needs_in_words(held):
    rows = [
        row(1, None, asked_question=True, wrong_answers=1, decision="more time"),
        row(2, "note", wrong_answers=2, at=NOW - dt.timedelta(days=3), mrn=None),
        row(3, "stop"),
    ]
    model = loaded(Clinic(rows), held)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == ["Patient", "Date of birth", "MRN", "Worst flag", "Flags", "Consent",
                       "Asked / wrong answers", "Time"]  # fmt: skip
    first = [cell(model, 0, c) for c in range(8)]
    assert first == ["Patient 1", "1950-03-02", "MRN-1", "No flags", "1", "more time",
                     "asked a question; 1 wrong answer", "today 14:59"]  # fmt: skip
    assert cell(model, 1, 6) == "2 wrong answers" and cell(model, 1, 2) == ""
    assert cell(model, 1, 7) == (NOW - dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    assert cell(model, 2, 6) == "none"


def test_fetch_more_appends_the_next_page_and_never_reads_two_at_once(clinic, held):
    model = loaded(clinic, held)
    assert model.rowCount() == 50 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # the view asks again while the page is read
    assert len(held.jobs) == 1 and not model.canFetchMore(QModelIndex())
    held.deliver()
    assert model.rowCount() == 100 and model.intake_id_at(50) == "intake-50"
    assert [offset for _, offset, _ in clinic.asked] == [0, 50]
    model.fetchMore(QModelIndex())
    held.deliver()
    assert model.rowCount() == 120
    assert not model.canFetchMore(QModelIndex()), "the last page was short: all are loaded"


def test_a_filter_change_starts_over_and_drops_a_page_for_the_older_filter(clinic, held):
    model = loaded(clinic, held)
    model.fetchMore(QModelIndex())  # a second page of "any severity" is on its way...
    model.set_filter(QueueFilter(severity="stop"))  # ...when the nurse picks STOP
    assert model.rowCount() == 0
    held.deliver(0)  # the old page arrives first
    assert model.rowCount() == 0, "a page for the older filter is dropped"
    held.deliver(0)
    assert [cell(model, n, WORST_COLUMN) for n in range(model.rowCount())] == ["STOP"] * 3


def test_a_refresh_replaces_the_rows_only_when_they_changed(clinic, held, qtbot):
    model = loaded(clinic, held)
    with qtbot.assertNotEmitted(model.modelReset):
        model.refresh()
        held.deliver()
    clinic.rows.insert(0, row(999, "stop"))  # a new submission with a STOP flag
    model.refresh()
    model.refresh()  # the poll again before the answer: not a second read
    assert len(held.jobs) == 1
    with qtbot.waitSignal(model.modelReset):
        held.deliver()
    assert model.intake_id_at(0) == "intake-999" and model.rowCount() == 50


def test_a_database_that_cannot_be_reached_keeps_the_rows_shown(clinic, held, qtbot):
    model = loaded(clinic, held)
    clinic.down = True
    model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.failed):
        held.deliver()
    assert model.rowCount() == 50 and model.canFetchMore(QModelIndex()), "it can try again"


def test_pages_are_read_on_the_worker_thread(clinic, qtbot):
    background = Background()
    model = QueueModel(clinic.fetch, background, lambda: NOW)
    model.set_filter(QueueFilter())
    qtbot.waitUntil(lambda: model.rowCount() == 50, timeout=5000)
    background.wait()
