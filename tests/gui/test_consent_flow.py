"""The consent on the tablet: read, question, check, decide, sign; stored so it stands up later."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlmodel import select

from intake_app.consent.progress import CONTINUE, END_VISIT
from intake_app.gui.screens.consent import ComprehensionScreen, ConsentSectionScreen
from intake_app.gui.screens.decision import DecisionScreen
from intake_app.gui.screens.hold import HoldScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.review import ReviewScreen
from intake_app.gui.screens.signature import SignatureScreen
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.storage.consents import consent_so_far
from intake_app.storage.tables import AuditEvent, ConsentRecord, Document, Flag
from tests.gui.conftest import (
    STAFF_NAME,
    USER,
    close_kiosk,
    open_kiosk,
    prepare_data_dir,
    settle,
    unlock_pad,
)
from tests.gui.test_signature_pad import draw_with_finger, draw_with_mouse, draw_with_stylus


def scroll_to_end(area) -> None:
    """As the patient does: scroll the section to its end."""
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())


def to_consent(kiosk, language="en", **changes) -> ConsentSectionScreen:
    """Answer the questionnaire (answers stored directly; the widgets are tested elsewhere).

    The patient prefers the language of the form, so nothing holds them before the consent.
    """
    kiosk.start_intake(language=language)
    preferred = {"en": "english", "es": "spanish"}[language]
    for item_id, value in (SAMPLE_ANSWERS | {"preferred_language": preferred} | changes).items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.show_review()
    review = kiosk.screen
    assert isinstance(review, ReviewScreen)
    review.confirm.click()
    review.go_on.click()
    screen = kiosk.screen
    assert isinstance(screen, ConsentSectionScreen)
    return screen


def read_all_sections(kiosk, ask_about: str | None = None) -> list[str]:
    titles = []
    while isinstance(kiosk.screen, ConsentSectionScreen):
        screen = kiosk.screen
        titles.append(screen.section.title)
        if ask_about == screen.section.id:
            screen.question.click()
            assert screen.asked.isVisible()
        settle()
        scroll_to_end(screen.area)
        settle()
        assert screen.understand.text() in ("I understand", "Entiendo")
        screen.understand.click()
    return titles


def answer_comprehension(kiosk, wrong: dict[str, str]) -> ComprehensionScreen:
    screen = kiosk.screen
    assert isinstance(screen, ComprehensionScreen)
    for question in screen.questions:
        value = wrong.get(question.id, question.correct)
        screen.choices[question.id][value].click()
    screen.check.click()
    return screen


def sign(kiosk, name: str, draw) -> SignatureScreen:
    screen = kiosk.screen
    assert isinstance(screen, SignatureScreen)
    assert not screen.sign.isEnabled()
    screen.name.setText(name)
    assert not screen.sign.isEnabled(), "a name alone is not a signature"
    settle()
    draw(screen.pad)
    assert screen.sign.isEnabled()
    return screen


def staff_release(kiosk, choice: str = CONTINUE, user: str = USER) -> HoldScreen:
    """Staff at the hold: their own user name and PIN, then how the patient goes on. The
    panel says who is signed in; nobody types a name."""
    screen = kiosk.screen
    assert isinstance(screen, HoldScreen)
    screen.staff.click()
    unlock_pad(screen.pin_pad, user=user)
    assert screen.panel.isVisibleTo(screen)
    assert kiosk.controller.staff is not None
    assert kiosk.controller.staff.name in screen.signed_in.text()
    typed = [f for f in screen.panel.findChildren(QLineEdit) if f.parentWidget() is screen.panel]
    assert typed == [], "no field for a name: the person signed in is recorded"
    screen.choices[choice].click()
    return screen


staff_confirm_the_talk = staff_release


def agreed_then_withdrawing(kiosk, qtbot) -> ConsentSectionScreen:
    """The patient agrees and signs; later staff find them and start a withdrawal: its
    text is on screen."""
    from intake_app.gui.screens.staff import StaffScreen

    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad)).sign.click()
    kiosk.controller.background.wait()
    kiosk.screen.finish.click()
    kiosk.unlock()
    staff = kiosk.screen
    assert isinstance(staff, StaffScreen)
    staff.family_name.setText("nunez")
    staff.family_name.textEdited.emit("nunez")
    qtbot.waitUntil(lambda: bool(staff.matches.rows), timeout=2000)
    [withdraw] = [
        b
        for b in staff.findChildren(type(staff.start))
        if b.accessibleName().startswith("Withdraw consent")
    ]
    withdraw.click()
    text = kiosk.screen
    assert isinstance(text, ConsentSectionScreen)
    return text


def texts(widget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def records(kiosk):
    with kiosk.services.database.session() as session:
        return list(session.exec(select(ConsentRecord))), list(session.exec(select(Flag)))


def talk_then_answer_again(kiosk) -> None:
    """The nurse talks (a wrong PIN first); then the question answered wrongly comes back."""
    talk = kiosk.screen
    assert isinstance(talk, HoldScreen), "the patient cannot sign before the nurse talks"
    assert "Risks and side effects" in " ".join(texts(talk))
    assert "What is true about this product and the FDA?" in " ".join(texts(talk))
    talk.staff.click()
    unlock_pad(talk.pin_pad, "0000")
    assert isinstance(kiosk.screen, HoldScreen) and not talk.panel.isVisibleTo(talk)
    staff_release(kiosk)

    # Teach-back: after the talk, the question answered wrongly is asked again, alone.
    again = kiosk.screen
    assert isinstance(again, ComprehensionScreen)
    assert [q.id for q in again.questions] == ["fda_approved"]
    assert "talked about this with the nurse" in " ".join(texts(again))
    answer_comprehension(kiosk, wrong={}).go_on.click()


def test_agree_with_a_question_and_a_wrong_answer_signed_with_the_mouse(kiosk, qtbot):
    to_consent(kiosk)
    titles = read_all_sections(kiosk, ask_about="risks")
    assert titles[:2] == ["What this treatment is", "What is known and not known"]
    assert len(titles) == 9

    check = answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"})
    feedback = check.feedback["fda_approved"].text()
    assert feedback.startswith("Not quite.") and "What is known and not known" in feedback
    assert check.feedback["who_pays"].text() == "Right."
    assert not check.choices["fda_approved"]["not_approved"].isEnabled(), "no silent retry"
    check.go_on.click()

    talk_then_answer_again(kiosk)

    decision = kiosk.screen
    assert isinstance(decision, DecisionScreen)
    decision.agree.click()
    screen = sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad))
    assert "agree to the treatment" in screen.meaning.text()
    shown_text = kiosk.controller.consent.progress.shown.text()
    screen.sign.click()
    assert isinstance(kiosk.screen, ThankYouScreen)

    [record], flags = records(kiosk)
    assert record.decision == "agree"
    assert record.signed_name == "María José Núñez García"
    assert record.text_sha256 == hashlib.sha256(shown_text.encode()).hexdigest()
    assert "No exosome product is approved by the FDA" in record.shown_text
    assert "$2,500" in record.shown_text and "EV-Knee" in record.shown_text
    assert len(record.acknowledgments) == 9
    assert [q["section"] for q in record.questions] == ["risks"]
    assert record.questions[0]["discussed_at"] is not None
    assert {a["language"] for a in record.acknowledgments} == {"en"}
    fda = [
        (c["attempt"], c["correct"])
        for c in record.comprehension
        if c["question"] == "fda_approved"
    ]
    assert fda == [(1, False), (2, True)], "the first answer stays on record"
    assert [(h["hold"], h["by"]) for h in record.holds] == [("discussion", STAFF_NAME)]
    assert "I agree to sign on this tablet." in record.electronic_agreement
    assert record.signature_png.startswith(b"\x89PNG") and record.signature_strokes
    assert record.signed_at.tzinfo is not None and record.time_zone
    assert {"consent_question", "consent_comprehension"} <= {f.rule_id for f in flags}

    # The chart says when staff talked the question and the wrong answer over.
    qtbot.waitUntil(lambda: kiosk.controller.copies.last_document is not None, timeout=30_000)
    chart = subprocess.run(
        ["pdftotext", str(document_of(kiosk, "chart_packet")), "-"], capture_output=True, text=True
    ).stdout
    assert chart.count("talked over with staff at") == 2


def test_refusal_is_signed_and_recorded_too_with_a_finger(kiosk):
    to_consent(kiosk, language="es")
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.refuse.click()
    screen = sign(kiosk, "María José Núñez García", draw_with_finger)
    assert screen.meaning.text().splitlines()[0].endswith("rechazo el tratamiento.")
    assert "2026" in screen.meaning.text().splitlines()[1], "the date the signature will carry"
    screen.sign.click()
    [record], flags = records(kiosk)
    assert record.decision == "refuse"
    assert record.language == "es"
    assert not [f for f in flags if f.rule_id == "consent_comprehension"]


def test_i_understand_waits_until_the_end_of_the_section(kiosk):
    screen = to_consent(kiosk)
    bar = screen.area.verticalScrollBar()
    assert bar.maximum() > 0, "the first section is longer than the screen"
    assert screen.understand.text() == "Read more"
    screen.understand.click()  # shows the next part instead of acknowledging
    settle()
    assert kiosk.screen is screen and bar.value() > 0
    assert not kiosk.controller.consent.progress.is_acknowledged(screen.section.id)
    scroll_to_end(screen.area)
    assert screen.understand.text() == "I understand"
    screen.understand.click()
    assert kiosk.controller.consent.progress.is_acknowledged(screen.section.id)


def test_a_question_is_noted_once_per_section(kiosk):
    screen = to_consent(kiosk)
    screen.question.click()
    assert not screen.question.isEnabled()
    _, flags = records(kiosk)
    assert [f.rule_id for f in flags].count("consent_question") == 1


def test_after_a_pause_the_consent_goes_on_where_it_was_with_the_answers_kept(kiosk):
    to_consent(kiosk)
    read_all_sections(kiosk, ask_about="what_it_is")
    answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"})
    kiosk.controller.pause()
    paused = kiosk.screen
    assert isinstance(paused, PausedScreen)
    paused.birth_date.set_value("1961-07-14")
    paused.go_on.click()
    # Not sent back to the first section, and neither the question nor the wrong answer
    # is forgotten: the nurse must talk with the patient before the decision.
    talk = kiosk.screen
    assert isinstance(talk, HoldScreen)
    assert "Risks and side effects" not in " ".join(texts(talk))
    assert "What this treatment is" in " ".join(texts(talk))
    assert "What is true about this product and the FDA?" in " ".join(texts(talk))


def test_answer_every_question_goes_once_every_question_is_answered(kiosk):
    to_consent(kiosk)
    read_all_sections(kiosk)
    check = kiosk.screen
    assert isinstance(check, ComprehensionScreen)
    check.check.click()
    assert check.problem.isVisibleTo(check)
    first, *rest = check.questions
    for question in rest:
        check.choices[question.id][question.correct].click()
    assert check.problem.isVisibleTo(check), "one question is still unanswered"
    check.choices[first.id][first.correct].click()
    assert not check.problem.isVisibleTo(check)


def test_a_language_switch_keeps_the_first_comprehension_answer(kiosk):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"})
    kiosk.window.patient_bar.language.click()
    check = kiosk.screen
    assert isinstance(check, ComprehensionScreen)
    assert check.feedback["fda_approved"].text().startswith("No exactamente.")
    assert check.chosen()["fda_approved"] == "approved_for_knees"
    assert not check.choices["fda_approved"]["not_approved"].isEnabled()
    assert not check.check.isVisible() and check.go_on.isVisible()
    _, flags = records(kiosk)
    assert [f.rule_id for f in flags if f.rule_id.startswith("consent")] == [
        "consent_comprehension"
    ]


def test_the_options_keep_their_shuffled_order_through_a_language_switch(kiosk):
    to_consent(kiosk)
    read_all_sections(kiosk)
    first = kiosk.screen
    assert isinstance(first, ComprehensionScreen)
    order = {q.id: list(first.choices[q.id]) for q in first.questions}
    assert any(order[q.id][0] != q.correct for q in first.questions), "not always first"
    kiosk.window.patient_bar.language.click()
    again = kiosk.screen
    assert {q.id: list(again.choices[q.id]) for q in again.questions} == order
    with kiosk.services.database.session() as session:
        stored = consent_so_far(session, intake_id=kiosk.controller.session.intake.id)
    assert stored.option_order == order


def test_a_stop_flag_holds_the_patient_before_the_decision_until_staff_release_it(kiosk):
    to_consent(kiosk, conditions=["diabetes", "cancer_now"])
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen), "a STOP flag must stop the patient before deciding"
    assert hold.title.text() == "Please talk with the nurse before you decide"
    kiosk.window.patient_bar.language.click()
    assert kiosk.screen.title.text() == "Por favor, hable con la enfermera antes de decidir"
    kiosk.add_staff("amy", "Dr. Amy Cole", ["clinician"])
    staff_release(kiosk, user="amy")
    assert isinstance(kiosk.screen, DecisionScreen)
    with kiosk.services.database.session() as session:
        stored = consent_so_far(session, intake_id=kiosk.controller.session.intake.id)
    [release] = stored.releases
    assert (release.hold, release.by, release.choice) == (
        "before_decision",
        "Dr. Amy Cole",
        CONTINUE,
    )


def test_staff_can_end_the_visit_at_a_hold_and_nothing_is_signed(kiosk):
    to_consent(kiosk, conditions=["cancer_now"])
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    staff_release(kiosk, END_VISIT)
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen) and "Nothing was signed" in thanks.lead.text()
    consents, flags = records(kiosk)
    assert consents == []
    assert {"cancer_now", "visit_ended"} <= {f.rule_id for f in flags}


def test_an_interpreter_need_holds_the_patient_before_the_consent(kiosk):
    kiosk.start_intake(language="en")
    for item_id, value in (SAMPLE_ANSWERS | {"interpreter_needed": True}).items():
        kiosk.controller.session.answer(item_id, value)
    kiosk.controller.questions.show_review()
    kiosk.screen.confirm.click()
    kiosk.screen.go_on.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen) and hold.title.text() == "Before you read the consent"
    staff_release(kiosk)
    assert isinstance(kiosk.screen, ConsentSectionScreen)


def test_a_typed_name_that_differs_is_shown_to_staff_not_accepted_silently(kiosk, qtbot):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    sign(kiosk, "Majo Nunez", lambda pad: draw_with_mouse(qtbot, pad)).sign.click()
    hold = kiosk.screen
    assert isinstance(hold, HoldScreen)
    said = " ".join(texts(hold))
    # each name set apart, so a name in a right-to-left script keeps the full stop after it
    assert "You typed: \u2068Majo Nunez\u2069." in said
    assert "We have: \u2068María José Núñez García\u2069." in said
    hold.back.click()  # the patient retypes...
    screen = sign(kiosk, "Majo Nunez", lambda pad: draw_with_mouse(qtbot, pad))
    screen.sign.click()
    staff_release(kiosk)  # ...or staff accept the name typed
    assert isinstance(kiosk.screen, ThankYouScreen)
    [record], _ = records(kiosk)
    assert record.signed_name == "Majo Nunez"
    assert [(h["hold"], h["by"]) for h in record.holds] == [("signed_name", "Rosa Díaz")]


@pytest.mark.parametrize("typed", ["x", "true", "Ana Smith"])
def test_a_typed_name_with_no_word_of_the_registered_one_cannot_be_signed(kiosk, qtbot, typed):
    """Not the patient's name written another way: staff could not accept it either."""
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    screen = sign(kiosk, typed, lambda pad: draw_with_mouse(qtbot, pad))
    screen.sign.click()
    assert kiosk.screen is screen
    assert screen.cut_note.text() == (
        "Please type your own first and last name, as the clinic has them."
    )
    assert records(kiosk)[0] == []
    screen.name.setText("")
    QApplication.clipboard().setText("Mar\u202eía José Núñez García")
    screen.name.paste()
    assert screen.name.text() == "María José Núñez García"  # the direction mark never entered
    screen.sign.click()
    assert isinstance(kiosk.screen, ThankYouScreen)


def test_more_time_to_decide_ends_without_a_signature_and_calls_the_nurse(kiosk):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.later.click()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    assert "more time" in thanks.lead.text()
    consents, flags = records(kiosk)
    assert consents == []
    assert [f.rule_id for f in flags if f.rule_id.startswith("consent")] == ["consent_deferred"]


def test_the_signature_screen_keeps_name_meaning_and_pad_visible_at_200_percent(kiosk):
    from intake_app.gui.theme import Look

    to_consent(kiosk, language="es")
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    screen = kiosk.screen
    settle()
    window = kiosk.window.rect()
    for widget in (screen.meaning, screen.name, screen.pad, screen.sign):
        corner = widget.mapTo(kiosk.window, QPoint(0, 0))
        assert window.contains(corner) and window.contains(
            corner + QPoint(widget.width() - 1, widget.height() - 1)
        ), f"{widget.accessibleName()} is cut off"
    assert screen.pad.height() >= 150
    small = screen.pad.size()
    kiosk.window.resize(1920, 1200)
    settle()
    assert screen.pad.width() > small.width(), "the pad grows with the window"


def test_read_aloud_speaks_the_section_with_the_local_engine(kiosk):
    screen = to_consent(kiosk)
    assert screen.read_aloud.isVisible()
    screen.read_aloud.click()
    assert kiosk.controller.reader.spoken[-1].startswith("What this treatment is")


def test_clear_takes_the_signature_away(kiosk, qtbot):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    screen = sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad))
    screen.clear.click()
    assert not screen.sign.isEnabled()


def test_a_witness_signs_after_the_patient_when_the_clinic_asks_for_one(tmp_path, qapp, qtbot):
    # The witness is a person on file: they unlock with their own user name and PIN, and
    # their name and role come from their account; nobody types a witness's name.
    prepare_data_dir(tmp_path / "data", extra="[consent]\nwitness = true\n")
    kiosk = open_kiosk(tmp_path / "data", qapp, qtbot)
    try:
        to_consent(kiosk)
        read_all_sections(kiosk)
        answer_comprehension(kiosk, wrong={}).go_on.click()
        kiosk.screen.agree.click()
        sign(kiosk, "María José Núñez García", draw_with_stylus).sign.click()
        hand_over = kiosk.screen
        assert isinstance(hand_over, HoldScreen)
        assert "staff member who saw you sign" in hand_over.title.text()
        assert records(kiosk)[0] == [], "nothing is stored until the witness signs"
        staff_release(kiosk)
        witness = kiosk.screen
        assert isinstance(witness, SignatureScreen) and witness.role.isVisible()
        assert (witness.name.text(), witness.role.text()) == (STAFF_NAME, "nurse")
        assert witness.name.isReadOnly() and witness.role.isReadOnly()
        draw_with_mouse(
            qtbot, witness.pad, [QPoint(30 + 40 * i, 60 + 60 * (i % 2)) for i in range(16)]
        )
        witness.sign.click()
        [record], _ = records(kiosk)
        assert (record.witness_name, record.witness_role) == (STAFF_NAME, "nurse")
        assert record.witness_signature_png.startswith(b"\x89PNG")
        assert {round(p["p"], 1) for p in record.signature_strokes[0]} == {0.8}
        with kiosk.services.database.session() as session:
            witnessed = session.exec(
                select(AuditEvent).where(AuditEvent.action == "consent_witnessed")
            ).one()
        assert witnessed.actor.startswith("staff:") and witnessed.actor_role == "nurse"
    finally:
        close_kiosk(kiosk)


def document_of(kiosk, kind: str):
    """The path of the one document of ``kind`` the tablet filed."""
    from pathlib import Path

    from intake_app.storage.tables import Document

    with kiosk.services.database.session() as session:
        [row] = session.exec(select(Document).where(Document.kind == kind)).all()
    return Path(row.path)


def test_after_signing_the_chart_pdf_is_made_and_the_patient_can_print_their_own_copy(
    kiosk, qtbot, monkeypatch
):
    # "Print a copy for me" prints the patient's copy of what they signed, in their
    # language, never the staff chart with its flags.
    from intake_app.chart.seal import verify_pdf
    from intake_app.gui.print_flow import PrintFlow
    from intake_app.gui.printing import PrinterChoice
    from intake_app.gui.screens.print_page import PrintPage
    from tests.gui.test_print_page import FakePrinters

    printers = FakePrinters([PrinterChoice("front_desk", "Front desk")], "front_desk")
    monkeypatch.setattr(PrintFlow, "printers", lambda: printers)
    to_consent(kiosk, language="es")
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad)).sign.click()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    qtbot.waitUntil(thanks.print_copy.isVisible, timeout=30_000)
    path = kiosk.controller.copies.last_document
    assert path == document_of(kiosk, "patient_copy") and "_COPY_" in path.name
    assert path.parent == kiosk.services.settings.documents_dir
    assert document_of(kiosk, "chart_packet").exists(), "the chart document is made too"
    keys = kiosk.services.settings.keys_dir / "clinic-seal-cert.pem"
    assert verify_pdf(path.read_bytes(), keys).valid
    thanks.print_copy.click()
    page = kiosk.screen
    assert isinstance(page, PrintPage)
    page.print_now.click()
    assert printers.asked == [("front_desk", path, 1)]
    printers.finish(True)
    with kiosk.services.database.session() as session:
        printed = session.exec(select(AuditEvent).where(AuditEvent.action == "document_printed"))
        copy_row = session.exec(select(Document).where(Document.kind == "patient_copy")).one()
        [event] = printed.all()
    assert (event.actor, event.intake_id) == ("patient", copy_row.intake_id)
    assert event.detail == {
        "document": copy_row.id,
        "kind": "patient_copy",
        "copies": 1,
        "printer": "front_desk",
    }
    copy = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Su decisión: usted aceptó el tratamiento." in copy
    assert "Summary for the nurse" not in copy and "Resumen para la enfermera" not in copy


def test_a_patient_who_changes_their_mind_signs_a_withdrawal_that_points_to_the_agreement(
    kiosk, qtbot
):
    from intake_app.chart.seal import verify_pdf
    from intake_app.storage.tables import Document

    text = agreed_then_withdrawing(kiosk, qtbot)
    assert not text.question.isVisible()
    settle()
    scroll_to_end(text.area)
    settle()
    text.understand.click()
    screen = sign(kiosk, "Somebody Else", draw_with_finger)
    screen.sign.click()  # another person's name: nothing is stored
    assert kiosk.screen is screen and "your own first and last name" in screen.cut_note.text()
    assert len(records(kiosk)[0]) == 1
    screen.name.setText("María José Núñez García")
    assert "withdraw" in screen.meaning.text().lower()
    # Signed on the tablet like the consent: the patient reads the same agreement first.
    assert "I agree to sign on this tablet." in screen.agreement.text()
    assert screen.agreement.isVisible()
    screen.sign.click()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen) and "withdrawal is recorded" in thanks.lead.text()
    qtbot.waitUntil(thanks.print_copy.isVisible, timeout=30_000)

    consents, _ = records(kiosk)
    agreement, withdrawal = sorted(consents, key=lambda r: r.signed_at)
    assert (agreement.decision, withdrawal.decision) == ("agree", "withdraw")
    assert withdrawal.supersedes_id == agreement.id
    with kiosk.services.database.session() as session:
        document = next(d for d in session.exec(select(Document)) if d.kind == "withdrawal")
    path = kiosk.services.settings.documents_dir / document.path.split("/")[-1]
    assert "_WITHDRAWAL_" in path.name
    keys = kiosk.services.settings.keys_dir / "clinic-seal-cert.pem"
    assert verify_pdf(path.read_bytes(), keys).valid
    assert "I agree to sign on this tablet." in (withdrawal.electronic_agreement or "")
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert "Agreement to sign electronically" in printed.stdout


def test_a_refusal_offers_no_withdrawal(kiosk, qtbot):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.refuse.click()
    sign(kiosk, "María José Núñez García", draw_with_finger).sign.click()
    kiosk.controller.background.wait()
    kiosk.screen.finish.click()
    kiosk.unlock()
    staff = kiosk.screen
    staff.family_name.setText("nunez")
    staff.family_name.textEdited.emit("nunez")
    qtbot.waitUntil(lambda: bool(staff.matches.rows), timeout=2000)
    names = [b.accessibleName() for b in staff.findChildren(type(staff.start))]
    assert not [n for n in names if n.startswith("Withdraw consent")]


def test_read_aloud_is_offered_only_in_a_language_a_local_voice_speaks(kiosk):
    # The test engine has English voices only: a Spanish section is not read in English.
    screen = to_consent(kiosk, language="es")
    assert not screen.read_aloud.isVisibleTo(screen)
    kiosk.window.patient_bar.language.click()
    assert kiosk.screen.read_aloud.isVisibleTo(kiosk.screen)


def test_the_next_patient_is_never_offered_the_previous_patients_copy(kiosk, qtbot):
    to_consent(kiosk)
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.agree.click()
    sign(kiosk, "María José Núñez García", draw_with_finger).sign.click()
    qtbot.waitUntil(kiosk.screen.print_copy.isVisible, timeout=30_000)
    kiosk.screen.finish.click()

    to_consent(kiosk)  # the next patient takes more time, then switches language
    read_all_sections(kiosk)
    answer_comprehension(kiosk, wrong={}).go_on.click()
    kiosk.screen.later.click()
    kiosk.window.patient_bar.language.click()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    assert "más tiempo" in thanks.lead.text(), "the rebuilt screen still says why"
    assert not thanks.print_copy.isVisibleTo(thanks)
