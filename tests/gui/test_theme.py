"""The looks: a button that does nothing yet never looks like one that works."""

from __future__ import annotations

import pytest

from intake_app.gui.theme import PALETTES


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("look", list(PALETTES))
def test_a_disabled_button_is_readable_but_unlike_a_working_one(look):
    colours = PALETTES[look]
    assert contrast(colours["disabled_text"], colours["disabled"]) >= 4.5, "its words readable"
    working = {(colours[b], colours[t]) for b, t in (("button", "button_text"),
                                                      ("primary", "primary_text"))}  # fmt: skip
    assert (colours["disabled"], colours["disabled_text"]) not in working


def test_in_high_contrast_a_disabled_button_is_an_outline_not_a_filled_box():
    colours = PALETTES["high_contrast"]
    assert colours["disabled"] == colours["background"], "no filled grey box that looks tappable"
    assert colours["disabled_text"] != colours["button_text"], "dimmer words than a working one"
