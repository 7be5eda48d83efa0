"""Reading level of consent text: Flesch-Kincaid grade (English), Fernández-Huerta (Spanish).

Syllables are counted from hyphenation (pyphen's dictionaries, which ship with
the package, so nothing is downloaded): each hyphenated part with a vowel is one
syllable. The formulas are the published ones:

- Flesch-Kincaid grade = 0.39 x words/sentences + 11.8 x syllables/words - 15.59
- Fernández-Huerta = 206.84 - 0.60 x syllables per 100 words - 1.02 x sentences per 100 words
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

MAX_ENGLISH_GRADE = 8.0
MIN_SPANISH_EASE = 70.0
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWEL = re.compile(r"[aeiouyáéíóúüAEIOUYÁÉÍÓÚÜ]")
_HYPHENATION = {"en": "en_US", "es": "es"}


@dataclass(frozen=True)
class TextCounts:
    words: int
    sentences: int
    syllables: int


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_HYPHENATION[language], left=1, right=1)


def syllables(word: str, language: str) -> int:
    parts = _dictionary(language).inserted(word.lower()).split("-")
    return max(1, sum(1 for part in parts if _VOWEL.search(part)))


def counts(text: str, language: str) -> TextCounts:
    words = _WORD.findall(text)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    return TextCounts(len(words), sentences, sum(syllables(w, language) for w in words))


def flesch_kincaid_grade(text: str) -> float:
    c = counts(text, "en")
    if not c.words:
        return 0.0
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def fernandez_huerta(text: str) -> float:
    c = counts(text, "es")
    if not c.words:
        return 100.0
    return 206.84 - 0.60 * (100 * c.syllables / c.words) - 1.02 * (100 * c.sentences / c.words)


def readability_problem(text: str, language: str) -> str | None:
    """Why ``text`` is too hard for a consent, or None when it is plain enough."""
    if language == "en":
        grade = flesch_kincaid_grade(text)
        if grade > MAX_ENGLISH_GRADE:
            return f"reads at grade {grade:.1f} (Flesch-Kincaid); keep consent text at 8 or lower"
    elif language == "es":
        ease = fernandez_huerta(text)
        if ease < MIN_SPANISH_EASE:
            return f"Fernández-Huerta ease {ease:.0f}; keep Spanish consent text at 70 or above"
    return None
