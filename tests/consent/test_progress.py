"""Where a patient is in the consent: the next step, and the record of the steps (no Qt)."""

from __future__ import annotations

import datetime as dt

from intake_app.consent.document import show_consent
from intake_app.consent.progress import (
    COMPREHENSION,
    DECISION,
    DISCUSSION,
    SECTION,
    ConsentProgress,
    local_time_zone,
    section_sha256,
)
from intake_app.settings import ClinicSettings

AT = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)


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
    state.discussed(AT)
    assert state.next_step() == (DECISION, 0)
    asked = progress(consent_document)
    read_everything(asked)
    asked.ask("risks", AT)
    answer_all(asked)
    assert asked.next_step() == (DISCUSSION, 0)


def test_the_first_answer_counts_and_a_question_is_noted_once(consent_document):
    state = progress(consent_document)
    question = state.questions_to_check()[0]
    wrong = next(o.value for o in question.options if o.value != question.correct)
    assert state.answer(question, wrong, AT) is False
    assert state.answer(question, question.correct, AT) is False, "no second chance"
    assert state.ask("risks", AT) and not state.ask("risks", AT)


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
