"""The tablet while the clinic's database cannot be reached: the answer stays on screen,
the patient is told in plain words that it is not saved yet, the page does not move on,
and once the database is back the answer is stored once and said to be saved."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from sqlmodel import select

from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent
from tests.gui.conftest import answer_page, settle
from tests.gui.test_patient_flow import PATIENT_ANSWERS, go_to_page
from tests.stations.outage import Outage

NOT_SAVED = "This answer is not saved yet."
LOST = "The tablet lost its connection to the clinic's computer. Your answers so far are safe."


def shown_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def weights_given(data_dir) -> list[dict]:
    """The weight's answers in the audit trail, read from another station."""
    other = Database(load_settings({"INTAKE_DATA_DIR": str(data_dir)}).database_url)
    try:
        with other.session() as session:
            query = select(AuditEvent).where(AuditEvent.item_id == "weight_lb")
            return [e.detail for e in session.exec(query) if e.action == "answer_given"]
    finally:
        other.dispose()


def type_weight(kiosk, text: str) -> None:
    field = kiosk.page.views["weight_lb"].answer.field
    field.setText(text)
    field.editingFinished.emit()


def test_an_answer_given_while_the_database_is_out_of_reach_is_kept_and_saved_once_back(
    kiosk, tmp_path, qtbot
):
    kiosk.start_intake()
    go_to_page(kiosk, "lifestyle")
    kiosk.controller.questions.retry.setInterval(100)
    outage = Outage(kiosk.services.database)

    type_weight(kiosk, "170")
    weight = kiosk.page.views["weight_lb"]
    assert weight.problem.text().startswith(NOT_SAVED)
    assert kiosk.wizard.connection.isVisibleTo(kiosk.wizard)
    assert kiosk.wizard.connection.text().startswith(LOST)
    assert weight.answer.field.text() == "170", "what the patient typed stays"
    assert not any("Saved" in text for text in shown_texts(kiosk.wizard))
    assert "weight_lb" not in kiosk.controller.session.answers
    qtbot.wait(350)  # the retries fail too, and say so still
    assert weight.problem.text().startswith(NOT_SAVED)
    kiosk.next()
    settle()
    assert kiosk.page.page.id == "lifestyle", "the page waits for its answers"
    assert weights_given(tmp_path / "data") == []

    outage.end()

    qtbot.waitUntil(lambda: weight.required.text() == "Saved.", timeout=3000)
    assert weight.required.isVisibleTo(weight) and not weight.problem.isVisibleTo(weight)
    assert not kiosk.wizard.connection.isVisibleTo(kiosk.wizard)
    assert kiosk.controller.session.answers["weight_lb"] == 170
    assert weights_given(tmp_path / "data") == [{"new": 170}], "stored once"


def test_next_while_the_database_is_out_of_reach_stays_on_the_page_and_says_why(kiosk, qtbot):
    kiosk.start_intake()
    go_to_page(kiosk, "lifestyle")
    assert answer_page(kiosk, PATIENT_ANSWERS)
    outage = Outage(kiosk.services.database)

    kiosk.next()
    settle()

    assert kiosk.page.page.id == "lifestyle"
    assert kiosk.wizard.connection.text().startswith(LOST)
    assert not any("Saved" in text for text in shown_texts(kiosk.wizard))
    outage.end()
    kiosk.next()
    settle()
    assert kiosk.page.page.id != "lifestyle", "the next tap goes on"
