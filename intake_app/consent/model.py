"""The consent document as data: sections, comprehension questions, signature meanings.

See docs/consent.md. A consent file lives in ``forms/consents/`` and is checked
by ``intake-app forms check`` like a questionnaire.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from intake_app.form_files.model import FormId, Identifier, LanguageCode, LocalizedText, Strict

PLACEHOLDERS = (
    *("clinic_name", "clinic_contact", "product_name", "product_source", "manufacturer"),
    *("price", "ind_statement", "research_rights", "research_contact", "injury_care"),
    *("dose", "dose_statement", "cost_statement"),
    *("irb_name", "irb_contact", "study_description", "study_duration"),
    *("trial_registration", "nct_number"),
)


class ConsentSection(Strict):
    """One page of the consent, acknowledged with "I understand"."""

    id: Identifier
    title: LocalizedText
    body: LocalizedText
    sources: Annotated[list[str], Field(min_length=1)]


class AnswerChoice(Strict):
    value: Identifier
    text: LocalizedText


class ComprehensionQuestion(Strict):
    """A teach-back question with believable wrong options, shown in an order shuffled for
    each patient; a wrong answer flags the nurse, and after the talk it is asked again.

    ``asked_when``: only when the patient pays (``patient_pays``) or the study pays
    (``study_pays``); the question about cost differs.
    """

    id: Identifier
    section: Identifier
    question: LocalizedText
    options: Annotated[list[AnswerChoice], Field(min_length=3)]
    correct: Identifier
    explanation: LocalizedText
    asked_when: Literal["patient_pays", "study_pays"] | None = None


class IndStatement(Strict):
    """What to say about the FDA's IND, with and without an IND number."""

    with_ind: LocalizedText
    without_ind: LocalizedText


class ResearchRights(Strict):
    """What a patient in an FDA study is also told (21 CFR 50.25): shown only with an IND."""

    body: LocalizedText


class CostStatements(Strict):
    """The cost text: the patient pays, or (in a study that says so) the study pays."""

    patient_pays: LocalizedText
    study_pays: LocalizedText


class WithdrawalText(Strict):
    """What a patient reads before signing a withdrawal of an earlier consent."""

    title: LocalizedText
    body: LocalizedText


class SignatureMeanings(Strict):
    """What a signature means, printed next to it (21 CFR 11.50), and the agreement to sign
    electronically shown above the signature box (ESIGN Act, UETA)."""

    agree: LocalizedText
    refuse: LocalizedText
    withdraw: LocalizedText
    electronic: LocalizedText


class DecisionLabels(Strict):
    agree: LocalizedText
    refuse: LocalizedText


class ConsentDefinition(Strict):
    """One version of one consent document, as written in its YAML file."""

    consent: FormId
    version: Annotated[str, Field(pattern=r"^[0-9][0-9A-Za-z.\-]*$")]
    status: Literal["draft", "active", "retired"]
    effective: dt.date
    title: LocalizedText
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    sources: dict[str, str]
    ind_statement: IndStatement
    dose_statement: LocalizedText  # shown in place of {dose_statement} when the clinic sets a dose
    trial_registration: LocalizedText  # {trial_registration}, when the study has an NCT number
    cost: CostStatements
    research: ResearchRights
    sections: Annotated[list[ConsentSection], Field(min_length=1)]
    comprehension: Annotated[list[ComprehensionQuestion], Field(min_length=4)]
    withdrawal: WithdrawalText
    signature: SignatureMeanings
    decision: DecisionLabels

    def questions_asked(self, *, study_pays: bool) -> list[ComprehensionQuestion]:
        """The teach-back questions for a clinic (who pays depends on the study)."""
        pays = "study_pays" if study_pays else "patient_pays"
        return [q for q in self.comprehension if q.asked_when in (None, pays)]
