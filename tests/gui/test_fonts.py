"""An emoji in a patient's name shows on the tablet as an emoji, not as a box."""

from __future__ import annotations

from PySide6.QtGui import QImage, QTextLayout
from PySide6.QtWidgets import QLabel

from intake_app.gui.screens.identity import IdentityCheckScreen
from intake_app.kiosk.sample import SAMPLE_PATIENT
from tests.gui.conftest import set_date

NAME = "Zoë 👍🏽😀"  # 👍 is in no font this machine has besides the bundled one
NO_FONT_HAS = "\U000f0001"  # a private-use character: every font draws its box


def glyph_runs(label: QLabel) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of the label's text as Qt lays it out."""
    label.ensurePolished()
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def drawn(text: str, like: QLabel) -> QImage:
    """The text drawn in a label with the font of ``like``."""
    label = QLabel(text)
    label.setFont(like.font())
    label.adjustSize()
    return label.grab().toImage()


def hand_over_greeting(kiosk) -> QLabel:
    kiosk.unlock()
    staff = kiosk.screen
    staff.given_names.setText(NAME)
    staff.family_name.setText("Núñez")
    set_date(staff.birth_date, SAMPLE_PATIENT.date_of_birth.isoformat())
    staff.start.click()
    screen = kiosk.screen
    assert isinstance(screen, IdentityCheckScreen)
    return screen.name


def test_an_emoji_in_the_name_on_the_hand_over_screen_is_drawn_by_the_emoji_font(kiosk):
    # Glyph 0 is a font's "missing" box: every glyph of the greeting must be a real
    # one, the emoji taken from the bundled emoji font (the skin tone shaped into 👍).
    greeting = hand_over_greeting(kiosk)
    assert NAME in greeting.text()
    runs = glyph_runs(greeting)
    assert all(0 not in glyphs for _, glyphs in runs), runs
    assert "Noto Emoji" in {family for family, _ in runs}


def test_an_emoji_does_not_look_like_a_character_no_font_has(kiosk):
    # A box drawn for a missing glyph looks the same whatever the character;
    # the thumbs up must look different from it.
    greeting = hand_over_greeting(kiosk)
    assert drawn("👍", greeting) != drawn(NO_FONT_HAS, greeting)
    assert drawn(NO_FONT_HAS, greeting) == drawn("\U000f0002", greeting)  # the box, twice
