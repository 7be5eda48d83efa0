"""The consent says what it must, plainly, and repeats no marketing claim."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
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
    ("en", "alternatives", "All major arthritis guidelines advise these", "Three major arthritis guidelines advise these for knee arthritis:"),
    # Only the ACR guideline is sourced as advising against stem-cell shots and PRP.
    ("en", "alternatives", "Major arthritis guidelines advise against", "The same guideline advises against stem-cell shots and PRP"),
    ("es", "alternatives", "Las guías principales aconsejan no usar", "Esa misma guía aconseja no usar inyecciones de células madre ni de PRP"),
    # Knee replacement timing is the ACR/AAHKS 2023 guideline, not the ACR's 2019 list.
    ("en", "alternatives", "Knee replacement surgery, when other care has not helped. If", "A guideline from the American College of Rheumatology and the American Association of Hip and Knee Surgeons advises this"),
    ("en", "alternatives", "Exercise, including tai chi", "One of these guidelines, from the American College of Rheumatology, also advises:"),
    ("en", "aftercare", "after 2 to 3 days", "Pain or swelling that is severe, or that keeps getting worse instead of better."),
    ("en", "risks", "If the product comes from another person's tissue,", "This product is made from another person's tissue."),
    ("en", "what_it_is", "It is made from donated placenta tissue.", "It is a biologic. This means it is made from living material. It is made from human tissue that another person donated: donated placenta tissue."),
    ("en", "risks", "reports of tumors and serious infections", "reports of blindness, tumors and serious infections"),
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


ABSURD = [r"no risks", r"always cures", r"ningún riesgo", r"siempre quita"]


def test_the_quiz_asks_what_the_text_taught_with_believable_wrong_options(consent_document):
    questions = {q.id: q for q in consent_document.definition.comprehension}
    # The saline trial's result, an alternative and what to do about a fever are asked.
    assert {"saline_trial", "another_choice", "fever_after"} <= set(questions)
    for question in questions.values():
        assert len(question.options) >= 3
        for option in question.options:
            for text in option.text.values():
                assert not any(re.search(a, text, re.IGNORECASE) for a in ABSURD), text


def test_the_right_answers_do_not_repeat_the_texts_own_words(consent_document):
    # Teach-back: the right option says it differently; a patient cannot match it by eye.
    shown = show_consent(consent_document, "en", CLINIC)
    body = {s.id: " ".join(s.paragraphs).lower() for s in shown.sections}
    for question in consent_document.definition.comprehension:
        right = next(o for o in question.options if o.value == question.correct)
        assert right.text["en"].lower().rstrip(".") not in body[question.section], question.id


DOSE = {"en": "about 1 billion particles", "es": "unos mil millones de partículas"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_dose_is_printed_unless_the_clinic_sets_one(consent_document, language):
    text = section_text(consent_document, language, "what_it_is")
    assert "1 billion" not in text and "mil millones de partículas" not in text
    assert "500" not in text  # the comparison comes with the clinic's own dose
    dosed = CLINIC.model_copy(update={"product": CLINIC.product.model_copy(update={"dose": DOSE})})
    text = section_text(consent_document, language, "what_it_is", dosed)
    assert DOSE[language] in text
    compared = {"en": "2 billion to 500 billion", "es": "2 mil millones a 500 mil millones"}
    assert compared[language] in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_risks_name_a_disease_passed_on_from_the_donor(consent_document, language):
    text = section_text(consent_document, language, "risks")
    said = {"en": "passed on from the donor", "es": "transmitida por la persona donante"}
    assert said[language] in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_choosing_no_treatment_is_explained(consent_document, language):
    text = section_text(consent_document, language, "alternatives")
    meaning = {"en": "If you choose no treatment", "es": "Si elige no hacer ningún tratamiento"}
    assert meaning[language] in text


def test_a_maker_ending_in_a_full_stop_is_not_printed_with_two(consent_document):
    clinic = CLINIC.model_copy(
        update={"product": CLINIC.product.model_copy(update={"manufacturer": "Acme Inc."})}
    )
    text = section_text(consent_document, "en", "what_it_is", clinic)
    assert "The maker is Acme Inc." in text and "Inc.." not in text


STUDY = {
    "ind_number": "IND 012345",
    "irb_name": "Western Review Board",
    "irb_contact": "(555) 010-7700",
    "study_description": {
        "en": "Three visits and a knee X-ray.",
        "es": "Tres visitas y una radiografía.",
    },
    "study_duration": {"en": "12 months", "es": "12 meses"},
    "research_contact": "Dr. Lee, (555) 010-2000",
    "nct_number": "NCT01234567",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_a_study_the_research_rights_are_complete(consent_document, language):
    clinic = CLINIC.model_copy(update={"product": CLINIC.product.model_copy(update=STUDY)})
    text = section_text(consent_document, language, "rights", clinic)
    for value in ("Western Review Board", "(555) 010-7700", "Dr. Lee, (555) 010-2000"):
        assert value in text
    assert STUDY["study_description"][language] in text
    assert STUDY["study_duration"][language] in text
    assert {"en": "learn something new", "es": "nos enteramos de algo nuevo"}[language] in text
    assert "ClinicalTrials.gov" in text and "NCT01234567" in text


def test_a_study_not_listed_on_clinicaltrials_gov_makes_no_claim_about_it(consent_document):
    # 50.25(c) applies to applicable clinical trials; a Phase 1 study is not one, and the
    # statement "as required by U.S. Law" would then be false.
    unlisted = STUDY | {"nct_number": ""}
    clinic = CLINIC.model_copy(update={"product": CLINIC.product.model_copy(update=unlisted)})
    text = section_text(consent_document, "en", "rights", clinic)
    assert "ClinicalTrials.gov" not in text and "{" not in text


def test_the_registration_statement_gets_the_clinics_values_too(consent_document):
    # a clinic's own wording may name the clinic, as every other text of the consent may
    wording = {"en": "{clinic_name} listed this study as {nct_number}.", "es": "{nct_number}."}
    definition = consent_document.definition.model_copy(update={"trial_registration": wording})
    document = replace(consent_document, definition=definition)
    clinic = CLINIC.model_copy(update={"product": CLINIC.product.model_copy(update=STUDY)})
    text = section_text(document, "en", "rights", clinic)
    assert "Riverside Joint Clinic listed this study as NCT01234567." in text


def test_the_clinicaltrials_statement_is_the_regulations_word_for_word(consent_document):
    from intake_app.consent.check import CLINICALTRIALS_STATEMENT

    clinic = CLINIC.model_copy(update={"product": CLINIC.product.model_copy(update=STUDY)})
    assert CLINICALTRIALS_STATEMENT in section_text(consent_document, "en", "rights", clinic)


@pytest.mark.parametrize("language", ["en", "es"])
def test_when_the_study_pays_the_patient_is_not_told_to_pay(consent_document, language):
    paid = CLINIC.model_copy(
        update={"product": CLINIC.product.model_copy(update=STUDY | {"study_pays": True})}
    )
    text = section_text(consent_document, language, "cost", paid)
    assert {"en": "The study pays for this shot", "es": "El estudio paga"}[language] in text
    assert "$2,500" not in text
    assert {"en": "You pay for this shot yourself", "es": "de su bolsillo"}[language] not in text
    shown = show_consent(consent_document, language, paid)
    assert shown.study_pays


@pytest.mark.parametrize("language", ["en", "es"])
def test_without_an_ind_paying_outside_an_fda_study_is_named_a_warning_sign(
    consent_document, language
):
    sign = {"en": "is a warning sign", "es": "es una señal de alerta"}[language]
    assert sign in section_text(consent_document, language, "evidence", CLINIC)
    assert sign not in section_text(consent_document, language, "evidence", IND_CLINIC)
