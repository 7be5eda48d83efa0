"""The nurse station from the login to the sealed review addendum, through the desk's
own widgets: worst intake on top, its flags with the answers that raised them, every
flag acknowledged, a STOP flag routed to the clinician who clears it, each sign-off
with the password, and an addendum that ``verify`` calls VALID."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import col, select

from intake_app.chart.seal import clinic_certificate
from intake_app.chart.verify import verify_pdf
from intake_app.gui.desk.queue_model import WORST_COLUMN
from intake_app.gui.desk.review_desk import ReviewDesk
from intake_app.gui.desk.sign_off import SignOffDialog
from intake_app.storage.patients import PatientDetails
from intake_app.storage.tables import AuditEvent, Document
from tests.gui.conftest import PASSWORD
from tests.gui.desk.conftest import NO_STOP, Desk, signed_visit, submit_intake

OTHER_PATIENT = PatientDetails("Sam", "Okafor", dt.date(1958, 2, 3), mrn="MRN-100200")


def signed_visit_with_fever(desk: Desk, tmp_path: Path) -> str:
    """A visit whose consent was signed, with a fever (STOP), and its chart document."""
    return signed_visit(desk, tmp_path, "María José", "Núñez García", "MRN-204816",
                        fever_recent=True)  # fmt: skip


def review_desk(desk: Desk) -> ReviewDesk:
    page = desk.window.current_page()
    assert isinstance(page, ReviewDesk)
    return page


def open_top_intake(desk: Desk, state: str = "waiting") -> ReviewDesk:
    tab = review_desk(desk)
    queue = tab.queue
    queue.filters.state_buttons[state].click()
    desk.qtbot.waitUntil(lambda: queue.model.rowCount() >= 1 and not queue.model.loading)
    queue.table.selectRow(0)
    queue.open.click()
    desk.qtbot.waitUntil(lambda: tab.review.record is not None, timeout=10_000)
    return tab


def acknowledge_every_flag(desk: Desk, tab: ReviewDesk) -> None:
    for card in tab.review.cards:
        if not card.acknowledged:
            card.note.setText(f"Checked {card.flag.severity.lower()} with the patient.")
            card.acknowledge.click()
            desk.qtbot.waitUntil(lambda card=card: card.acknowledged, timeout=10_000)


def sign(desk: Desk, tab: ReviewDesk, decision: str, note: str, password: str) -> SignOffDialog:
    tab.review.sign_off.click()
    dialog = tab.review.dialog
    assert isinstance(dialog, SignOffDialog)
    dialog.choose(decision)
    dialog.note.setPlainText(note)
    dialog.password.setText(password)
    dialog.sign.click()
    desk.qtbot.waitUntil(lambda: dialog.sign.isEnabled() or not dialog.isVisible(), timeout=10_000)
    return dialog


def addenda(desk: Desk) -> list[Document]:
    with desk.services.database.session() as session:
        query = select(Document).where(Document.kind == "review_addendum")
        return list(session.exec(query.order_by(col(Document.created_at))))


@pytest.mark.usefixtures("qapp")
def test_a_nurse_routes_the_worst_intake_to_a_clinician_who_clears_it(desk, tmp_path):
    fever = signed_visit_with_fever(desk, tmp_path)
    submit_intake(desk, OTHER_PATIENT, NO_STOP)
    desk.log_in("rosa")
    tab = open_top_intake(desk)
    model = tab.queue.model
    assert model.intake_id_at(0) == fever, "the STOP intake is on the top row"
    assert model.index(0, WORST_COLUMN).data() == "STOP"

    review = tab.review
    first = review.cards[0]
    assert first.flag.severity == "STOP"
    assert "fever" in " ".join(a.question.lower() for a in first.flag.answers)
    assert not review.sign_off.isEnabled(), "flags are acknowledged before sign-off"
    acknowledge_every_flag(desk, tab)
    assert review.sign_off.isEnabled()

    dialog = sign(desk, tab, "needs_clinician", "Fever: the doctor decides.", "wrong one")
    assert dialog.isVisible() and "password is wrong" in dialog.message.text()
    with desk.services.database.session() as session:
        refused = session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence).desc())).first()
    assert refused.action == "staff_login_failed"
    clear = next(b for b in dialog.choices.buttons() if b.property("decision") == "cleared")
    assert not clear.isEnabled(), "a nurse cannot clear a STOP flag"
    dialog.password.setText(PASSWORD)
    dialog.sign.click()
    desk.qtbot.waitUntil(lambda: "filed as" in review.notice.text(), timeout=20_000)
    assert len(addenda(desk)) == 1

    desk.window.bar.log_out.click()
    desk.log_in("ines")
    tab = open_top_intake(desk, "needs_clinician")
    assert tab.review.record.intake_id == fever
    sign(desk, tab, "cleared", "No fever today; cleared.", PASSWORD)
    desk.qtbot.waitUntil(lambda: len(addenda(desk)) == 2, timeout=20_000)
    desk.qtbot.waitUntil(lambda: "filed as" in tab.review.notice.text(), timeout=20_000)

    certificate = clinic_certificate(desk.services.settings.keys_dir)
    for addendum in addenda(desk):
        verdict = verify_pdf(Path(addendum.path).read_bytes(), certificate)
        assert verdict.valid and verdict.document_id == addendum.id
    desk.qtbot.waitUntil(
        lambda: tab.review.record is not None and len(tab.review.record.reviews) == 2
    )
    assert tab.review.record.reviews[-1].decision == "cleared for treatment"
