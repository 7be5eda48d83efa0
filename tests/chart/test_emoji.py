"""Emoji and other characters above U+FFFF: drawn in the chart PDF, and its text layer is exact."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from intake_app.chart.packet import build_packet
from intake_app.chart.text import EMOJI, PLACEHOLDER, glyphs
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from tests.chart.test_packet_layout import content_for, page_texts
from tests.chart.test_text import Word, pdf_fonts, pdf_of, pdf_text, words_of

NAME = "Zoë 😀 Núñez 👍🏽"
SEQUENCES = {
    "red heart, emoji form": "\u2764\ufe0f",
    "family": "👨\u200d👩\u200d👧",
    "flag of Spain": "🇪🇸",
    "keycap one": "1\ufe0f\u20e3",
    "flag of Scotland": "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "nurse, medium skin tone": "🧑🏽\u200d\u2695\ufe0f",
}
RUNIC_FEHU, THAI_KO_KAI = "\u16a0", "\u0e01"
DPI = 80


def flat(text: str) -> str:
    return " ".join(text.split())


def ink_in(page: Path, word: Word) -> int:
    """How many dark pixels the page has inside a word's box."""
    scale = DPI / 72
    box = [round(v * scale) for v in (word.x_min, word.y_min, word.x_max, word.y_max)]
    crop = Image.open(page).convert("L").crop(tuple(box))
    return sum(crop.histogram()[:128])


def first_page_png(pdf: bytes, folder: Path) -> Path:
    source = folder / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile", source,
         folder / "page"],
        check=True,
    )  # fmt: skip
    return folder / "page.png"


def test_a_name_with_emoji_comes_back_exactly_from_every_page_of_the_chart(intake_form):
    # The footer of every page and the summary print the name; 😀 is above U+FFFF,
    # and the skin tone of 👍🏽 is not drawn (the font is monochrome) but is kept.
    content = content_for(intake_form, dict(SAMPLE_ANSWERS), patient_name=NAME)
    pdf = build_packet(content)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    assert all(NAME in page for page in pages)
    fonts = pdf_fonts(pdf)
    assert "NotoEmoji-Regular" in fonts
    assert " no " not in fonts.replace("  ", " ")  # every font embedded


@pytest.mark.parametrize("sequence", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_an_emoji_sequence_keeps_every_character_in_the_text_layer(sequence):
    text = f"before {sequence} after"
    assert text in flat(pdf_text(pdf_of([text])))
    assert PLACEHOLDER not in {g.shown for g in glyphs(text, False, {})}


def test_emoji_are_drawn_in_the_emoji_font_and_a_symbol_asks_for_it_with_u_fe0f():
    fonts = {g.char: g.font for g in glyphs("😀 👍🏽 \u2764\ufe0f 1\ufe0f\u20e3", False, {})}
    assert fonts["😀"] == fonts["👍"] == fonts["\u2764"] == EMOJI
    assert glyphs("\u2764", False, {})[0].font != EMOJI  # the plain heart is text
    assert fonts["1"] != EMOJI  # a keycap's digit: the emoji font's is too thin alone


def test_characters_above_u_ffff_in_the_other_fonts_come_back_as_themselves():
    # Mathematical letters (DejaVu Sans) and Deseret (Droid Sans Fallback) are outside
    # the Basic Multilingual Plane too: the text layer must not turn them into others.
    text = "\U0001d538\U0001d553 \U00010400\U00010428 end"  # 𝔸𝕓 𐐀𐐨
    data = pdf_of([text])
    assert text in flat(pdf_text(data))
    assert "Characters this document cannot show" not in pdf_text(data)


def test_a_character_no_font_has_is_a_visible_placeholder_that_reads_as_itself(tmp_path):
    # The page shows a replacement sign where the runic letter would be; copying
    # the text gives the letter itself, and the note names it.
    data = pdf_of([f"Runic {RUNIC_FEHU} and Thai {THAI_KO_KAI} end"])
    text = flat(pdf_text(data))
    assert f"Runic {RUNIC_FEHU} and Thai {THAI_KO_KAI} end" in text
    assert "Characters this document cannot show: U+16A0 RUNIC LETTER FEHU" in text
    assert "U+0E01 THAI CHARACTER KO KAI" in text
    assert [g.shown for g in glyphs(RUNIC_FEHU, False, {})] == [PLACEHOLDER]
    page, words = first_page_png(data, tmp_path), words_of(data)
    [runic] = [w for w in words if w.text == RUNIC_FEHU]
    assert ink_in(page, runic) > 10  # drawn, not an invisible glyph


def test_an_emoji_is_drawn_in_ink_where_its_text_is(tmp_path):
    data = pdf_of([NAME])
    page, words = first_page_png(data, tmp_path), words_of(data)
    for emoji in ("😀", "👍🏽"):
        [word] = [w for w in words if w.text == emoji]
        assert ink_in(page, word) > 10
