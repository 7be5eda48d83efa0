"""A signed consent record can never be changed; a change of mind is a new record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from intake_app.consent.progress import (
    DISCUSSION_HOLD,
    END_VISIT,
    Acknowledgment,
    ComprehensionAnswer,
    HoldRelease,
)
from intake_app.questionnaire.model import SEVERITY_ORDER
from intake_app.storage.consents import (
    COMPREHENSION_RULE,
    QUESTION_RULE,
    VISIT_ENDED_PAGE,
    VISIT_ENDED_RULE,
    ConsentSteps,
    Signature,
    WithdrawalRefused,
    active_agreements,
    consent_records,
    consent_so_far,
    record_acknowledgment,
    record_comprehension,
    record_consent,
    record_option_order,
    record_question,
    record_release,
    withdraw_consent,
)
from intake_app.storage.intakes import intakes_in_progress, start_intake
from intake_app.storage.patients import PatientDetails, find_or_create_patient
from intake_app.storage.tables import NO_FLAG, ConsentRecord, Flag, Intake, SignedRecordError

AT = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)


class Shown:
    """The consent as shown, reduced to what the record needs."""

    consent_id = "test-consent"
    version = "1.0"
    language = "en"

    def text(self) -> str:
        return "Consent\n\nIt is experimental."

    def sha256(self) -> str:
        return "ab" * 32


def signature(name: str = "Ana Ruiz") -> Signature:
    strokes = [[{"x": 0.1, "y": 0.2, "t": 0, "p": 0.4}, {"x": 0.5, "y": 0.25, "t": 180, "p": 0.6}]]
    when = dt.datetime(2026, 11, 25, 16, 5, tzinfo=dt.UTC)
    return Signature(name, strokes, b"\x89PNG fake", when, "CST (UTC-06:00)")


def signed(database, mini_form, decision="agree"):
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        intake.status = "completed"
        session.add(intake)
        session.commit()
        record = record_consent(
            session,
            intake=intake,
            shown=Shown(),
            decision=decision,
            meaning="I agree to the treatment.",
            signature=signature(),
            steps=ConsentSteps([{"section": "risks", "at": "2026-11-25T16:00:00+00:00"}], [], []),
        )
    return intake, record


def test_the_signed_record_keeps_everything_shown_and_signed(database, mini_form):
    intake, _ = signed(database, mini_form)
    with database.session() as session:
        [stored] = consent_records(session, intake_id=intake.id)
    assert stored.text_sha256 == "ab" * 32
    assert stored.shown_text == "Consent\n\nIt is experimental."
    assert stored.signature_strokes[0][1] == {"x": 0.5, "y": 0.25, "t": 180, "p": 0.6}
    assert stored.signature_png == b"\x89PNG fake"
    assert stored.signed_at == dt.datetime(2026, 11, 25, 16, 5, tzinfo=dt.UTC)
    assert stored.acknowledgments == [{"section": "risks", "at": "2026-11-25T16:00:00+00:00"}]


def test_the_app_refuses_to_change_or_delete_a_signed_record(database, mini_form):
    _, record = signed(database, mini_form)
    with pytest.raises(SignedRecordError), database.session() as session:
        stored = session.get(ConsentRecord, record.id)
        stored.decision = "refuse"
        session.add(stored)
    with pytest.raises(SignedRecordError), database.session() as session:
        session.delete(session.get(ConsentRecord, record.id))


def test_the_database_itself_refuses_a_change_made_around_the_app(database, mini_form):
    _, record = signed(database, mini_form)
    with database.engine.connect() as connection:
        with pytest.raises(DatabaseError, match="cannot be changed"):
            connection.execute(
                text("UPDATE consent_record SET decision = 'refuse' WHERE id = :id"),
                {"id": record.id},
            )
        connection.rollback()
        with pytest.raises(DatabaseError, match="cannot be changed"):
            connection.execute(text("DELETE FROM consent_record WHERE id = :id"), {"id": record.id})
        connection.rollback()
    with database.session() as session:
        assert session.get(ConsentRecord, record.id).decision == "agree"


class ShownWithdrawal:
    language = "es"

    def text(self) -> str:
        return "Retirar su consentimiento\n\nNo cambia el resto de su atención."

    def sha256(self) -> str:
        return "cd" * 32


def withdraw(session, original):
    return withdraw_consent(
        session,
        original=original,
        shown=ShownWithdrawal(),
        meaning="Retiro mi consentimiento.",
        signature=signature(),
    )


def test_a_withdrawal_is_a_new_record_with_its_own_text_pointing_to_the_first(database, mini_form):
    intake, record = signed(database, mini_form)
    with database.session() as session:
        withdrawal = withdraw(session, session.get(ConsentRecord, record.id))
        records = consent_records(session, intake_id=intake.id)
    assert withdrawal.supersedes_id == record.id
    assert [r.decision for r in records] == ["agree", "withdraw"]
    assert (withdrawal.shown_text, withdrawal.text_sha256) == (ShownWithdrawal().text(), "cd" * 32)
    assert withdrawal.language == "es"


def test_a_refusal_or_an_agreement_already_withdrawn_cannot_be_withdrawn(database, mini_form):
    _, refused = signed(database, mini_form, decision="refuse")
    _, agreed = signed(database, mini_form)
    with database.session() as session:
        with pytest.raises(WithdrawalRefused):
            withdraw(session, session.get(ConsentRecord, refused.id))
        withdraw(session, session.get(ConsentRecord, agreed.id))
        with pytest.raises(WithdrawalRefused):
            withdraw(session, session.get(ConsentRecord, agreed.id))


def ana_intake(session, form) -> Intake:
    patient = find_or_create_patient(
        session, details=PatientDetails("Ana", "Ruiz", dt.date(1980, 1, 1))
    )
    return start_intake(session, patient=patient, questionnaire=form, language="en")


def wrong_answer(session, intake: Intake, at: dt.datetime) -> None:
    """'Is it approved?' answered "Yes": wrong."""
    record_comprehension(
        session,
        intake=intake,
        question_id="fda_approved",
        question="Is it approved?",
        answer="Yes",
        given=ComprehensionAnswer("yes", False, at),
    )


def test_questions_and_wrong_answers_raise_review_flags_at_once(database, mini_form):
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        record_question(session, intake=intake, section_id="risks", section_title="Risks", at=AT)
        wrong_answer(session, intake, AT)
        record_comprehension(
            session,
            intake=intake,
            question_id="who_pays",
            question="Who pays?",
            answer="You",
            given=ComprehensionAnswer("patient", True, AT),
        )
        flags = list(session.exec(select(Flag).where(Flag.intake_id == intake.id)))
    assert sorted((f.rule_id, f.severity) for f in flags) == [
        (COMPREHENSION_RULE, "review"),
        (QUESTION_RULE, "review"),
    ]
    assert any("Risks" in f.message for f in flags)


def test_a_question_answered_wrongly_again_after_a_talk_is_told_apart_in_its_flag(
    database, mini_form
):
    # The nurse sees two rows for one question: the second must say it came after a talk.
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        for minutes in (0, 5):
            wrong_answer(session, intake, AT + dt.timedelta(minutes=minutes))
        messages = sorted(f.message for f in session.exec(select(Flag)))
    assert messages == [
        "Comprehension check, asked again after a talk: answered \u201cYes\u201d to "
        "\u201cIs it approved?\u201d. Discuss with a clinician before the injection.",
        "Comprehension check: answered \u201cYes\u201d to \u201cIs it approved?\u201d. "
        "Discuss with a clinician before the injection.",
    ]


def test_a_flag_raised_by_the_consent_steps_counts_in_the_nurses_queue(database, mini_form):
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        assert (intake.worst_flag, intake.flag_count) == (NO_FLAG, 0)
        wrong_answer(session, intake, AT)
        record_question(session, intake=intake, section_id="risks", section_title="Risks", at=AT)
        intake_id = intake.id
    with database.session() as session:
        stored = session.get(Intake, intake_id)
        assert (stored.worst_flag, stored.flag_count) == (SEVERITY_ORDER["review"], 2)


def test_an_answered_intake_waits_for_its_consent_before_it_is_finished(database, mini_form):
    intake, _ = signed(database, mini_form)
    with database.session() as session:
        patient = find_or_create_patient(
            session, details=PatientDetails("Bo", "Li", dt.date(1970, 2, 2))
        )
        waiting = start_intake(session, patient=patient, questionnaire=mini_form, language="en")
        waiting.status = "completed"
        session.add(waiting)
        session.commit()
        unfinished = [i.id for i in intakes_in_progress(session)]
        assert session.get(Intake, intake.id).status == "completed"
    assert unfinished == [waiting.id]


def test_the_steps_so_far_come_back_from_storage_in_order(database, mini_form):
    later = AT + dt.timedelta(minutes=3)
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        ack = Acknowledgment(AT, "es", "ef" * 32)
        record_acknowledgment(session, intake=intake, section_id="what", ack=ack)
        record_question(session, intake=intake, section_id="risks", section_title="Risks", at=AT)
        record_option_order(session, intake=intake, question_id="fda_approved", order=["no", "yes"])
        for value in ("yes", "no"):  # answered wrongly, then again after the talk
            record_comprehension(
                session,
                intake=intake,
                question_id="fda_approved",
                question="Is it approved?",
                answer=value,
                given=ComprehensionAnswer(value, value == "no", AT),
            )
        talk = HoldRelease(DISCUSSION_HOLD, "Rosa Díaz, RN", later)
        record_release(session, intake=intake, release=talk)
        so_far = consent_so_far(session, intake_id=intake.id)
    assert so_far.acknowledged == {"what": ack}
    assert so_far.questions == [("risks", AT)]
    # Both answers stay on record: the first is never overwritten by the second.
    assert so_far.attempts == {
        "fda_approved": [ComprehensionAnswer("yes", False, AT), ComprehensionAnswer("no", True, AT)]
    }
    assert so_far.option_order == {"fda_approved": ["no", "yes"]}
    assert so_far.releases == [talk]
    assert so_far.talks() == [later]


def test_ending_the_visit_at_a_hold_signs_nothing_and_flags_the_nurse(database, mini_form):
    with database.session() as session:
        intake = ana_intake(session, mini_form)
        release = HoldRelease("before_decision", "Rosa Díaz, RN", AT, END_VISIT)
        record_release(session, intake=intake, release=release)
        flags = session.exec(select(Flag).where(Flag.intake_id == intake.id)).all()
        assert consent_records(session, intake_id=intake.id) == []
        assert session.get(Intake, intake.id).current_page == VISIT_ENDED_PAGE
    [flag] = flags
    assert flag.rule_id == VISIT_ENDED_RULE
    assert "Rosa Díaz, RN" in flag.message and "STOP" in flag.message


# Every way to empty the consent table at once. PostgreSQL's TRUNCATE skips row
# triggers (also when it cascades from intake); SQLite has no TRUNCATE, and a
# DELETE without WHERE still meets its row trigger.
EMPTY_THE_TABLE = {
    "sqlite": ["DELETE FROM consent_record"],
    "postgresql": [
        "DELETE FROM consent_record",
        "TRUNCATE consent_record",
        "TRUNCATE consent_record CASCADE",
        "TRUNCATE intake CASCADE",
    ],
}


def test_the_database_refuses_to_empty_the_consent_table(database, mini_form):
    _, record = signed(database, mini_form)
    for statement in EMPTY_THE_TABLE[database.engine.dialect.name]:
        with database.engine.connect() as connection:
            with pytest.raises(DatabaseError, match="cannot be changed"):
                connection.execute(text(statement))
            connection.rollback()
    with database.session() as session:
        assert session.get(ConsentRecord, record.id).decision == "agree"


def test_the_active_agreement_is_the_latest_one_not_withdrawn(database, mini_form):
    intake, first = signed(database, mini_form)
    with database.session() as session:
        patient = intake.patient_id
        assert active_agreements(session, patient_ids=[patient])[patient].id == first.id
        withdraw(session, session.get(ConsentRecord, first.id))
        assert active_agreements(session, patient_ids=[patient]).get(patient) is None
