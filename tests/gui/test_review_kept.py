"""The review is built while the patient reads the last page of questions and kept for
the visit: Next into it, or back to it from Edit, shows it at once, with the answers as
they are stored then (a changed answer, a follow-up question shown since, an answer
gone), unconfirmed."""

from __future__ import annotations

from intake_app.gui.screens.review import ReviewScreen
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.gui.conftest import give, settle
from tests.gui.test_patient_flow import texts


def on_the_last_page(kiosk) -> None:
    """Every sample answer stored; the patient reads the last page of questions."""
    kiosk.start_intake()
    session = kiosk.controller.session
    for item_id, value in SAMPLE_ANSWERS.items():
        session.answer(item_id, value)
    kiosk.controller.questions.go_to(session.pages()[-1].id)
    settle()


def built_ahead(kiosk) -> ReviewScreen | None:
    return next(iter(kiosk.window.screens.findChildren(ReviewScreen)), None)


def review(kiosk) -> ReviewScreen:
    screen = kiosk.screen
    assert isinstance(screen, ReviewScreen), f"expected the review, got {type(screen).__name__}"
    return screen


def edit(kiosk, item_id: str) -> None:
    review(kiosk).edits[item_id].click()
    settle()


def test_the_review_is_built_while_the_patient_reads_the_last_page(kiosk, qtbot):
    on_the_last_page(kiosk)
    assert not isinstance(kiosk.screen, ReviewScreen)
    qtbot.waitUntil(lambda: built_ahead(kiosk) is not None, timeout=5000)
    ahead = built_ahead(kiosk)
    kiosk.next()
    assert review(kiosk) is ahead


def test_an_answer_given_on_the_last_page_after_the_review_was_built_shows_on_it(kiosk, qtbot):
    on_the_last_page(kiosk)
    qtbot.waitUntil(lambda: built_ahead(kiosk) is not None, timeout=5000)
    give(kiosk.page.views["goals_activities"], "Walk to the market again", kiosk.qtbot)
    kiosk.next()
    assert "Walk to the market again" in texts(review(kiosk))


def test_an_answer_changed_from_the_review_shows_when_the_patient_comes_back(kiosk):
    on_the_last_page(kiosk)
    kiosk.next()
    shown = review(kiosk)
    assert "Retired teacher" in texts(shown)
    edit(kiosk, "occupation")
    kiosk.page.views["occupation"].answer.field.clear()
    give(kiosk.page.views["occupation"], "Retired school nurse", kiosk.qtbot)
    kiosk.wizard.to_review.click()
    assert review(kiosk) is shown, "the review is kept, not built again"
    now = texts(shown)
    assert "Retired school nurse" in now
    assert "Retired teacher" not in now
    described = shown.edits["occupation"].accessibleDescription()
    assert described == "Your answer: Retired school nurse"


def test_a_follow_up_question_shown_since_is_on_the_review(kiosk):
    on_the_last_page(kiosk)
    kiosk.next()
    assert "Which bone, and when?" not in texts(review(kiosk))
    edit(kiosk, "fracture_near_joint")
    give(kiosk.page.views["fracture_near_joint"], True, kiosk.qtbot)
    give(kiosk.page.views["fracture_details"], "Left wrist, 2019", kiosk.qtbot)
    kiosk.wizard.to_review.click()
    now = texts(review(kiosk))
    assert "Which bone, and when?" in now
    assert "Left wrist, 2019" in now
    assert review(kiosk).edits["fracture_details"].isVisibleTo(review(kiosk))


def test_an_answer_gone_since_is_asked_for_and_the_review_cannot_be_confirmed(kiosk):
    on_the_last_page(kiosk)
    kiosk.next()
    assert review(kiosk).confirm.isEnabled()
    review(kiosk).back_requested.emit()
    settle()
    kiosk.controller.session.answer("pain_now", None)  # as staff's correction would
    kiosk.next()
    shown = review(kiosk)
    assert "Some questions still need an answer:" in texts(shown)
    assert not shown.confirm.isEnabled()
    assert shown.edits["pain_now"].text() == "Answer"


def test_the_review_comes_back_unconfirmed_at_its_top(kiosk):
    on_the_last_page(kiosk)
    kiosk.next()
    shown = review(kiosk)
    shown.confirm.click()
    assert shown.go_on.isEnabled()
    shown.area.verticalScrollBar().setValue(shown.area.verticalScrollBar().maximum())
    shown.back_requested.emit()
    settle()
    kiosk.next()
    assert review(kiosk) is shown
    assert not shown.confirm.isChecked()
    assert not shown.go_on.isEnabled()
    assert shown.area.verticalScrollBar().value() == 0
