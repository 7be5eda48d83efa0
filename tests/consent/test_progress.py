"""Where a patient is in the consent: the next step, and the record of the steps (no Qt)."""

from __future__ import annotations

import datetime as dt

from intake_app.consent.document import show_consent
from intake_app.consent.progress import (
    BEFORE_CONSENT,
    BEFORE_DECISION,
    COMPREHENSION,
    CONTINUE,
    DECISION,
    DISCUSSION,
    DISCUSSION_HOLD,
    END_VISIT,
    HOLD,
    SECTION,
    ConsentProgress,
    HoldRelease,
    local_time_zone,
    section_sha256,
)
from intake_app.settings import ClinicSettings

AT = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)
LATER = AT + dt.timedelta(minutes=5)
LATEST = AT + dt.timedelta(minutes=9)


def progress(document, language="en") -> ConsentProgress:
    return ConsentProgress(document, show_consent(document, language, ClinicSettings()))


def read_everything(state: ConsentProgress) -> None:
    for section in state.shown.sections:
        state.acknowledge(section.id, AT)


def answer_all(state: ConsentProgress, wrong: str | None = None) -> None:
    for question in state.questions_to_check():
        other = next(o.value for o in question.options if o.value != question.correct)
        state.answer(question, other if question.id == wrong else question.correct, AT)


def test_the_patient_goes_on_at_the_first_section_not_yet_read(consent_document):
    state = progress(consent_document)
    assert state.next_step() == (SECTION, 0)
    state.acknowledge(state.shown.sections[0].id, AT)
    state.acknowledge(state.shown.sections[2].id, AT)
    assert state.next_step() == (SECTION, 1)


def test_after_reading_come_the_check_then_the_decision(consent_document):
    state = progress(consent_document)
    read_everything(state)
    assert state.next_step() == (COMPREHENSION, 0)
    answer_all(state)
    assert state.next_step() == (DECISION, 0)


def test_a_wrong_answer_or_a_question_needs_a_talk_with_the_nurse_first(consent_document):
    state = progress(consent_document)
    read_everything(state)
    answer_all(state, wrong="fda_approved")
    assert state.next_step() == (DISCUSSION, 0)
    state.release(HoldRelease(DISCUSSION_HOLD, "Rosa Díaz, RN", LATER))
    assert state.next_step() == (COMPREHENSION, 0)  # asked again: teach-back
    asked = progress(consent_document)
    read_everything(asked)
    asked.ask("risks", AT)
    answer_all(asked)
    assert asked.next_step() == (DISCUSSION, 0)
    asked.release(HoldRelease(DISCUSSION_HOLD, "Rosa Díaz, RN", LATER))
    assert asked.next_step() == (DECISION, 0)


def test_a_question_is_noted_once(consent_document):
    state = progress(consent_document)
    assert state.ask("risks", AT) and not state.ask("risks", AT)


def test_after_the_talk_only_the_wrong_question_is_asked_again_and_both_answers_stay(
    consent_document,
):
    state = progress(consent_document)
    read_everything(state)
    answer_all(state, wrong="fda_approved")
    question = next(q for q in state.questions_to_check() if q.id == "fda_approved")
    assert state.answer(question, question.correct, AT) is False, "no second chance before a talk"
    state.release(HoldRelease(DISCUSSION_HOLD, "Rosa Díaz, RN", LATER))
    assert [q.id for q in state.questions_due()] == ["fda_approved"]
    assert state.answer(question, question.correct, LATEST) is True
    assert state.next_step() == (DECISION, 0)
    steps = state.steps()["comprehension"]
    attempts = [(s["question"], s["attempt"], s["correct"]) for s in steps]
    assert ("fda_approved", 1, False) in attempts and ("fda_approved", 2, True) in attempts
    first = next(s for s in steps if s["attempt"] == 1 and not s["correct"])
    assert first["discussed_at"] == LATER.isoformat()


def test_a_second_wrong_answer_brings_the_nurse_again(consent_document):
    state = progress(consent_document)
    read_everything(state)
    answer_all(state, wrong="fda_approved")
    state.release(HoldRelease(DISCUSSION_HOLD, "Rosa Díaz, RN", LATER))
    question = next(q for q in state.questions_to_check() if q.id == "fda_approved")
    wrong = next(o.value for o in question.options if o.value != question.correct)
    state.answer(question, wrong, LATEST)
    assert state.next_step() == (DISCUSSION, 0)


def held(document, **points) -> ConsentProgress:
    state = progress(document)
    state.held = dict(points)
    return state


def test_an_interpreter_need_holds_the_patient_before_the_first_section(consent_document):
    state = held(consent_document, before_consent=["language_support"])
    assert state.next_step() == (HOLD, BEFORE_CONSENT)
    state.release(HoldRelease(BEFORE_CONSENT, "Rosa Díaz, RN", AT, END_VISIT))
    assert state.next_step() == (HOLD, BEFORE_CONSENT), "ending the visit releases nothing"
    state.release(HoldRelease(BEFORE_CONSENT, "Rosa Díaz, RN", LATER, CONTINUE))
    assert state.next_step() == (SECTION, 0)


def test_a_stop_flag_holds_the_patient_before_the_decision(consent_document):
    state = held(consent_document, before_decision=["pregnant_or_breastfeeding"])
    read_everything(state)
    answer_all(state)
    assert state.next_step() == (HOLD, BEFORE_DECISION)
    state.release(HoldRelease(BEFORE_DECISION, "Dr. Amy Cole", LATER))
    assert state.next_step() == (DECISION, 0)
    assert state.steps()["holds"] == [
        {"hold": BEFORE_DECISION, "by": "Dr. Amy Cole", "at": LATER.isoformat(), "choice": CONTINUE}
    ]


def test_the_options_are_shuffled_per_patient_and_kept(consent_document):
    state = progress(consent_document)
    questions = state.questions_to_check()
    first = {q.id: state.options_in_order(q, "intake-1") for q in questions}
    again = {q.id: state.options_in_order(q, "another seed") for q in questions}
    assert again == first, "the order shown once is kept"
    other = progress(consent_document)
    assert {q.id: other.options_in_order(q, "intake-2") for q in questions} != first
    for q in questions:
        assert sorted(first[q.id]) == sorted(o.value for o in q.options)
    # Across patients the right answer is not always in the same place.
    question = questions[0]
    places = {
        progress(consent_document).options_in_order(question, f"intake-{n}").index(question.correct)
        for n in range(30)
    }
    assert len(places) > 1


def test_who_pays_is_asked_as_the_clinic_charges(consent_document):
    ids = [q.id for q in progress(consent_document).questions_to_check()]
    assert "who_pays" in ids and "who_pays_study" not in ids


def test_each_acknowledgment_keeps_the_language_and_fingerprint_of_the_text_shown(
    consent_document,
):
    state = progress(consent_document, "es")
    section = state.shown.sections[1]
    ack = state.acknowledge(section.id, AT)
    assert (ack.language, ack.text_sha256) == ("es", section_sha256(section))
    english = progress(consent_document, "en").shown.sections[1]
    assert section_sha256(english) != ack.text_sha256
    [step] = state.steps()["acknowledgments"]
    assert step == {
        "section": section.id,
        "at": AT.isoformat(),
        "language": "es",
        "text_sha256": ack.text_sha256,
    }


def test_the_time_zone_is_named_with_its_offset():
    central = dt.timezone(dt.timedelta(hours=-6), "CST")
    assert local_time_zone(dt.datetime(2026, 1, 5, 9, 0, tzinfo=central)) == "CST (UTC-06:00)"
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert local_time_zone(dt.datetime(2026, 1, 5, 9, 0, tzinfo=india)) == "UTC+05:30"
    assert local_time_zone(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)) == "UTC+00:00"
