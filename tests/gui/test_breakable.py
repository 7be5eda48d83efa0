"""Long words wrap instead of widening the page, but a name wraps only where it may."""

from __future__ import annotations

from intake_app.gui.text_wrap import BREAK_CHANCE, breakable

GREEK = "Αλεξάνδρα-Παρασκευή Παπαδοπούλου-Κωνσταντινίδου"


def test_a_double_barrelled_name_is_never_broken_inside_either_name():
    # Each part is shorter than the longest unbroken run; the hyphen is where it wraps.
    assert breakable(GREEK) == GREEK


def test_a_long_pasted_link_may_break_every_few_characters():
    link = "https://clinic.example.org/a/very/long/path/without/spaces"
    broken = breakable(link)
    assert broken.replace(BREAK_CHANCE, "") == link
    assert all(len(run) <= 16 for run in broken.split(BREAK_CHANCE))


def test_a_very_long_part_of_a_hyphenated_word_still_breaks():
    word = "x" * 20 + "-short"
    assert breakable(word) == "x" * 16 + BREAK_CHANCE + "x" * 4 + "-short"
