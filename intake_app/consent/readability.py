"""Reading level of consent text: Flesch-Kincaid grade (English), Fernández-Huerta (Spanish).

Syllables are counted by rule, with no dictionary to download:

- English: vowel groups, plus vowel pairs read as two ("me-di-a", "car-di-o"),
  less a silent final "e" ("used", "comes", "guideline"). Against the CMU
  pronouncing dictionary this was exact for 9 words in 10 of a random 5,000, with
  almost no bias; hyphenation dictionaries (pyphen) undercount ("osteoarthritis"
  as 3, "area" as 1) and make text look easier than it is.
- Spanish: vowel groups, split where two strong vowels meet ("le-er", "á-re-a")
  or an accented í or ú meets a strong one ("dí-a", "re-ú-ne").

A word in capitals (FDA, MRI, DMSO) is read letter by letter. The formulas:

- Flesch-Kincaid grade = 0.39 x words/sentences + 11.8 x syllables/words - 15.59
- Fernández-Huerta, as corrected: 206.84 - 60 x syllables/words - 1.02 x words/sentences
  (the often-quoted version takes sentences per 100 words, so that longer
  sentences would score as easier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

MAX_ENGLISH_GRADE = 8.0
MIN_SPANISH_EASE = 70.0
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")

_EN_GROUP = re.compile(r"[aeiouy]+")
_EN_SPLIT = re.compile(
    r"(?<![tcsxgq])(?<!ll)i(?=[ao])|(?<!p)e(?=o)|(?<=e)o(?=a)|(?<![qg])u(?=[ao])"
    r"|e(?=a$)|[aeiouy](?=ing$)"
)
_EN_SILENT_E = re.compile(r"[^aeiouy]e[sd]?$")
_EN_SOUNDED_E = re.compile(r"(?:[^aeiouy]les?|[sxzcg]es|[cs]hes|[td]ed)$")
_EN_SILENT_E_BEFORE = re.compile(r"[aeiouy][^aeiouy]e(?:ments?|ly|ty|ness|ful|less|lines?|times?)$")

_ES_VOWELS = re.compile(r"[aeiouáéíóúü]+")
_ES_FINAL_Y = re.compile(r"(?<=[aeiou])y$")  # "hoy", "muy": a vowel, part of a diphthong
_ES_STRONG = set("aeoáéó")
_ES_ACCENTED_WEAK = set("íú")
# Letter names with more than one syllable; every other letter is one.
_LETTER_SYLLABLES = {
    "en": {"w": 3},
    "es": {"f": 2, "h": 2, "j": 2, "l": 2, "m": 2, "n": 2, "r": 2, "s": 2, "v": 2, "w": 3,
           "x": 2, "y": 2, "z": 2},
}  # fmt: skip


@dataclass(frozen=True)
class TextCounts:
    words: int
    sentences: int
    syllables: int


def syllables(word: str, language: str) -> int:
    """How many syllables ``word`` has when read aloud in ``language`` ("en" or "es")."""
    if _ACRONYM.match(word):
        letters = _LETTER_SYLLABLES[language]
        return sum(letters.get(letter, 1) for letter in word.rstrip("s").lower())
    if language == "es":
        return spanish_syllables(word)
    return english_syllables(word)


def english_syllables(word: str) -> int:
    w = word.lower()
    count = len(_EN_GROUP.findall(w)) + len(_EN_SPLIT.findall(w))
    if count > 1 and _EN_SILENT_E.search(w) and not _EN_SOUNDED_E.search(w):
        count -= 1
    if count > 1 and _EN_SILENT_E_BEFORE.search(w):
        count -= 1
    return max(1, count)


def spanish_syllables(word: str) -> int:
    w = _ES_FINAL_Y.sub("i", word.lower())
    return max(1, sum(_spanish_nuclei(group) for group in _ES_VOWELS.findall(w)))


def _spanish_nuclei(group: str) -> int:
    """Syllables in one run of vowels: a diphthong is one, a hiatus two."""
    nuclei = 1
    for first, second in pairwise(group):
        both_strong = first in _ES_STRONG and second in _ES_STRONG
        accented_weak = {first, second} & _ES_ACCENTED_WEAK and {first, second} & _ES_STRONG
        nuclei += bool(both_strong or accented_weak)
    return nuclei


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
    return 206.84 - 60 * c.syllables / c.words - 1.02 * c.words / c.sentences


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
