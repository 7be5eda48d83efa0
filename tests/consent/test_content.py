"""The consent says what it must, plainly, and repeats no marketing claim."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from intake_app.consent.check import REQUIRED_SECTIONS
from intake_app.consent.document import show_consent, show_withdrawal
from intake_app.consent.readability import (
    MAX_ENGLISH_GRADE,
    MIN_SPANISH_EASE,
    fernandez_huerta,
    flesch_kincaid_grade,
)
from intake_app.settings import ClinicSettings

# A copy of the clinic's marketing brochure (shared/seed/clinic-brochure.txt): the text to avoid.
BROCHURE = Path(__file__).resolve().parent / "data" / "clinic-brochure.txt"
SECTIONS = list(REQUIRED_SECTIONS)
CLINIC = ClinicSettings.model_validate(
    {
        "clinic": {"name": "Riverside Joint Clinic"},
        "product": {
            "name": "EV-Knee",
            "source": "donated placenta tissue",
            "manufacturer": "Acme Biologics",
            "price_usd": 2500,
        },
    }
)


# The same clinic giving the injection in an FDA study.
IND_CLINIC = CLINIC.model_copy(
    update={"product": CLINIC.product.model_copy(update={"ind_number": "IND 012345"})}
)
CLINICS = pytest.mark.parametrize("clinic", [CLINIC, IND_CLINIC], ids=["no_ind", "ind"])


def section_text(document, language: str, section_id: str, clinic=CLINIC) -> str:
    section = show_consent(document, language, clinic).section(section_id)
    return "\n\n".join(section.paragraphs)


def test_the_required_sections_are_there_in_order(consent_document):
    assert [s.id for s in consent_document.definition.sections] == SECTIONS


@CLINICS
@pytest.mark.parametrize("section_id", SECTIONS)
def test_each_english_section_reads_at_grade_8_or_below(consent_document, section_id, clinic):
    text = section_text(consent_document, "en", section_id, clinic)
    assert flesch_kincaid_grade(text) <= MAX_ENGLISH_GRADE


@CLINICS
@pytest.mark.parametrize("section_id", SECTIONS)
def test_each_spanish_section_scores_70_or_more_on_fernandez_huerta(
    consent_document, section_id, clinic
):
    text = section_text(consent_document, "es", section_id, clinic)
    assert fernandez_huerta(text) >= MIN_SPANISH_EASE


def test_the_withdrawal_text_is_as_plain_as_the_consent(consent_document):
    english = "\n\n".join(show_withdrawal(consent_document, "en", CLINIC).paragraphs)
    spanish = "\n\n".join(show_withdrawal(consent_document, "es", CLINIC).paragraphs)
    assert flesch_kincaid_grade(english) <= MAX_ENGLISH_GRADE
    assert fernandez_huerta(spanish) >= MIN_SPANISH_EASE


def test_the_readability_formulas_tell_hard_text_from_plain_text():
    plain = "The shot may not help. It can cause pain. You can say no."
    hard = "Intra-articular administration of extracellular vesicle preparations demonstrated no statistically significant improvement."
    assert flesch_kincaid_grade(plain) < 4
    assert flesch_kincaid_grade(hard) > 12
    assert (
        fernandez_huerta("La inyección puede no ayudar. Puede doler. Usted puede decir que no.")
        > 70
    )
    assert (
        fernandez_huerta(
            "La administración intraarticular de preparaciones vesiculares extracelulares."
        )
        < 40
    )


CLAIMS = [
    r"revers\w* (the effects of )?aging", r"rejuvenat", r"root (problem|cause)", r"safer than",
    r"no downtime", r"unlikely to reject", r"boosts? (your )?immun", r"fires up", r"regenerate and repair",
]  # fmt: skip


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 5]


@pytest.mark.parametrize("claim", CLAIMS)
def test_no_brochure_claim_is_made(consent_document, claim):
    text = show_consent(consent_document, "en", CLINIC).text()
    assert not re.search(claim, text, re.IGNORECASE)


# The brochure's aftercare lines are the clinic's protocol, which the consent may
# repeat as the clinic's own instructions; every other brochure sentence is a claim.
PROTOCOL = ("workouts", "strenuous activity")


def test_no_sentence_repeats_a_brochure_claim(consent_document):
    brochure = [
        s
        for s in sentences(BROCHURE.read_text(encoding="utf-8"))
        if not any(p in s for p in PROTOCOL)
    ]
    consent = sentences(show_consent(consent_document, "en", CLINIC).text())
    close = [
        (ours, theirs)
        for ours in consent
        for theirs in brochure
        if difflib.SequenceMatcher(None, ours.lower(), theirs.lower()).ratio() > 0.6
    ]
    assert close == []


# Wording a review found unsupported, overstated or unclear, and what replaced it.
CORRECTIONS = [
    ("en", "evidence", "there is even less research", "For tendons, and for joints other than the knee, there are only studies in animals, or no good studies in people."),
    ("en", "evidence", "are now testing", "have been set up to test these products"),
    ("en", "alternatives", "Major arthritis guidelines advise these", "All major arthritis guidelines advise these for knee arthritis:"),
    ("en", "alternatives", "Exercise, including tai chi", "One major guideline, from the American College of Rheumatology, also advises:"),
    ("en", "aftercare", "after 2 to 3 days", "Pain or swelling that is severe, or that keeps getting worse instead of better."),
    ("en", "risks", "The product comes from another person's tissue.", "If the product comes from another person's tissue,"),
    ("en", "risks", "reports of tumors and serious infections", "reports of blindness, tumors and serious infections"),
    ("es", "what_it_is", "casi siempre se usan", "por lo general se usan"),
    ("es", "what_it_is", "pueden no ser iguales", "pueden no significar lo mismo"),
    ("es", "benefits", "Esto no se ha visto en las personas.", "Esto no se ha demostrado en personas."),
    ("es", "rights", "No tiene por qué sentir presión", "Nadie debe presionarle para que diga que sí."),
    ("es", "who_should_not", "incluso una aspirina diaria", "incluida una aspirina diaria"),
    ("es", "evidence", "registrado\" con la FDA", "registrado\" ante la FDA"),
    ("es", "risks", "Algunos se conocen y otros tal vez no.", "otros tal vez todavía no se conocen."),
    ("es", "risks", "informes de tumores", "informes de ceguera, tumores e infecciones graves"),
    ("es", "alternatives", "incluido el tai chi", "la del Colegio Americano de Reumatología, también aconseja"),
    ("es", "aftercare", "después de 2 o 3 días", "Dolor o hinchazón muy fuerte, o que sigue empeorando en vez de mejorar."),
]  # fmt: skip


@pytest.mark.parametrize(("language", "section_id", "old", "new"), CORRECTIONS)
def test_corrected_wording_is_what_the_patient_reads(
    consent_document, language, section_id, old, new
):
    text = " ".join(section_text(consent_document, language, section_id).split())
    assert old not in text
    assert new in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_aftercare_still_names_every_sign_of_infection(consent_document, language):
    text = section_text(consent_document, language, "aftercare")
    signs = {
        "en": ["fever", "red, hot and swollen", "pus", "call 911"],
        "es": ["Fiebre", "roja, caliente e hinchada", "pus", "llame al 911"],
    }[language]
    assert [sign for sign in signs if sign not in text] == []


def test_the_quiz_offers_no_risks_as_the_wrong_answer(consent_document):
    [question] = [q for q in consent_document.definition.comprehension if q.id == "name_a_risk"]
    no_risks = next(o for o in question.options if o.value == "no_risks")
    assert no_risks.text == {"en": "There are no risks.", "es": "No hay ningún riesgo."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_without_an_ind_paying_outside_an_fda_study_is_named_a_warning_sign(
    consent_document, language
):
    sign = {"en": "is a warning sign", "es": "es una señal de alerta"}[language]
    assert sign in section_text(consent_document, language, "evidence", CLINIC)
    assert sign not in section_text(consent_document, language, "evidence", IND_CLINIC)
