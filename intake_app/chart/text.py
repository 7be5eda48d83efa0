"""Any name or answer, in any script, safely into a PDF paragraph.

User text is escaped before it reaches reportlab's paragraph markup, so
``<b>x</b>`` or ``Smith & <Jones>`` print literally and nothing is dropped or
obeyed. reportlab has no font fallback, so text is cut into runs by script and
each run gets a font that has its letters: DejaVu Sans (Latin with accents,
Vietnamese, Greek, Cyrillic), Noto Sans Arabic (shaped and ordered right to left
first), Droid Sans Fallback (Chinese, Japanese, Korean).
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from intake_app.paths import resources_dir

LATIN, ARABIC, CJK = "IntakeSans", "IntakeArabic", "IntakeCJK"
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_CJK = re.compile(
    r"[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FONT_FILES = {
    LATIN: "DejaVuSans.ttf",
    f"{LATIN}-Bold": "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    f"{ARABIC}-Bold": "NotoSansArabic-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources_dir() / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(LATIN, 0, 0, LATIN)
    addMapping(LATIN, 1, 0, f"{LATIN}-Bold")
    addMapping(LATIN, 0, 1, LATIN)
    addMapping(LATIN, 1, 1, f"{LATIN}-Bold")
    addMapping(ARABIC, 0, 0, ARABIC)
    addMapping(ARABIC, 1, 0, f"{ARABIC}-Bold")
    addMapping(ARABIC, 0, 1, ARABIC)
    addMapping(ARABIC, 1, 1, f"{ARABIC}-Bold")
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)


def script_of(char: str) -> str:
    if _ARABIC.match(char):
        return ARABIC
    if _CJK.match(char):
        return CJK
    return LATIN


def runs(text: str) -> list[tuple[str, str]]:
    """Split text into (font, text) runs.

    Latin punctuation always uses the Latin font (the CJK font lacks some of it, and
    a missing glyph would silently drop a character); a space between Arabic words
    stays in the Arabic run so the phrase is ordered as one.
    """
    found: list[tuple[str, str]] = []
    for char in text:
        font = script_of(char)
        if font == LATIN and char == " " and found and found[-1][0] == ARABIC:
            font = ARABIC
        if found and font == found[-1][0]:
            found[-1] = (font, found[-1][1] + char)
        else:
            found.append((font, char))
    return _spaces_out_of_arabic(found)


def _spaces_out_of_arabic(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Spaces at the end of an Arabic run belong after it, not inside its reordering."""
    result: list[tuple[str, str]] = []
    for font, text in found:
        body = text.rstrip(" ") if font == ARABIC else text
        result.append((font, body))
        if len(body) < len(text):
            result.append((LATIN, text[len(body) :]))
    merged: list[tuple[str, str]] = []
    for font, text in result:
        if merged and merged[-1][0] == font:
            merged[-1] = (font, merged[-1][1] + text)
        elif text:
            merged.append((font, text))
    return merged


def _arabic_display(text: str) -> str:
    """Join Arabic letters into their connected forms and order them for display."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def markup(text: str) -> str:
    """Paragraph markup for user or form text: escaped, line breaks kept, a font per script."""
    clean = _CONTROL.sub("", text.replace("\r\n", "\n"))
    pieces = []
    for font, run in runs(clean):
        shown = _arabic_display(run) if font == ARABIC else run
        escaped = escape(shown).replace("\n", "<br/>")
        pieces.append(escaped if font == LATIN else f'<font name="{font}">{escaped}</font>')
    return "".join(pieces)
