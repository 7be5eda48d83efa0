"""A patient's whole intake on the tablet, through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel
from sqlmodel import select

from intake_app.gui.screens.consent import ConsentSectionScreen
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.screens.staff import StaffScreen
from intake_app.gui.theme import PALETTES
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.storage.tables import Answer, Flag, Intake
from tests.gui.conftest import answer_page, give, settle

# The sample answers plus a steroid-pill date, so every item type is answered by hand.
PATIENT_ANSWERS = SAMPLE_ANSWERS | {
    "preferred_language": "english",  # as the form's: nothing holds her before the consent
    "oral_steroid_recent": True,
    "oral_steroid_last_dose": "2026-11-01",
    "anything_else": "I get nervous with needles.\nPlease explain each step.",
}


def texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_the_locked_screen_shows_the_clinic_and_refuses_a_wrong_pin(kiosk):
    screen = kiosk.screen
    assert isinstance(screen, LockedScreen)
    assert "Riverside Joint Clinic" in texts(screen)
    kiosk.unlock("0000")
    assert isinstance(kiosk.screen, LockedScreen)
    assert screen.pin_pad.problem.text() == "The user name or the PIN is wrong."
    assert kiosk.controller.staff is None
    kiosk.unlock()
    assert isinstance(kiosk.screen, StaffScreen)


def test_staff_must_enter_name_and_birth_date(kiosk):
    kiosk.unlock()
    staff = kiosk.screen
    staff.start.click()
    assert staff.problem.text() == "Enter the patient's first and last name."
    assert isinstance(kiosk.screen, StaffScreen)


def test_the_patient_cannot_close_the_window(kiosk):
    kiosk.start_intake()
    assert not kiosk.window.close()  # the close button and Alt+F4 both arrive as a close
    assert kiosk.window.isVisible()
    assert kiosk.wizard.page is not None


def test_a_complete_intake_through_every_widget_type(kiosk):
    kiosk.start_intake()
    answered: set[str] = set()
    types_answered: set[str] = set()
    for _ in range(40):
        if not hasattr(kiosk.screen, "page"):
            break
        for item_id in answer_page(kiosk, PATIENT_ANSWERS):
            answered.add(item_id)
            types_answered.add(kiosk.page.views[item_id].item.type)
        kiosk.next()
        assert not isinstance(kiosk.screen, type(None))
        if (
            hasattr(kiosk.screen, "page")
            and kiosk.screen.page is not None
            and kiosk.visible_problems()
        ):
            raise AssertionError(f"stuck on {kiosk.page.page.id}: {kiosk.visible_problems()}")
    assert types_answered >= {
        "short_text", "long_text", "yes_no", "single_choice", "multiple_choice",
        "number", "date", "scale", "joint_side", "group",
    }  # fmt: skip
    assert answered >= set(PATIENT_ANSWERS) - {"pregnant", "breastfeeding"}

    review = kiosk.screen
    assert isinstance(review, ReviewScreen)
    shown = "\n".join(texts(review))
    for expected in (
        "Right knee, Left knee",
        # each answer of a row set apart, so a right-to-left one reorders nothing beside it
        "\u2068Metformin\u2069 — \u2068500 mg twice a day\u2069 — \u2068Diabetes\u2069",
        "November 1, 2026",
        "172 pounds",
    ):
        assert expected in shown
    assert not review.go_on.isEnabled()

    # Edit jumps to the page and "Back to review" returns.
    edit = next(
        b
        for b in review.findChildren(type(review.go_on))
        if b.accessibleName().startswith("Edit: How bad is your joint pain right now?")
    )
    edit.click()
    give(kiosk.page.views["pain_now"], 4, kiosk.qtbot)
    assert kiosk.wizard.to_review.isVisible()
    kiosk.wizard.to_review.click()
    review = kiosk.screen
    assert isinstance(review, ReviewScreen)

    review.confirm.click()
    review.go_on.click()
    assert isinstance(kiosk.screen, ConsentSectionScreen), "the consent follows the answers"
    with kiosk.services.database.session() as session:
        [intake] = session.exec(select(Intake)).all()
        stored = {
            a.item_id: a.value
            for a in session.exec(select(Answer).where(Answer.intake_id == intake.id))
        }
        flags = {f.rule_id for f in session.exec(select(Flag))}
    assert intake.status == "completed"
    assert stored["pain_now"] == 4
    assert stored["target_joints"] == ["knee:right", "knee:left"]
    assert stored["medications"][0]["medication_name"] == "Metformin"
    assert stored["anything_else"] == PATIENT_ANSWERS["anything_else"]
    assert {"bleeding_risk", "oral_steroid_1_month", "joint_steroid_injection_6_months"} <= flags


def go_to_page(kiosk, page_id: str) -> None:
    kiosk.controller.questions.go_to(page_id)
    settle()


def test_follow_up_questions_appear_and_their_answers_go_when_hidden(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "medicines")
    names = kiosk.page.views["blood_thinner_names"]
    assert not names.isVisibleTo(kiosk.page)
    give(kiosk.page.views["blood_thinner"], True, kiosk.qtbot)
    assert names.isVisibleTo(kiosk.page)
    give(names, ["warfarin"], kiosk.qtbot)
    assert kiosk.controller.session.answers["blood_thinner_names"] == ["warfarin"]
    give(kiosk.page.views["blood_thinner"], False, kiosk.qtbot)
    assert not names.isVisibleTo(kiosk.page)
    assert "blood_thinner_names" not in kiosk.controller.session.answers
    assert names.answer.value() is None


def test_a_follow_up_inside_a_table_row_appears_for_that_row_only(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "prior_treatment")
    give(kiosk.page.views["had_joint_injections"], True, kiosk.qtbot)
    group = kiosk.page.views["prior_injections"].answer
    group.add.click()
    group.add.click()
    settle()
    give(group.rows[0].views["injection_type"], "other", kiosk.qtbot)
    give(group.rows[1].views["injection_type"], "steroid", kiosk.qtbot)
    assert group.rows[0].views["injection_type_other"].isVisibleTo(group)
    assert not group.rows[1].views["injection_type_other"].isVisibleTo(group)


def test_next_explains_each_problem_and_moves_focus_to_the_first(kiosk, qtbot):
    kiosk.start_intake()
    first_page = kiosk.page.page.id
    kiosk.next()
    assert kiosk.page.page.id == first_page
    required = ("decides_for_self", "sex_at_birth", "preferred_language", "interpreter_needed")
    assert kiosk.visible_problems() == dict.fromkeys(required, "Please answer this question.")
    focused = QApplication.focusWidget()
    assert focused is kiosk.page.views["decides_for_self"].answer.focus_target()
    # The mark is in words, not colour alone.
    assert kiosk.page.views["sex_at_birth"].required.text() == "Required"


def test_an_optional_question_says_so_once(kiosk):
    # "Optional" takes the place "Required" and a problem share, unless the question says it.
    kiosk.start_intake()
    views = kiosk.page.views
    assert "(optional)" in views["gender_identity"].question.text()
    assert views["gender_identity"].required.text() == ""
    go_to_page(kiosk, "joint_pain")
    assert kiosk.page.views["pain_started"].required.text() == "Optional"


def test_the_status_line_shows_the_card_behind_it(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "joint_pain")
    settle()
    view = kiosk.page.views["pain_started"]
    status = view.required.parentWidget()
    point = status.mapTo(view, QPoint(status.width() - 5, status.height() // 2))
    assert view.grab().toImage().pixelColor(point).name() == PALETTES["normal"]["card"]


def test_a_number_that_is_not_a_number_is_explained_and_not_stored(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "lifestyle")
    weight = kiosk.page.views["weight_lb"]
    weight.answer.field.setText("one seventy")
    weight.answer.field.editingFinished.emit()
    assert weight.problem.text() == "Please enter a number."
    weight.answer.field.setText("1700")
    weight.answer.field.editingFinished.emit()
    assert weight.problem.text() == "Please enter a number from 50 to 800 pounds."
    assert "weight_lb" not in kiosk.controller.session.answers


def test_switching_to_spanish_on_a_page_keeps_the_answers(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "joint_pain-2")
    give(kiosk.page.views["pain_worst_week"], 7, kiosk.qtbot)
    kiosk.window.patient_bar.language.click()
    settle()
    assert kiosk.wizard.next.text() == "Siguiente"
    assert kiosk.page.page.id == "joint_pain-2"
    assert kiosk.page.views["pain_worst_week"].question.text().startswith("En los últimos 7 días")
    assert kiosk.page.views["pain_worst_week"].answer.value() == 7
    assert kiosk.controller.session.language == "es"
    kiosk.window.patient_bar.language.click()
    assert kiosk.wizard.next.text() == "Next"


def test_text_being_typed_is_kept_when_the_language_changes(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "goals")
    box = kiosk.page.views["anything_else"].answer.field
    box.setFocus()
    box.setPlainText("Tengo miedo a las agujas.")  # no pause in the typing yet
    kiosk.window.patient_bar.language.click()
    settle()
    assert kiosk.controller.session.answers.get("anything_else") == "Tengo miedo a las agujas."
    assert (
        kiosk.page.views["anything_else"].answer.field.toPlainText() == "Tengo miedo a las agujas."
    )


def test_a_long_answer_is_stored_when_the_patient_leaves_the_box(kiosk):
    kiosk.start_intake()
    go_to_page(kiosk, "goals")
    box = kiosk.page.views["anything_else"].answer.field
    box.setFocus()
    box.setPlainText("Please explain each step.")
    kiosk.wizard.next.setFocus()
    settle()
    assert kiosk.controller.session.answers.get("anything_else") == "Please explain each step."


def test_text_size_and_contrast_change_from_the_bar(kiosk, qapp):
    kiosk.start_intake()
    bar = kiosk.window.patient_bar
    assert "font-size: 18pt" in qapp.styleSheet()
    for _ in range(4):
        bar.larger.click()
    assert "font-size: 36pt" in qapp.styleSheet()
    assert not bar.larger.isEnabled()
    assert bar.size_label.text() == "200%"
    bar.contrast.click()
    assert "background: #000000" in qapp.styleSheet()
    bar.smaller.click()
    assert bar.size_label.text() == "175%"


def test_the_step_and_the_bar_show_progress_and_back_goes_one_page_back(kiosk):
    kiosk.start_intake()
    pages = [p.id for p in kiosk.controller.session.pages()]
    steps = len(pages) + 1  # the review is the last step
    assert kiosk.wizard.step.text() == f"Step 1 of {steps}"
    assert (kiosk.wizard.progress.value(), kiosk.wizard.progress.maximum()) == (1, steps)
    go_to_page(kiosk, pages[2])
    assert kiosk.wizard.step.text() == f"Step 3 of {steps}"
    kiosk.wizard.back.click()
    assert kiosk.page.page.id == pages[1]
    assert kiosk.wizard.progress.value() == 2


def test_a_table_row_can_be_removed_and_the_rest_renumbered(kiosk):
    kiosk.start_intake()
    pages = kiosk.controller.session.pages()
    go_to_page(kiosk, next(p.id for p in pages if any(i.id == "medications" for i in p.items)))
    view = kiosk.page.views["medications"]
    rows = [
        {"medication_name": "Metformin", "medication_dose": "500 mg"},
        {"medication_name": "Lisinopril", "medication_dose": "10 mg"},
    ]
    give(view, rows, kiosk.qtbot)
    first = view.answer.rows[0]
    first.remove.click()
    settle()
    stored = kiosk.controller.session.answers["medications"]
    assert [row["medication_name"] for row in stored] == ["Lisinopril"]
    assert view.answer.rows[0].title.text() == "1."


def test_the_pain_scale_runs_from_green_to_red():
    from intake_app.gui.answers.scale import scale_colour

    calm, middle, severe = scale_colour(0, 0, 10), scale_colour(5, 0, 10), scale_colour(10, 0, 10)
    assert calm.green() > calm.red() and severe.red() > severe.green()
    assert middle.red() > 200 and middle.green() > 150  # yellow in the middle
