"""User text reaches the PDF literally, in any script, in reading order, and nothing is lost."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape

import pytest

from intake_app.chart.text import (
    ARABIC,
    HANGUL,
    LATIN,
    PLACEHOLDER,
    fitted,
    glyphs,
    register_fonts,
    text_width,
)

MARKUP = [
    "<b>x</b>",
    '<img src="/etc/passwd"/>',
    "<font size=80>",
    "Smith & <Jones>",
    "O'Brien <b>bold",
]
FIRST, LAST = "البداية", "النهاية"  # "the beginning", "the end"
MIRROR = str.maketrans("()", ")(")


@dataclass(frozen=True)
class Word:
    """A word as pdftotext finds it on a page, with its box in points (y grows downwards)."""

    page: int
    text: str  # in the order the glyphs are drawn, left to right
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    @property
    def middle(self) -> float:
        return (self.y_min + self.y_max) / 2

    def reads(self, wanted: str) -> bool:
        """The word is ``wanted``, drawn left to right or (right-to-left text) reversed."""
        drawn = [unicodedata.normalize("NFKC", c) for c in self.text]
        back = "".join(reversed(drawn))
        return wanted in ("".join(drawn), back, back.translate(MIRROR))


def words_of(pdf: bytes) -> list[Word]:
    """Every word of a PDF with its position (``pdftotext -bbox``)."""
    assert shutil.which("pdftotext"), "poppler-utils is needed (the README and .ci/run install it)"
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    found = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            x0, y0, x1, y1, text = match.groups()
            found.append(Word(page, unescape(text), float(x0), float(x1), float(y0), float(y1)))
    return found


def the_word(words: list[Word], wanted: str) -> Word:
    [word] = [w for w in words if w.reads(wanted)]
    return word


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines, top line first."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, w.middle)):
        if lines and lines[-1][0].page == word.page and abs(lines[-1][0].middle - word.middle) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def pdf_of(texts: list[str], *, bold: bool = False) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from intake_app.chart.paragraph import ScriptParagraph

    register_fonts()
    buffer = io.BytesIO()
    font = f"{LATIN}-Bold" if bold else LATIN
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=13)
    document = SimpleDocTemplate(buffer, initialFontName=LATIN, invariant=1)
    document.build([ScriptParagraph(text, style) for text in texts])
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is needed (the README and .ci/run install it)"
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(data: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("text", MARKUP)
def test_markup_in_an_answer_is_printed_literally(text):
    # Escaping keeps user text from being obeyed as reportlab markup or dropped.
    assert text in pdf_text(pdf_of([f"Answer: {text} end"]))


def test_names_in_five_scripts_all_reach_the_pdf_in_their_own_embedded_fonts():
    names = ["Zoë Ñúñez-Łódź", "Nguyễn Thị Minh Khai", "王小明", "张伟 (Zhāng Wěi)", "김민준"]
    data = pdf_of([*names, "محمد عبد الله"])
    text = pdf_text(data)
    for name in names:
        assert name in text
    fonts = pdf_fonts(data)
    for font in ("DejaVuSans", "DroidSansFallback", "NotoSansArabic", "NanumSquare"):
        assert font in fonts
    assert " no " not in fonts.replace("  ", " ")  # every font embedded


def test_a_bold_arabic_heading_uses_the_bold_arabic_font():
    assert "NotoSansArabic-Bold" in pdf_fonts(pdf_of(["محمد عبد الله"], bold=True))


def test_arabic_letters_are_joined_and_vowel_marks_are_kept():
    shown = [g.shown for g in glyphs("مُحَمَّد", False, {})]
    assert "\ufee3" in shown  # meem in its initial (joined) form, not the bare letter
    assert {"\u064f", "\u064e", "\u0651"} <= set(shown)  # damma, fatha and shadda kept
    assert {g.font for g in glyphs("مُحَمَّد", False, {})} == {ARABIC}


def test_korean_gets_a_font_that_has_hangul():
    assert {g.font for g in glyphs("김민준", False, {})} == {HANGUL}


def test_a_character_no_font_has_is_shown_as_a_placeholder_and_named_in_a_note():
    # Thai and Devanagari have no bundled font: they must not vanish silently. Each
    # is drawn as a placeholder whose text layer is the character typed.
    text = " ".join(pdf_text(pdf_of(["Name: สมชาย नमस्ते 👍 end"])).split())
    assert "Name: สมชาย नमस्ते 👍 end" in text
    assert [g.shown for g in glyphs("สมชาย", False, {})] == [PLACEHOLDER] * 5
    assert "Characters this document cannot show: U+0E2A THAI CHARACTER SO SUA" in text
    assert "U+0928 DEVANAGARI LETTER NA" in text and "THUMBS UP" not in text


def test_a_long_name_is_cut_with_an_ellipsis_to_fit_its_width():
    name = "Nguyễn " * 40 + "محمد"
    short = fitted(name, 200, 8)
    assert short.endswith("\u2026") and short.startswith("Nguyễn Nguyễn")
    assert text_width(short, 8) <= 200
    assert fitted("Ana Ruiz", 200, 8) == "Ana Ruiz"


def test_bidi_levels_agree_with_the_older_algorithm_when_the_report_cannot_be_read(monkeypatch):
    # The levels come from python-bidi's report; should a new version change its
    # format, the older algorithm (no bracket pairs) still orders the text.
    from intake_app.chart import text

    line = f"abc {FIRST} 12 {LAST} (x)"
    expected = text.bidi_levels(line)
    assert set(expected) == {0, 1, 2}
    monkeypatch.setattr("bidi.get_display", lambda *args, **kwargs: "unreadable")
    assert text.bidi_levels(line) == expected
