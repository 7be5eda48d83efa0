"""The reading-level check counts syllables like a reader and scores shorter sentences as easier."""

from __future__ import annotations

import pytest

from intake_app.consent.readability import (
    fernandez_huerta,
    flesch_kincaid_grade,
    syllables,
)

# Syllable counts from the CMU pronouncing dictionary, for words a consent uses.
ENGLISH = {
    "osteoarthritis": 6, "area": 3, "ibuprofen": 4, "experimental": 5, "extracellular": 5,
    "vesicles": 3, "placebo": 3, "infection": 3, "cartilage": 3, "medicine": 3, "approved": 2,
    "guidelines": 2, "tissue": 2, "being": 2, "serious": 3, "usual": 3, "cardio": 3,
    "anemia": 4, "replacement": 3, "safely": 2, "steroid": 2, "immune": 2, "particles": 3,
    "arthritis": 3, "studies": 2, "needles": 2, "examples": 3, "comes": 1, "evidence": 3,
    "available": 4, "inflammation": 4, "people": 2, "the": 1,
}  # fmt: skip
# Spanish syllables by the rules of the language: a hiatus is two, a diphthong one.
SPANISH = {
    "día": 2, "leer": 2, "área": 3, "reacción": 3, "osteoartritis": 6, "todavía": 4,
    "continúa": 4, "guías": 2, "cuidado": 3, "ciudad": 2, "inyección": 3,
    "articulación": 5, "ibuprofeno": 5, "hoy": 1, "muy": 1, "que": 1, "y": 1,
}  # fmt: skip


def test_english_syllables_match_the_dictionary_for_consent_words():
    counted = {word: syllables(word, "en") for word in ENGLISH}
    wrong = {word: (n, ENGLISH[word]) for word, n in counted.items() if n != ENGLISH[word]}
    assert wrong == {}


def test_spanish_syllables_follow_hiatus_and_diphthong_rules():
    counted = {word: syllables(word, "es") for word in SPANISH}
    assert counted == SPANISH


@pytest.mark.parametrize(
    ("word", "language", "count"),
    [("FDA", "en", 3), ("MRI", "en", 3), ("EVs", "en", 2), ("FDA", "es", 4), ("DMSO", "es", 6)],
)
def test_a_word_in_capitals_is_read_letter_by_letter(word, language, count):
    assert syllables(word, language) == count


LONG = (
    "La inyección se pone en la rodilla con una aguja fina después de limpiar la piel "
    "con cuidado y de explicarle a usted cada paso del tratamiento que va a recibir hoy."
)
SPLIT = (
    "La inyección se pone en la rodilla con una aguja fina. Antes, limpiamos la piel "
    "con cuidado. Le explicamos cada paso del tratamiento que va a recibir hoy."
)


def test_splitting_a_long_spanish_sentence_makes_it_score_easier():
    assert fernandez_huerta(SPLIT) > fernandez_huerta(LONG) + 10


def test_fernandez_huerta_is_the_corrected_formula():
    # Ma-ña-na to-ma-mos cua-tro pas-ti-llas blan-cas jun-tos: 6 words, 15 syllables, 1 sentence
    assert fernandez_huerta("Mañana tomamos cuatro pastillas blancas juntos.") == pytest.approx(
        206.84 - 60 * 15 / 6 - 1.02 * 6
    )


def test_splitting_a_long_english_sentence_lowers_the_grade():
    long = "The shot goes into your knee with a thin needle after we clean the skin and tell you each step."
    split = "The shot goes into your knee with a thin needle. First we clean the skin. We tell you each step."
    assert flesch_kincaid_grade(split) < flesch_kincaid_grade(long) - 2
