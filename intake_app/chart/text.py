"""Any name or answer, in any script, into the chart PDF: in reading order, shown or named.

User text never reaches reportlab's paragraph markup: a ``ScriptParagraph`` (in
``paragraph``) draws it as plain runs of text, so ``<b>x</b>`` or
``Smith & <Jones>`` print literally and nothing is dropped or obeyed.

Here text becomes glyphs in logical (reading) order, each measured in the font
that will draw it and given its level from the Unicode bidirectional algorithm
(python-bidi, which resolves bracket pairs). ``lines`` breaks them into lines
and only then puts each line in visual order: Arabic and Hebrew read right to
left, numbers and punctuation between Arabic words stay where they belong,
brackets are mirrored, and a wrapped paragraph reads from its first line to its
last. Arabic letters are joined into their connected forms first, vowel marks kept.

reportlab has no font fallback, so each character gets the first bundled font
that has it, its own script's font first: DejaVu Sans (Latin with accents,
Vietnamese, Greek, Cyrillic, Hebrew), Noto Sans Arabic, Droid Sans Fallback
(Chinese, Japanese), NanumSquare (Korean Hangul), Noto Emoji (emoji, in outline;
also a symbol such as ❤ followed by the emoji selector U+FE0F). A character that
no bundled font has (Thai, Devanagari, runic...) prints as U+FFFD and is named in
a note under the text: nothing vanishes silently. Fonts other than DejaVu load
the first time a character needs them.

The text layer (copy, search, ``pdftotext``) gives back what was typed: a
placeholder carries the character it stands for, and an emoji carries what it
swallowed without a glyph of its own (skin tone, variation selector, the joiner
of a sequence such as 👨‍👩‍👧), as ``Glyph.actual``; ``ScriptParagraph`` writes it
as the glyph's ActualText.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from typing import Any, NamedTuple

from intake_app.paths import resources_dir

LATIN, ARABIC, CJK, HANGUL = "IntakeSans", "IntakeArabic", "IntakeCJK", "IntakeHangul"
EMOJI = "IntakeEmoji"
FALLBACK_ORDER = (LATIN, ARABIC, CJK, HANGUL, EMOJI)
FONT_FILES = {
    LATIN: "DejaVuSans.ttf",
    f"{LATIN}-Bold": "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    f"{ARABIC}-Bold": "NotoSansArabic-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumSquareR.ttf",
    f"{HANGUL}-Bold": "NanumSquareB.ttf",
    EMOJI: "NotoEmoji-Regular.ttf",
}
PLACEHOLDER = "\ufffd"
# The note's words, in the language(s) of the document being built (set by the builder).
UNSHOWN_NOTE: ContextVar[str] = ContextVar(
    "unshown_note", default="Characters this document cannot show"
)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_HANGUL = re.compile(r"[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF]")
_CJK = re.compile(
    r"[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u3190-\u31FF\u3400-\u4DBF"
    r"\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\U00020000-\U0003FFFF]"
)
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF]")  # emoji shown as emoji even with no selector
_EMOJI_SELECTOR = "\ufe0f"
_VARIATION = re.compile(r"[\ufe00-\ufe0f\U000E0100-\U000E01EF]")
_SKIN_TONE = re.compile(r"[\U0001F3FB-\U0001F3FF]")
_TAG = re.compile(r"[\U000E0020-\U000E007F]")  # spells a region in a flag such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿
_JOINER = "\u200d"  # joins emoji into one, as in 👨‍👩‍👧
_KEYCAP = "\u20e3"  # makes 1️⃣ of a digit
# Every character that ``_clustered`` acts on: a line without one is left as it is.
_CLUSTERING = re.compile(r"[\ufe00-\ufe0f\u200d\u20e3\U0001F3FB-\U0001F3FF\U000E0020-\U000E01EF]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[\t\x1f\u1680\u2000-\u200a\u202f\u205f\u3000]")  # reportlab's whitespace
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f]")
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
_LEVEL = re.compile(r"Level\(\s*(\d+)")


class Glyph(NamedTuple):
    """One character: as typed (for ordering), as drawn, its font and bidi level.

    ``actual`` is what the text layer must give back for the glyph when that is
    not what is drawn: the character behind a placeholder, or an emoji with the
    characters it swallowed; "" when the drawn text is the text.
    """

    char: str
    shown: str  # "" for an invisible formatting character
    font: str
    level: int = 0
    actual: str = ""


# -- fonts -------------------------------------------------------------------


def register_fonts() -> None:
    """Register the Latin fonts every document uses; other scripts load when first needed."""
    _font(LATIN)
    _font(f"{LATIN}-Bold")


def variant(family: str, bold: bool) -> str:
    name = f"{family}-Bold"
    return name if bold and name in FONT_FILES else family


@cache
def _font(name: str) -> Any:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from intake_app.chart.truetype import TextLayerFont

    font = TextLayerFont(name, str(resources_dir() / "fonts" / FONT_FILES[name]))
    pdfmetrics.registerFont(font)
    family = name.removesuffix("-Bold")
    for bold in (0, 1):
        if variant(family, bool(bold)) == name:
            for italic in (0, 1):
                addMapping(family, bold, italic, name)
    return font


def script_of(char: str) -> str:
    """The family meant for a character's script (its first choice of font)."""
    for family, pattern in ((ARABIC, _ARABIC), (HANGUL, _HANGUL), (CJK, _CJK), (EMOJI, _EMOJI)):
        if pattern.match(char):
            return family
    return LATIN


@cache
def font_for(char: str, bold: bool = False) -> str | None:
    """The first bundled font that has the character, its script's font first; None if none."""
    for family in dict.fromkeys((script_of(char), *FALLBACK_ORDER)):
        for name in dict.fromkeys((variant(family, bold), family)):
            if _has(name, char):
                return name
    return None


@cache
def _advance(char: str, font: str) -> float:
    """Width of a character at 1 pt."""
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(char, font, 1000)) / 1000


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or bool(_VARIATION.match(char))


# -- logical text: cleaned, shaped, a font per character, bidi levels ------------


def clean(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    return _CONTROL.sub("", _SPACES.sub(" ", text)).strip()


def _reshape(line: str) -> str:
    """Arabic letters in their joined forms; vowel marks are kept, not deleted."""
    if not _ARABIC.search(line):
        return line
    return str(_reshaper().reshape(line))


@cache
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


def glyphs(line: str, bold: bool, unshown: dict[str, None]) -> list[Glyph]:
    """One line of logical text as glyphs; characters no font has are added to ``unshown``."""
    shaped = _reshape(line)
    found = list(map(_GLYPHS[bold].__getitem__, shaped))
    if _CLUSTERING.search(shaped):
        found = _clustered(found)
    for glyph in found:
        if glyph.shown == PLACEHOLDER != glyph.char:
            unshown[glyph.char] = None
    if any(_direction(char) in _RIGHT_TO_LEFT for char in set(shaped)):
        levels = bidi_levels(shaped)
        found = [g._replace(level=level) for g, level in zip(found, levels, strict=True)]
    return found


class _Glyphs(dict[str, Glyph]):
    """Each character's glyph, found the first time it is asked for (a lookup in C after)."""

    def __init__(self, bold: bool) -> None:
        super().__init__()
        self.bold = bold

    def __missing__(self, char: str) -> Glyph:
        self[char] = found = _glyph(char, self.bold)
        return found


class _Advances(dict[Glyph, float]):
    """Each glyph's width at 1 pt, 0 for a glyph not drawn; measured the first time.

    A glyph with its own text layer is not kept: what it holds came from someone's text.
    """

    def __missing__(self, glyph: Glyph) -> float:
        width = _advance(glyph.shown, glyph.font) if glyph.shown else 0.0
        if not glyph.actual:
            self[glyph] = width
        return width


_GLYPHS = {False: _Glyphs(False), True: _Glyphs(True)}
_ADVANCES = _Advances()


def width_of(line: list[Glyph], size: float) -> float:
    """Width of a line of glyphs at ``size`` pt."""
    return sum(advances(line)) * size


def advances(line: list[Glyph]) -> list[float]:
    """Each glyph's width at 1 pt; 0 for a glyph not drawn."""
    return list(map(_ADVANCES.__getitem__, line))


@cache
def _glyph(char: str, bold: bool) -> Glyph:
    if char == " ":
        return Glyph(char, char, variant(LATIN, bold))
    if _invisible(char):
        return Glyph(char, "", variant(LATIN, bold))
    font = font_for(char, bold)
    if font is None:
        return Glyph(char, PLACEHOLDER, variant(LATIN, bold), actual=char)
    return Glyph(char, char, font)


def _clustered(found: list[Glyph]) -> list[Glyph]:
    """Emoji in the emoji font, each with the characters that have no glyph of their own.

    A symbol followed by U+FE0F asks for its emoji form (a digit of a keycap stays
    in the text font: reportlab cannot draw the font's keycap ligature). A
    variation selector, a keycap, a flag's tags, and after an emoji its skin tone
    (Noto Emoji is monochrome: its own ligature for 👍🏽 is 👍) and the joiner of a
    sequence are not drawn: they join the text layer of the glyph before them, so
    the text layer keeps every one.
    """
    following: list[Glyph | None] = [*found[1:], None]
    found = [_emoji_form(glyph, after) for glyph, after in zip(found, following, strict=False)]
    drawn: int | None = None  # index of the last glyph drawn
    for index, glyph in enumerate(found):
        if drawn is not None and _joins(glyph.char, found[drawn].font == EMOJI):
            before = found[drawn]
            found[drawn] = before._replace(actual=(before.actual or before.char) + glyph.char)
            found[index] = glyph._replace(shown="")
        elif glyph.shown and glyph.char != " ":
            drawn = index
        else:
            drawn = None
    return found


def _emoji_form(glyph: Glyph, after: Glyph | None) -> Glyph:
    asked = after is not None and after.char == _EMOJI_SELECTOR and not glyph.char.isascii()
    if asked and glyph.shown and _has(EMOJI, glyph.char):
        return glyph._replace(font=EMOJI)
    return glyph


def _joins(char: str, after_emoji: bool) -> bool:
    """The character belongs to the glyph before it and is not drawn itself."""
    if _VARIATION.match(char) or _TAG.match(char) or char == _KEYCAP:
        return True
    return after_emoji and (char == _JOINER or bool(_SKIN_TONE.match(char)))


def _has(name: str, char: str) -> bool:
    return bool(_font(name).face.charToGlyph.get(ord(char)))


_direction = cache(unicodedata.bidirectional)


def bidi_levels(text: str) -> list[int]:
    """Resolved bidi embedding levels of one paragraph, one per character (UBA to rule I2)."""
    from bidi import get_base_level, get_display

    rtl = get_base_level(text) == 1
    report = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
    per_byte = [int(n) for n in _LEVEL.findall(report.partition("levels:")[2].split("]")[0])]
    sizes = [len(char.encode()) for char in text]
    if len(per_byte) != sum(sizes):
        return _levels_without_brackets(text, rtl)
    levels, offset = [], 0
    for size in sizes:
        levels.append(per_byte[offset])
        offset += size
    return levels


def _levels_without_brackets(text: str, rtl: bool) -> list[int]:
    """python-bidi's older algorithm, for a version whose report cannot be read."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [storage["base_level"]] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    return levels


# -- notes, and text on one line --------------------------------------------------


def unshown_note(unshown: Iterable[str]) -> str:
    """The note printed under text with characters that no bundled font can draw."""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '(unnamed)')}" for c in unshown)
    return f"[{UNSHOWN_NOTE.get()}: {names}]"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of text set on one line, as a ``ScriptParagraph`` would draw it."""
    return max(width_of(glyphs(line, bold, {}), size) for line in clean(text).split("\n"))


def fitted(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text on one line, cut at its end with an ellipsis if it would not fit."""
    flat = " ".join(clean(text).split())
    if text_width(flat, size, bold) <= width:
        return flat
    low, high = 0, len(flat)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(flat[:middle].rstrip() + "\u2026", size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return flat[:low].rstrip() + "\u2026"
