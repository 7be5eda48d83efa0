"""The consent document as data: sections, comprehension questions, signature meanings.

See docs/consent.md. A consent file lives in ``forms/consents/`` and is checked
by ``intake-app forms check`` like a questionnaire.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from intake_app.questionnaire.model import FormId, Identifier, LanguageCode, LocalizedText, Strict

PLACEHOLDERS = (
    *("clinic_name", "clinic_contact", "product_name", "product_source", "manufacturer"),
    *("price", "ind_statement", "research_rights", "research_contact", "injury_care"),
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
    """A teach-back question; a wrong answer shows the right one and flags the nurse."""

    id: Identifier
    section: Identifier
    question: LocalizedText
    options: Annotated[list[AnswerChoice], Field(min_length=2)]
    correct: Identifier
    explanation: LocalizedText


class IndStatement(Strict):
    """What to say about the FDA's IND, with and without an IND number."""

    with_ind: LocalizedText
    without_ind: LocalizedText


class ResearchRights(Strict):
    """What a patient in an FDA study is also told (21 CFR 50.25): shown only with an IND."""

    body: LocalizedText


class WithdrawalText(Strict):
    """What a patient reads before signing a withdrawal of an earlier consent."""

    title: LocalizedText
    body: LocalizedText


class SignatureMeanings(Strict):
    """What a signature means, printed next to it (21 CFR 11.50)."""

    agree: LocalizedText
    refuse: LocalizedText
    withdraw: LocalizedText


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
    research: ResearchRights
    sections: Annotated[list[ConsentSection], Field(min_length=1)]
    comprehension: Annotated[list[ComprehensionQuestion], Field(min_length=4)]
    withdrawal: WithdrawalText
    signature: SignatureMeanings
    decision: DecisionLabels
