"""Text is broken into lines in reading order and each line is drawn in visual order:
right-to-left text reads from its first line to its last, and no word runs off the page."""

from __future__ import annotations

from tests.chart.test_text import FIRST, LAST, lines_of, pdf_of, pdf_text, the_word, words_of

FILLER = " ".join(["الألم في الركبة"] * 30)  # "the pain in the knee", thirty times


def test_a_wrapped_arabic_paragraph_reads_right_to_left_from_its_first_line_to_its_last():
    # Lines are broken in reading order and each line is then put in visual order, so
    # the first word opens line 1 on the right and the last word ends the last line on
    # the left; the number stays left to right; the brackets are mirrored.
    words = words_of(pdf_of([f"{FIRST} (65) {FILLER} ({LAST})"]))
    lines = lines_of(words)
    assert len(lines) >= 4
    first, number = the_word(words, FIRST), the_word(words, "(65)")
    last = the_word(words, f"({LAST})")
    assert first in lines[0] and first.x_max == max(w.x_max for w in lines[0])
    assert number in lines[0] and number.x_max < first.x_min
    assert number.text == "(65)"  # digits left to right, each bracket mirrored
    assert last in lines[-1] and last.x_min == min(w.x_min for w in lines[-1])
    assert last.text[0] == "(" and last.text[-1] == ")"  # mirrored: it encloses the word


def test_a_latin_line_with_an_arabic_name_keeps_each_script_in_its_direction():
    words = words_of(pdf_of(["Patient: Ana محمد علي (12) Smith"]))
    order = ["Patient:", "Ana", "(12)", "علي", "محمد", "Smith"]  # left to right on the page
    positions = [the_word(words, w).x_min for w in order]
    assert positions == sorted(positions)


def test_numbers_and_punctuation_between_arabic_words_stay_in_place():
    words = words_of(pdf_of([f"{FIRST} 65 {LAST}", f"{FIRST}, {LAST}"]))
    first_line, second_line = lines_of(words)
    for line in (first_line, second_line):
        start = next(w for w in line if w.reads(FIRST) or w.reads(FIRST + ","))
        end = next(w for w in line if w.reads(LAST))
        assert end.x_max < start.x_min  # the first word is read first: on the right
    assert the_word(words, "65").x_max < the_word(words, FIRST).x_min


def test_a_word_with_no_spaces_wraps_instead_of_running_off_the_page():
    word = "x" * 3000
    text = pdf_text(pdf_of([word]))
    assert text.replace("\n", "").replace(" ", "").count("x") == 3000


def test_chinese_wraps_between_characters_and_keeps_every_one():
    sentence = "下雨时更痛。" * 40
    words = words_of(pdf_of([sentence]))
    assert len(lines_of(words)) >= 3
    assert "".join(w.text for w in words) == sentence
