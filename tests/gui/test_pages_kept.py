"""Each page of questions is built once for a patient and shown again on Back and Next,
as it was stored: the answers given, no problem left over from before, and the text
size and language chosen since."""

from __future__ import annotations

from tests.gui.conftest import answer_page, give, settle
from tests.gui.test_patient_flow import PATIENT_ANSWERS


def next_page_built(kiosk) -> bool:
    """Whether the page after the one shown was built ahead, while the patient reads."""
    pages = [p.id for p in kiosk.controller.session.pages()]
    following = pages[pages.index(kiosk.page.page.id) + 1]
    built = kiosk.wizard.pages.get(following)
    return built is not None and built.built


def test_back_and_next_show_the_same_pages_with_the_answers_as_stored(kiosk, qtbot):
    kiosk.start_intake()
    first = kiosk.page
    answer_page(kiosk, PATIENT_ANSWERS)
    qtbot.waitUntil(lambda: next_page_built(kiosk), timeout=5000)
    kiosk.next()
    second = kiosk.page
    give(second.views["phone"], "(555) 010-3141", qtbot)
    kiosk.wizard.back.click()
    assert kiosk.page is first, "the first page is shown again, not built again"
    assert first.views["sex_at_birth"].answer.value() == "female"
    kiosk.next()
    assert kiosk.page is second
    assert second.views["phone"].answer.value() == "(555) 010-3141"
    assert kiosk.wizard.area.verticalScrollBar().value() == 0, "a page comes back at its top"


def test_a_problem_shown_on_a_page_is_gone_when_the_page_comes_back(kiosk):
    kiosk.start_intake()
    kiosk.next()  # nothing answered yet
    assert kiosk.visible_problems()
    answer_page(kiosk, PATIENT_ANSWERS)
    kiosk.next()
    kiosk.wizard.back.click()
    assert kiosk.visible_problems() == {}
    assert kiosk.page.views["sex_at_birth"].required.text() == "Required"


def test_an_answer_removed_elsewhere_is_gone_from_its_page(kiosk, qtbot):
    kiosk.start_intake()
    answer_page(kiosk, PATIENT_ANSWERS)
    kiosk.next()
    page = kiosk.page
    give(page.views["email"], "mj@example.org", qtbot)
    kiosk.wizard.back.click()
    kiosk.controller.session.answer("email", None)  # as staff's correction would
    kiosk.next()
    assert kiosk.page is page
    assert page.views["email"].answer.value() is None


def test_a_larger_text_size_reaches_the_page_built_ahead(kiosk, qtbot):
    kiosk.start_intake()
    answer_page(kiosk, PATIENT_ANSWERS)
    qtbot.waitUntil(lambda: next_page_built(kiosk), timeout=5000)
    before = kiosk.page.views["sex_at_birth"].question.fontInfo().pointSize()
    kiosk.window.patient_bar.larger.click()
    settle()
    shown = kiosk.page.views["sex_at_birth"].question.fontInfo().pointSize()
    assert shown > before
    kiosk.next()
    assert kiosk.page.views["phone"].question.fontInfo().pointSize() == shown


def test_after_a_language_switch_the_next_page_is_in_the_new_language(kiosk, qtbot):
    kiosk.start_intake()
    answer_page(kiosk, PATIENT_ANSWERS)
    qtbot.waitUntil(lambda: next_page_built(kiosk), timeout=5000)
    kiosk.controller.set_language("es")
    settle()
    assert kiosk.page.views["sex_at_birth"].answer.value() == "female"
    kiosk.next()
    assert kiosk.page.page.id == "contact"
    assert kiosk.page.title.text() == "Cómo comunicarnos con usted"
    assert kiosk.wizard.next.text() == "Siguiente"
