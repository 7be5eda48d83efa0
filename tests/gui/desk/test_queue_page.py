"""The nurse's queue page on a real database: worst on top, filters, search, the poll."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.exc import OperationalError

from intake_app.gui.background import Background
from intake_app.gui.desk.queue_model import WORST_COLUMN
from intake_app.gui.desk.queue_page import QueuePage
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.services.intake_session import IntakeSession, PatientDetails
from intake_app.services.review_queue import ReviewQueue
from intake_app.storage.db import Database
from tests.conftest import TODAY
from tests.services.people_on_file import on_file

BASE = SAMPLE_ANSWERS | {"product_component_allergy": "no"}
FEVER = {"fever_recent": True}  # a STOP flag: an active infection
WAIT_MS = 20_000  # a loaded machine answers late; a pass takes far less


def answered(db: Database, form, nurse, patient: PatientDetails, changes=None) -> str:
    """A completed intake (answers confirmed), as a tablet leaves it for the nurse."""
    session = IntakeSession.start(db, form, patient, language="en", by=nurse, today=lambda: TODAY)
    for item_id, value in (BASE | (changes or {})).items():
        session.answer(item_id, value)
    session.complete()
    return session.intake.id


@pytest.fixture
def clinic(tmp_path, intake_form):
    db = Database(f"sqlite:///{tmp_path / 'clinic.sqlite3'}")
    nurse = on_file(db, "nurse")
    born = dt.date(1961, 7, 14)
    ids = (
        answered(db, intake_form, nurse, PatientDetails("Ana", "Ruiz", born, "A-100")),
        answered(db, intake_form, nurse, PatientDetails("Zoë", "Núñez", born), FEVER),
        answered(db, intake_form, nurse, PatientDetails("Li", "Wei", dt.date(1950, 3, 2))),
    )
    yield db, nurse, ids
    db.dispose()


@pytest.fixture
def open_page(qtbot, clinic):
    """A shown queue page (polling every 50 ms unless told), its rows loaded."""
    db, nurse, _ = clinic
    background = Background()

    def make(poll_ms: int = 50) -> QueuePage:
        page = QueuePage(ReviewQueue(db, nurse), background, dt.datetime.now, poll_ms=poll_ms)
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
        return page

    yield make
    background.wait()


def shown_ids(page: QueuePage) -> list[str]:
    return [page.model.intake_id_at(n) for n in range(page.model.rowCount())]


def test_the_worst_intake_is_on_the_top_row_in_words(open_page, clinic, qtbot):
    _, _, (first, fever, later) = clinic
    page = open_page()
    wait_for(qtbot, page, [fever, first, later])
    top = page.model.index(0, WORST_COLUMN)
    assert page.table.model().data(top) == "STOP"
    assert page.model.data(page.model.index(0, 0)) == "Zoë Núñez"
    assert not page.table.isSortingEnabled(), "no sorting that would undo worst first"


def test_counts_per_state_and_a_filter_shows_only_matching_rows(open_page, clinic, qtbot):
    _, _, (_, fever, _) = clinic
    page = open_page()
    buttons = page.filters.state_buttons
    qtbot.waitUntil(lambda: buttons["waiting"].text() == "Waiting 3", timeout=WAIT_MS)
    assert buttons["needs_clinician"].text() == "Needs clinician 0"
    page.filters.severity.setCurrentIndex(page.filters.severity.findText("STOP"))
    wait_for(qtbot, page, [fever])
    buttons["cleared"].click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.model.loading)
    assert page.model.shown.review_state == "cleared" and page.model.shown.severity == "stop"


def test_a_new_submission_appears_after_the_poll_and_the_selection_stays(
    open_page, clinic, intake_form, qtbot
):
    db, nurse, (first, fever, later) = clinic
    page = open_page()
    wait_for(qtbot, page, [fever, first, later])
    page.table.selectRow(1)  # Ana Ruiz
    assert page.selected_intake() == first
    new = answered(
        db, intake_form, nurse, PatientDetails("Max", "Cho", dt.date(1961, 7, 14)), FEVER
    )
    wait_for(qtbot, page, [fever, new, first, later])
    assert page.selected_intake() == first, "the nurse's row stays selected"
    qtbot.waitUntil(lambda: page.filters.state_buttons["waiting"].text() == "Waiting 4")


@pytest.mark.parametrize("typed", ["03/02/1950", "3/2/1950", "1950-03-02"])
def test_search_by_date_of_birth_finds_the_patient(open_page, clinic, typed, qtbot):
    _, _, (_, _, later) = clinic
    page = open_page()
    page.filters.search.setText(typed)  # applied when typing stops
    wait_for(qtbot, page, [later])


def test_search_by_mrn_or_name_without_accents_finds_the_patient(open_page, clinic, qtbot):
    _, _, (first, fever, _) = clinic
    page = open_page()
    page.filters.search.setText("a-100")
    wait_for(qtbot, page, [first])
    page.filters.search.setText("nunez")
    wait_for(qtbot, page, [fever])


def test_enter_double_click_or_open_choose_the_selected_intake(open_page, clinic, qtbot):
    _, _, (first, fever, _) = clinic
    page = open_page(poll_ms=60_000)
    assert not page.open.isEnabled(), "nothing selected yet"
    page.table.selectRow(1)
    page.table.setFocus()
    with qtbot.waitSignal(page.intake_chosen) as chosen:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert chosen.args == [first]
    with qtbot.waitSignal(page.intake_chosen) as chosen:
        page.open.click()
    assert chosen.args == [first]
    with qtbot.waitSignal(page.intake_chosen) as chosen:
        page.table.doubleClicked.emit(page.model.index(0, 2))
    assert chosen.args == [fever]


def test_an_unreachable_database_is_said_in_plain_words_and_the_rows_stay(open_page, clinic, qtbot):
    page = open_page()
    wait_for(qtbot, page, list(shown_ids(page)))
    rows = shown_ids(page)

    def refused(*_args, **_kwargs):
        raise OperationalError("SELECT ...", {}, ConnectionRefusedError("refused"))

    page.queue.page = refused  # type: ignore[method-assign]
    page.queue.counts = refused  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: "could not be read" in page.status.text(), timeout=WAIT_MS)
    assert shown_ids(page) == rows
    assert "Traceback" not in page.status.text() and "SELECT" not in page.status.text()


def test_an_intake_left_unfinished_for_hours_is_listed(open_page, clinic, intake_form, qtbot):
    db, nurse, _ = clinic
    IntakeSession.start(
        db, intake_form, PatientDetails("Sam", "Lee", dt.date(1950, 2, 3), "S-7"), language="en",
        by=nurse,
    )  # fmt: skip
    page = open_page()
    page.clock = lambda: dt.datetime.now().astimezone() + dt.timedelta(hours=5)
    qtbot.waitUntil(  # the list is empty until the first poll answers
        lambda: page.unfinished.count() > 0 and "Sam Lee" in page.unfinished.item(0).text(),
        timeout=WAIT_MS,
    )
    assert page.unfinished.item(0).text().startswith("Sam Lee, born 1950-02-03, MRN S-7:")
    assert page.unfinished_title.text() == "Unfinished for over 4 hours"


def wait_for(qtbot, page: QueuePage, ids: list[str]) -> None:
    """Wait until the page shows exactly these intakes, in this order."""
    qtbot.waitUntil(lambda: shown_ids(page) == ids, timeout=WAIT_MS)
