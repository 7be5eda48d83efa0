"""User text reaches the PDF literally, in any script, and nothing is dropped."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from intake_app.chart.text import ARABIC, CJK, LATIN, markup, register_fonts, runs

MARKUP = [
    "<b>x</b>",
    '<img src="/etc/passwd"/>',
    "<font size=80>",
    "Smith & <Jones>",
    "O'Brien <b>bold",
]


def pdf_of(texts: list[str]) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    style = ParagraphStyle("t", fontName=LATIN, fontSize=10, leading=13, splitLongWords=1)
    document = SimpleDocTemplate(buffer, initialFontName=LATIN, invariant=1)
    document.build([Paragraph(markup(text), style) for text in texts])
    return buffer.getvalue()


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is needed (the README and .ci/run install it)"
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("text", MARKUP)
def test_markup_in_an_answer_is_printed_literally(text, tmp_path):
    assert text in pdf_text(pdf_of([f"Answer: {text} end"]), tmp_path)


def test_names_in_four_scripts_all_reach_the_pdf(tmp_path):
    names = ["Zoë Ñúñez-Łódź", "Nguyễn Thị Minh Khai", "王小明", "张伟 (Zhāng Wěi)"]
    text = pdf_text(pdf_of([*names, "محمد عبد الله"]), tmp_path)
    for name in names:
        assert name in text
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf_of(["王小明 محمد"]), capture_output=True, check=True
    ).stdout.decode()
    assert "DroidSansFallback" in fonts and "NotoSansArabic" in fonts


def test_arabic_is_shaped_and_ordered_for_display():
    [(font, _)] = runs("محمد")
    assert font == ARABIC
    shown = markup("محمد")
    assert (
        "\ufee3" in shown or "\ufee4" in shown
    )  # a joined (contextual) form of meem, not the bare letter


def test_scripts_get_their_own_font_and_latin_punctuation_keeps_the_latin_font():
    assert runs("Ana 王小明 (Wang).") == [(LATIN, "Ana "), (CJK, "王小明"), (LATIN, " (Wang).")]
    assert runs("محمد عبد") == [(ARABIC, "محمد عبد")]
    # A space after an Arabic name stays after it once the name is reordered.
    assert runs("محمد Date") == [(ARABIC, "محمد"), (LATIN, " Date")]


def test_a_word_with_no_spaces_wraps_instead_of_running_off_the_page(tmp_path):
    word = "x" * 3000
    text = pdf_text(pdf_of([word]), tmp_path)
    assert text.replace("\n", "").replace(" ", "").count("x") == 3000
