"""One intake as the nurse's review page shows it: every text ready to show, in English.

Built on ``intake_record.open_intake``, which checks that the person may read the
intake and records that they did (one ``intake_viewed`` event per opening). The
page shows, top to bottom: who the patient is and what they were offered, the
flags worst first with the answers that raised them (with the patient's own words
when the intake was in another language), every answer by section, the consent,
the patient's earlier intakes and this intake's reviews, and the chart document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from intake_app.chart.labels import for_patient, for_staff
from intake_app.consent.document import ConsentDocument
from intake_app.form_files.translations import LANGUAGE_NAMES, localized
from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.display import format_answer
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import DisplayItem
from intake_app.questionnaire.visibility import IntakeView, visible_items_of
from intake_app.services.actor import Actor
from intake_app.services.consenting import consent_for
from intake_app.services.flag_triggers import TriggeringAnswer, triggering_answers
from intake_app.services.intake_record import IntakeOnFile, open_intake
from intake_app.services.review import DECISION_WORDS
from intake_app.services.review_consent import (
    ConsentOnFile,
    consent_on_file,
    ind_stated,
    product_stated,
    shown_time,
    signed_record,
)
from intake_app.services.review_earlier import EarlierIntake, earlier_intakes
from intake_app.storage.consents import consent_so_far
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Document, Flag, Review, StaffUser

__all__ = [
    "AnsweredItem",
    "ChartDocument",
    "ConsentOnFile",
    "EarlierIntake",
    "FlagOnFile",
    "Header",
    "ReviewOnFile",
    "ReviewRecord",
    "SectionAnswers",
    "TriggerAnswer",
    "open_review",
]

INTERPRETER_ITEM = "interpreter_needed"  # the form's question, when it asks


@dataclass(frozen=True)
class Header:
    patient_name: str
    date_of_birth: str  # 1961-07-14
    age: str  # "65 years"
    mrn: str  # "not recorded" when none
    language: str  # "Spanish (es)"
    interpreter_needed: str  # yes, no, not answered, not asked
    form: str  # "exosome-joint-intake, version 1.0"
    consent: str  # "exosome-joint-consent, version 1.0" or "not signed"
    product: str  # as the consent shown to the patient named it, or "not stated"
    ind_status: str
    confirmed_at: str  # when the patient confirmed the answers, or "not confirmed yet"


@dataclass(frozen=True)
class TriggerAnswer:
    """An answer that raised a flag, in English, and in the patient's words when the
    intake was in another language."""

    question: str
    answer: str
    patient_words: str | None  # "¿Toma un anticoagulante? Sí"; None for an English intake


@dataclass(frozen=True)
class FlagOnFile:
    id: str
    severity: str  # STOP, REVIEW, NOTE
    message: str
    sources: tuple[str, ...]  # "S44: <the citation>"
    acknowledged_by: str | None  # None: not acknowledged yet
    acknowledged_at: str | None
    note: str | None
    answers: tuple[TriggerAnswer, ...]


@dataclass(frozen=True)
class AnsweredItem:
    question: str
    answer: str  # a group's rows one per line


@dataclass(frozen=True)
class SectionAnswers:
    title: str
    answers: tuple[AnsweredItem, ...]


@dataclass(frozen=True)
class ReviewOnFile:
    id: str
    decision: str  # cleared for treatment, needs a clinician's decision, ...
    note: str
    meaning: str  # what the signature means, as printed
    signed_name: str
    signed_at: str
    corrects: str | None  # the id of the review this one corrects


@dataclass(frozen=True)
class ChartDocument:
    id: str
    path: str
    sha256: str


@dataclass(frozen=True)
class ReviewRecord:
    intake_id: str
    header: Header
    flags: tuple[FlagOnFile, ...]  # worst first
    sections: tuple[SectionAnswers, ...]
    consent: ConsentOnFile
    earlier: tuple[EarlierIntake, ...]  # newest first
    reviews: tuple[ReviewOnFile, ...]  # oldest first
    chart_document: ChartDocument | None  # None: not made yet


def open_review(
    database: Database, intake_id: str, *, catalog: FormCatalog, today: dt.date, by: Actor
) -> ReviewRecord:
    """The intake for ``by``'s review page (``NotPermitted`` with nothing read when they may
    not read intakes, ``LookupError`` when there is no such intake)."""
    on_file = open_intake(database, intake_id, catalog=catalog, today=today, by=by)
    intake = on_file.intake
    questionnaire = catalog.get(intake.form_id, intake.form_version)
    signed = signed_record(on_file.consents)
    with database.session() as session:
        names = _staff_names(session, on_file.flags)
        so_far = consent_so_far(session, intake_id=intake_id)
        earlier = earlier_intakes(session, intake)
        chart = _chart_document(session, intake_id)
    document = _consent_document(catalog, signed, so_far.consent)
    return ReviewRecord(
        intake_id,
        _header(on_file, questionnaire, signed, document, today),
        tuple(_flag(f, questionnaire, document, intake.language, names) for f in on_file.flags),
        _sections(questionnaire, on_file.view),
        consent_on_file(intake, on_file.consents, document, so_far),
        earlier,
        tuple(_review(review) for review in on_file.reviews),
        chart,
    )


def _consent_document(
    catalog: FormCatalog, signed: ConsentRecord | None, begun: tuple[str, str] | None
) -> ConsentDocument:
    """The consent the patient signed, or (nothing signed yet) the version they began
    reading, else the catalog's current one, for the section titles and comprehension
    questions."""
    if signed is not None:
        return catalog.consent(signed.consent_id, signed.consent_version)
    return consent_for(catalog, begun)


def _header(
    on_file: IntakeOnFile,
    questionnaire: Questionnaire,
    signed: ConsentRecord | None,
    document: ConsentDocument,
    today: dt.date,
) -> Header:
    intake, patient = on_file.intake, on_file.patient
    language = f"{LANGUAGE_NAMES.get(intake.language, intake.language)} ({intake.language})"
    consent = (
        f"{document.consent_id}, version {document.version}" if signed is not None else "not signed"
    )
    return Header(
        f"{patient.given_names} {patient.family_name}",
        patient.date_of_birth.isoformat(),
        f"{_age(patient.date_of_birth, today)} years",
        patient.mrn or "not recorded",
        language,
        _interpreter(questionnaire, on_file.view),
        f"{questionnaire.form_id}, version {questionnaire.version}",
        consent,
        product_stated(signed, document),
        ind_stated(signed, document),
        shown_time(intake.completed_at) if intake.completed_at else "not confirmed yet",
    )


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _interpreter(questionnaire: Questionnaire, view: IntakeView) -> str:
    if INTERPRETER_ITEM not in questionnaire.items:
        return "not asked"
    value = view.answers.get(INTERPRETER_ITEM)
    if value is None:
        return "not answered"
    return "yes" if value is True else "no" if value is False else str(value)


def _flag(
    flag: Flag,
    questionnaire: Questionnaire,
    document: ConsentDocument,
    language: str,
    names: dict[str, str],
) -> FlagOnFile:
    english = triggering_answers(
        flag.triggers, questionnaire, document, labels=for_staff("en"), language="en"
    )
    own: list[TriggeringAnswer | None] = [None] * len(english)
    if language != "en":
        own = list(
            triggering_answers(
                flag.triggers,
                questionnaire,
                document,
                labels=for_patient(language),
                language=language,
            )
        )
    answers = tuple(
        TriggerAnswer(e.question, e.answer, o.line() if o is not None else None)
        for e, o in zip(english, own, strict=True)
    )
    cited = questionnaire.definition.sources
    return FlagOnFile(
        flag.id,
        flag.severity.upper(),
        flag.message,
        tuple(f"{key}: {cited[key]}" if key in cited else key for key in flag.sources or []),
        names.get(flag.reviewed_by or "", "a person no longer on file")
        if flag.reviewed_at
        else None,
        shown_time(flag.reviewed_at) if flag.reviewed_at else None,
        flag.review_note,
        answers,
    )


def _sections(questionnaire: Questionnaire, view: IntakeView) -> tuple[SectionAnswers, ...]:
    """Every answered item shown to the patient, by section; hidden or skipped ones left out."""
    sections = []
    for section in questionnaire.sections:
        answered = tuple(
            AnsweredItem(
                localized(item.text, "en"), format_answer(item, view.answers[item.id], "en")
            )
            for item in visible_items_of(section, view)
            if not isinstance(item, DisplayItem) and item.id in view.answers
        )
        if answered:
            sections.append(SectionAnswers(localized(section.title, "en"), answered))
    return tuple(sections)


def _review(review: Review) -> ReviewOnFile:
    return ReviewOnFile(
        review.id,
        DECISION_WORDS.get(review.decision, review.decision),
        review.note,
        review.meaning,
        review.signed_name,
        shown_time(review.signed_at),
        review.supersedes_id,
    )


def _staff_names(session: Session, flags: list[Flag]) -> dict[str, str]:
    """The printed names of the people who acknowledged the flags."""
    ids = {flag.reviewed_by for flag in flags if flag.reviewed_by}
    if not ids:
        return {}
    query = select(StaffUser.id, StaffUser.display_name).where(col(StaffUser.id).in_(ids))
    return {staff_id: name for staff_id, name in session.exec(query)}


def _chart_document(session: Session, intake_id: str) -> ChartDocument | None:
    query = select(Document).where(Document.intake_id == intake_id, Document.kind == "chart_packet")
    found = session.exec(query).first()
    return ChartDocument(found.id, found.path, found.sha256) if found else None
