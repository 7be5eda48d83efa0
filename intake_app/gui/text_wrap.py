"""Where a long word may wrap on screen: plain text rules, no widgets.

Apart from the widgets (``touch``) so that the first screen, drawn before any
other screen's code is loaded, wraps the clinic's name the same way.
"""

from __future__ import annotations

import re

LONGEST_UNBROKEN = 16
BREAK_CHANCE = "\u200b"  # zero-width space: a place a line may break, invisible


def breakable(text: str) -> str:
    """Let a very long word (an e-mail address, a pasted link) wrap instead of
    widening the page: a line may break inside it every few characters.

    A hyphen is already a place to break, so a double-barrelled name
    ("Papadopoulou-Konstantinidou") wraps at its hyphen, never inside either name.
    """
    pieces = re.split(r"(\s+|[-\u2010])", text)
    return "".join(
        BREAK_CHANCE.join(w[i : i + LONGEST_UNBROKEN] for i in range(0, len(w), LONGEST_UNBROKEN))
        if len(w) > LONGEST_UNBROKEN and not w.isspace()
        else w
        for w in pieces
    )
