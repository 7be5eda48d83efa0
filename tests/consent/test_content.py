"""The consent says what it must, plainly, and repeats no marketing claim."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from intake_app.consent.document import show_consent
from intake_app.consent.readability import (
    MAX_ENGLISH_GRADE,
    MIN_SPANISH_EASE,
    fernandez_huerta,
    flesch_kincaid_grade,
)
from intake_app.settings import ClinicSettings

# A copy of the clinic's marketing brochure (shared/seed/clinic-brochure.txt): the text to avoid.
BROCHURE = Path(__file__).resolve().parent / "data" / "clinic-brochure.txt"
SECTIONS = [
    "what_it_is",
    "evidence",
    "benefits",
    "risks",
    "who_should_not",
    "alternatives",
    "cost",
    "aftercare",
    "rights",
]
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


def section_text(document, language: str, section_id: str) -> str:
    section = show_consent(document, language, CLINIC).section(section_id)
    return "\n\n".join(section.paragraphs)


def test_the_sections_the_issue_asks_for_are_there_in_order(consent_document):
    assert [s.id for s in consent_document.definition.sections] == SECTIONS


@pytest.mark.parametrize("section_id", SECTIONS)
def test_each_english_section_reads_at_grade_8_or_below(consent_document, section_id):
    assert (
        flesch_kincaid_grade(section_text(consent_document, "en", section_id)) <= MAX_ENGLISH_GRADE
    )


@pytest.mark.parametrize("section_id", SECTIONS)
def test_each_spanish_section_scores_70_or_more_on_fernandez_huerta(consent_document, section_id):
    assert fernandez_huerta(section_text(consent_document, "es", section_id)) >= MIN_SPANISH_EASE


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


MUST_SAY = {
    "evidence": [
        r"not approved by the FDA|No exosome product is approved by the FDA",
        r"salt water",
        r"experimental",
        r"IND",
    ],
    "benefits": [r"may not help"],
    "risks": [r"[Ii]nfection", r"swell", r"faint", r"[Aa]llergic", r"long-term", r"tumors?"],
    "alternatives": [r"no treatment|not to have", r"exercise", r"weight"],
    "cost": [r"\$2,500", r"[Ii]nsurance", r"Medicare"],
    "aftercare": [r"own instructions"],
    "rights": [r"say no", r"copy", r"MedWatch", r"change your mind"],
}


@pytest.mark.parametrize("section_id", sorted(MUST_SAY))
def test_each_section_says_what_a_consent_must_say(consent_document, section_id):
    text = section_text(consent_document, "en", section_id)
    for pattern in MUST_SAY[section_id]:
        assert re.search(pattern, text, re.IGNORECASE), f"{section_id} does not say {pattern!r}"


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
