"""What the nurse typed in the queue's search box: name words, a date of birth, an MRN.

One box takes all three, as the tablet's staff search does: "nunez", "Zoë Núñez",
"1950-03-02", "03/02/1950" or "3/2/1950" (a US clinic writes the month first), or
"mrn-0042". A word that reads as a date is the date of birth; the other words must
all be in the patient's name (accents, case and punctuation ignored). The whole text
may also be an MRN, compared whole and in any case.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from intake_app.storage.patients import search_key
from intake_app.storage.tables import mrn_key

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")  # month, day, year


@dataclass(frozen=True)
class QueueSearch:
    """The search box's text taken apart."""

    name_words: tuple[str, ...] = ()  # each must be in the name (``search_key`` form)
    born: dt.date | None = None
    mrn: str | None = None  # the whole text as an MRN key, when it could be one
    impossible: bool = False  # two different birth dates, or a date that is no day

    @property
    def empty(self) -> bool:
        return not (self.name_words or self.born or self.mrn or self.impossible)

    @property
    def words_can_match_a_name(self) -> bool:
        """Names hold letters: a word of digits only (an MRN that is not on file, a date
        half typed) matches no name, so no intake needs to be read to know it."""
        return all(any(c.isalpha() for c in word) for word in self.name_words)


def read_search(text: str) -> QueueSearch:
    """``text`` as name words, a date of birth and a possible MRN."""
    words, dates, impossible = [], set(), False
    for word in text.split():
        day = _date(word)
        if day is None and _looks_like_a_date(word):
            impossible = True  # "02/30/1950": no such day, so no such patient
        elif day is not None:
            dates.add(day)
        elif key := search_key(word):
            words.append(key)
    if len(dates) > 1:
        impossible = True
    whole = text.strip()
    mrn = mrn_key(whole) if whole and not dates and " " not in whole else None
    born = next(iter(dates)) if len(dates) == 1 else None
    return QueueSearch(tuple(words), born, mrn, impossible)


def _date(word: str) -> dt.date | None:
    """``1950-03-02``, ``03/02/1950`` or ``3/2/1950`` (month first), else None."""
    if match := _ISO.fullmatch(word):
        year, month, day = match.groups()
    elif match := _US.fullmatch(word):
        month, day, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _looks_like_a_date(word: str) -> bool:
    return bool(_ISO.fullmatch(word) or _US.fullmatch(word))
