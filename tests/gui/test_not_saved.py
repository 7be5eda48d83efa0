"""A step of the visit the database did not take (the connection is lost): the screen is
kept as it is, a notice says the step is not saved yet, nothing beneath can be tapped,
and once the database is back the step is stored once and the tablet goes on."""

from __future__ import annotations

from sqlmodel import select

from intake_app.gui.screens.consent import ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.identity import IdentityCheckScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.gui.screens.wizard import WizardScreen
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.settings import load_settings
from intake_app.storage.consents import consent_so_far
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent, ConsentRecord
from tests.gui.conftest import set_date, settle
from tests.gui.test_consent_flow import (
    answer_comprehension,
    read_all_sections,
    scroll_to_end,
    sign,
    talk_then_answer_again,
    to_consent,
)
from tests.gui.test_signature_pad import draw_with_finger
from tests.stations.outage import Outage

NOT_SAVED = "Not saved yet"


def from_another_station(kiosk, read):
    """What another station reads in the clinic's database (this one's is out of reach)."""
    data_dir = kiosk.services.settings.data_dir
    other = Database(load_settings({"INTAKE_DATA_DIR": str(data_dir)}).database_url)
    try:
        with other.session() as session:
            return read(session)
    finally:
        other.dispose()


def acknowledged(kiosk) -> list[str]:
    intake_id = kiosk.controller.session.intake.id
    return from_another_station(
        kiosk, lambda s: list(consent_so_far(s, intake_id=intake_id).acknowledged)
    )


def notice_shown(kiosk) -> bool:
    notice = kiosk.controller.saving._notice
    return notice is not None and notice.isVisible() and notice.title.text() == NOT_SAVED


def quick_retries(kiosk) -> None:
    kiosk.controller.saving.retry.setInterval(100)


def test_i_understand_while_the_database_is_out_of_reach_keeps_the_section_until_saved(
    kiosk, qtbot
):
    section = to_consent(kiosk)
    quick_retries(kiosk)
    scroll_to_end(section.area)
    settle()
    outage = Outage(kiosk.services.database)

    section.understand.click()
    settle()

    assert kiosk.screen is section, "the section the patient read stays on screen"
    assert notice_shown(kiosk)
    assert not kiosk.window.screens.isEnabled(), "nothing beneath can be tapped"
    assert not kiosk.window.patient_bar.isEnabled()
    qtbot.wait(350)  # the tries fail too, and say so below the button
    assert kiosk.screen is section
    assert "Still not connected" in kiosk.controller.saving.notice.status.text()
    assert acknowledged(kiosk) == []

    outage.end()

    qtbot.waitUntil(lambda: kiosk.window.current is not section, timeout=3000)
    assert isinstance(kiosk.screen, ConsentSectionScreen), "on to the next section"
    assert kiosk.screen.section.id != section.section.id
    assert not notice_shown(kiosk) and kiosk.window.screens.isEnabled()
    assert acknowledged(kiosk) == [section.section.id], "stored once"


def test_try_again_now_stores_the_step_at_once_and_never_moves_under_the_finger(kiosk):
    section = to_consent(kiosk)
    scroll_to_end(section.area)
    settle()
    outage = Outage(kiosk.services.database)
    section.understand.click()
    notice = kiosk.controller.saving.notice
    where = notice.try_now.mapTo(kiosk.window, notice.try_now.rect().topLeft())

    notice.try_now.click()  # still out of reach: said below the button
    settle()
    assert notice.status.text().startswith("Still not connected")
    assert notice.try_now.mapTo(kiosk.window, notice.try_now.rect().topLeft()) == where
    assert kiosk.screen is section

    outage.end()
    notice.try_now.click()
    assert kiosk.screen is not section and not notice_shown(kiosk)
    assert acknowledged(kiosk) == [section.section.id]


def test_a_signature_drawn_while_the_database_is_out_of_reach_stays_and_is_signed_once_back(
    kiosk, qtbot
):
    to_consent(kiosk)
    quick_retries(kiosk)
    read_all_sections(kiosk, ask_about="risks")
    answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"}).go_on.click()
    talk_then_answer_again(kiosk)
    decision = kiosk.screen
    assert isinstance(decision, DecisionScreen)
    decision.agree.click()
    screen = sign(kiosk, "María José Núñez García", draw_with_finger)
    strokes = list(screen.pad.strokes)
    outage = Outage(kiosk.services.database)

    screen.sign.click()
    settle()

    assert kiosk.screen is screen and notice_shown(kiosk)
    assert screen.pad.strokes == strokes and screen.name.text() == "María José Núñez García"
    assert from_another_station(kiosk, lambda s: list(s.exec(select(ConsentRecord)))) == []

    outage.end()

    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, ThankYouScreen), timeout=3000)
    [record] = from_another_station(kiosk, lambda s: list(s.exec(select(ConsentRecord))))
    assert record.decision == "agree" and record.signed_name == "María José Núñez García"


def test_a_tablet_left_with_a_step_not_saved_pauses_and_asks_the_step_again(kiosk):
    section = to_consent(kiosk)
    scroll_to_end(section.area)
    settle()
    first = section.section.id
    outage = Outage(kiosk.services.database)
    section.understand.click()
    assert notice_shown(kiosk)

    kiosk.controller._on_idle_locked()  # nobody touched it: the idle lock

    paused = kiosk.screen
    assert isinstance(paused, PausedScreen) and not notice_shown(kiosk)
    assert kiosk.window.screens.isEnabled() and kiosk.window.patient_bar.isEnabled()
    assert paused.problem.text().startswith("The tablet lost its connection")
    assert "the last step was not" in paused.problem.text()
    outage.end()
    paused.birth_date.set_value("1961-07-14")
    paused.go_on.click()
    again = kiosk.screen
    assert isinstance(again, ConsentSectionScreen) and again.section.id == first
    assert acknowledged(kiosk) == [], "asked again, not taken as understood"


def test_confirming_the_review_while_the_database_is_out_of_reach_waits_on_the_review(kiosk, qtbot):
    kiosk.start_intake()
    quick_retries(kiosk)
    for item_id, value in (SAMPLE_ANSWERS | {"preferred_language": "english"}).items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.show_review()
    review = kiosk.screen
    assert isinstance(review, ReviewScreen)
    review.confirm.click()
    outage = Outage(kiosk.services.database)

    review.go_on.click()
    settle()

    assert kiosk.screen is review and notice_shown(kiosk)
    assert kiosk.controller.session.intake.status != "completed"

    outage.end()

    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, ConsentSectionScreen), timeout=3000)
    completed = from_another_station(
        kiosk,
        lambda s: [e for e in s.exec(select(AuditEvent)) if e.action == "intake_completed"],
    )
    assert len(completed) == 1


def test_a_language_switch_the_database_did_not_take_waits_and_then_switches(kiosk, qtbot):
    section = to_consent(kiosk)
    quick_retries(kiosk)
    outage = Outage(kiosk.services.database)

    kiosk.window.patient_bar.language.click()
    settle()

    assert notice_shown(kiosk) and kiosk.controller.language == "en"
    assert kiosk.screen is section

    outage.end()

    qtbot.waitUntil(lambda: kiosk.controller.language == "es", timeout=3000)
    assert kiosk.controller.session.language == "es"
    assert isinstance(kiosk.screen, ConsentSectionScreen) and not notice_shown(kiosk)
    assert kiosk.screen.understand.text() in ("Leer más", "Entiendo"), "now in Spanish"


def staff_typed_a_patient(kiosk):
    """Staff unlock and type a new patient (Ana Ruiz), not started yet: the staff screen."""
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText("Ana")
    staff.family_name.setText("Ruiz")
    set_date(staff.birth_date, "1970-01-02")
    staff.language_buttons["en"].click()
    return staff


def test_is_this_you_answered_while_the_database_is_out_of_reach_waits_for_it(kiosk, qtbot):
    staff_typed_a_patient(kiosk).start.click()
    check = kiosk.screen
    assert isinstance(check, IdentityCheckScreen)
    quick_retries(kiosk)
    outage = Outage(kiosk.services.database)

    check.begin.click()
    settle()
    assert kiosk.screen is check and notice_shown(kiosk)
    assert not kiosk.controller.session.identity_confirmed

    outage.end()
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, WizardScreen), timeout=3000)
    assert kiosk.controller.session.identity_confirmed


def test_a_withdrawal_signed_while_the_database_is_out_of_reach_is_kept_and_stored_once_back(
    kiosk, qtbot
):
    from tests.gui.test_consent_flow import agreed_then_withdrawing, records

    quick_retries(kiosk)
    text = agreed_then_withdrawing(kiosk, qtbot)
    settle()
    scroll_to_end(text.area)
    settle()
    text.understand.click()
    screen = sign(kiosk, "María José Núñez García", draw_with_finger)
    outage = Outage(kiosk.services.database)

    screen.sign.click()
    settle()

    assert kiosk.screen is screen and notice_shown(kiosk), "the signature stays on screen"
    assert screen.pad.strokes

    outage.end()

    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, ThankYouScreen), timeout=3000)
    consents, _ = records(kiosk)
    assert sorted(r.decision for r in consents) == ["agree", "withdraw"], "stored once"


def test_a_patient_started_while_the_database_is_out_of_reach_keeps_what_staff_typed(kiosk, qtbot):
    staff = staff_typed_a_patient(kiosk)
    quick_retries(kiosk)
    outage = Outage(kiosk.services.database)

    staff.start.click()
    settle()

    assert kiosk.screen is staff and notice_shown(kiosk), "the details stay on screen"
    assert (staff.given_names.text(), staff.family_name.text()) == ("Ana", "Ruiz")
    assert kiosk.controller.session is None

    outage.end()

    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, IdentityCheckScreen), timeout=3000)
    assert kiosk.controller.session.patient.family_name == "Ruiz"
