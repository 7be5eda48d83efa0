"""The fonts the app ships with, made known to Qt.

The tablet may have no emoji font at all: an emoji in a name or an answer then
shows as a box. The bundled Noto Emoji (monochrome outlines, the font the chart
PDF uses too) is loaded and made Qt's emoji font, so Qt draws every emoji and
emoji sequence with it, the same on every tablet (Qt shapes a sequence such as
👍🏽 itself).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from intake_app.paths import resources_dir

LOG = logging.getLogger(__name__)
EMOJI_FILE = "NotoEmoji-Regular.ttf"
EMOJI_FAMILY = "Noto Emoji"


def register_fonts() -> None:
    """Load the bundled emoji font and make it Qt's emoji font (once per application)."""
    if EMOJI_FAMILY in QFontDatabase.applicationEmojiFontFamilies():
        return
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / EMOJI_FILE))
    if font_id < 0:
        LOG.warning("the bundled emoji font could not be loaded: emoji may show as boxes")
        return
    for family in QFontDatabase.applicationFontFamilies(font_id):
        QFontDatabase.addApplicationEmojiFontFamily(family)
