"""What typed text may hold: one rule for the tablet, an answers file and the chart.

The chart prints exactly what was stored, so what cannot be printed as typed is
not stored:

- no control characters: none of C0 (a multi-line answer keeps its line breaks
  and tabs), DEL or C1, no lone surrogate, no noncharacter;
- one line means one line: no line break in disguise (CR, NEL U+0085, LINE and
  PARAGRAPH SEPARATOR U+2028/U+2029, vertical tab, form feed);
- identifiers (a name, an MRN, the name typed at signing, a staff member's name)
  hold no invisible formatting character: a direction control such as U+202E
  would turn "Ana Smith" into "htimS anA" and reorder the text around it, and a
  zero-width space makes two names that look the same differ. The zero-width
  joiner and non-joiner stay: Persian and Indic names need them;
- text of only spaces and invisible characters says nothing: it is blank, as an
  empty answer is (the chart prints "Not answered", not a blank);
- dates are written with the digits 0-9 only.

Patient text put next to other text (the footer's "name | date of birth | MRN")
is ``isolated``: whatever it holds cannot reorder anything outside it.
"""

from __future__ import annotations

import enum
import re
import unicodedata

ZERO_WIDTH_NON_JOINER, ZERO_WIDTH_JOINER = "\u200c", "\u200d"
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
_ISOLATE_STARTS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
_LINE_SEPARATORS = frozenset("\u2028\u2029")
# Invisible although not of the format category: variation selectors, the combining
# grapheme joiner, Mongolian selectors and Hangul fillers.
_INVISIBLE = re.compile(
    r"[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    r"\U000e0100-\U000e01ef]"
)


class TextProblem(enum.Enum):
    """What is wrong with a typed text; the caller says it in the reader's words."""

    CONTROL = "control"  # a control code, lone surrogate or noncharacter
    LINE_BREAK = "line_break"  # a line break in text of one line
    INVISIBLE = "invisible"  # an invisible formatting character in an identifier


def text_problem(text: str, *, one_line: bool, identifier: bool = False) -> TextProblem | None:
    """None when ``text`` may be stored as typed, else the first thing wrong with it."""
    for char in text:
        problem = _char_problem(char, one_line, identifier)
        if problem is not None:
            return problem
    return None


def _char_problem(char: str, one_line: bool, identifier: bool) -> TextProblem | None:
    category = unicodedata.category(char)
    if char == "\t":
        return TextProblem.CONTROL if identifier else None  # an answer's tab prints as a space
    if char == "\n":
        return TextProblem.LINE_BREAK if one_line else None
    if char in _LINE_SEPARATORS or char in "\r\x0b\x0c\x85":
        return TextProblem.LINE_BREAK if one_line else _multi_line_break(char)
    if category in ("Cc", "Cs") or _noncharacter(char):
        return TextProblem.CONTROL
    if identifier and invisible(char) and char not in (ZERO_WIDTH_NON_JOINER, ZERO_WIDTH_JOINER):
        return TextProblem.INVISIBLE
    return None


def _multi_line_break(char: str) -> TextProblem | None:
    """A long answer breaks its lines with a newline; the separators print as one too."""
    return None if char in _LINE_SEPARATORS else TextProblem.CONTROL


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def invisible(char: str) -> bool:
    """A character that draws nothing and takes no room (a format character, a selector)."""
    return unicodedata.category(char) == "Cf" or bool(_INVISIBLE.match(char))


def says_nothing(text: str) -> bool:
    """Only spaces and invisible characters (or nothing at all)."""
    return all(char.isspace() or invisible(char) for char in text)


def without_invisible(text: str) -> str:
    """``text`` with the characters an identifier may not hold taken out (the tablet's name
    fields refuse them as they are typed or pasted: they cannot be seen, so nothing seen
    changes)."""
    return "".join(
        char for char in text if _char_problem(char, one_line=True, identifier=True) is None
    )


def isolated(text: str) -> str:
    """``text`` as a unit that nothing inside can reorder anything outside of (Unicode
    bidi isolates, UAX #9): a stray "pop" inside is dropped and an isolate left open
    inside is closed, so the closing isolate really closes the text."""
    kept: list[str] = []
    open_isolates = 0
    for char in text:
        if char in _ISOLATE_STARTS:
            open_isolates += 1
        elif char == POP_DIRECTIONAL_ISOLATE:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(char)
    inner = "".join(kept) + POP_DIRECTIONAL_ISOLATE * open_isolates
    return f"{FIRST_STRONG_ISOLATE}{inner}{POP_DIRECTIONAL_ISOLATE}"
