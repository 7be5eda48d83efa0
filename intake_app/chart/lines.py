"""Text laid out in lines: broken to a width in reading order, then each line put in
visual order.

Lines are broken in logical (reading) order, greedily at spaces and before a Chinese
or Japanese character, and a word longer than a line is cut; each glyph is measured
once, in the font that draws it (``text.advances``). Only then is each line
put in the order it is drawn, left to right, with the bidi levels ``text.glyphs``
gave its glyphs (Unicode bidirectional algorithm, rules L2 and L4): right-to-left
text is reversed and its brackets mirrored, so a wrapped Arabic paragraph reads
from its first line to its last. A line comes out as runs of one font each
(``Run``), which ``paragraph.ScriptParagraph`` draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from intake_app.chart.text import Glyph, advances

_BREAK_ANYWHERE = re.compile(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")


class Run(NamedTuple):
    """Text drawn in one font, left to right; ``actual`` is its text layer if not ``text``."""

    font: str
    text: str
    actual: str = ""


# -- visual order of one line ----------------------------------------------------


def visual(line: list[Glyph]) -> list[Run]:
    """The runs of one line, left to right as drawn (UBA rules L2 and L4).

    A vowel mark of right-to-left text stays before its letter once reversed (no
    rule L3): the bundled fonts draw such marks to the right of the pen, over the
    letter that follows. A glyph with its own text layer is a run of its own.
    """
    if not any(map(_LEVEL_OF, line)) and not any(map(_ACTUAL_OF, line)):  # left to right, plain
        drawn = filter(_SHOWN_OF, line)
        return [Run(font, "".join(map(_SHOWN_OF, run))) for font, run in groupby(drawn, _FONT_OF)]
    runs: list[Run] = []
    font, pieces = "", []  # the run being gathered: its font and its text so far
    levels = [g.level for g in line]
    ordered = [line[i] for i in _reordered(levels)] if any(levels) else line
    for glyph in ordered:
        if not glyph.shown:
            continue
        shown = _mirrored(glyph) if glyph.level % 2 else glyph.shown
        if glyph.font == font and not glyph.actual:
            pieces.append(shown)
            continue
        if pieces:
            runs.append(Run(font, "".join(pieces)))
        if glyph.actual:
            runs.append(Run(glyph.font, shown, glyph.actual))
            font, pieces = "", []
        else:
            font, pieces = glyph.font, [shown]
    if pieces:
        runs.append(Run(font, "".join(pieces)))
    return runs


_LEVEL_OF, _ACTUAL_OF, _SHOWN_OF, _FONT_OF, _CHAR_OF = (
    attrgetter(name) for name in ("level", "actual", "shown", "font", "char")
)


def _reordered(levels: list[int]) -> list[int]:
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = reversed(order[start:position])
                start = None
    return order


def _mirrored(glyph: Glyph) -> str:
    if glyph.level % 2 == 0:
        return glyph.shown
    from bidi.mirror import MIRRORED

    return str(MIRRORED.get(glyph.shown, glyph.shown))


# -- line breaking -----------------------------------------------------------------


def _tokens(line: list[Glyph]) -> Iterator[tuple[int, int, int]]:
    """(its space before, start, end) of each word, as indexes into ``line``.

    The space before a word is the last of the spaces before it (the space keeps
    its bidi level; the others are dropped), or the word's start if none is. A
    line may also break before a Chinese character.
    """
    gap: int | None = None
    start: int | None = None
    for index, glyph in enumerate(line):
        if glyph.char == " ":
            if start is not None:
                yield (start if gap is None else gap), start, index
            start, gap = None, index
        elif start is None:
            start = index
        elif _BREAK_ANYWHERE.match(glyph.char):
            yield (start if gap is None else gap), start, index
            start, gap = index, None
    if start is not None:
        yield (start if gap is None else gap), start, len(line)


def broken(line: list[Glyph], width: float, size: float) -> list[list[Glyph]]:
    """Greedy line breaking in reading order; a word longer than a line is cut."""
    return [glyphs for glyphs, _ in laid_out(line, width, size)]


def laid_out(line: list[Glyph], width: float, size: float) -> list[tuple[list[Glyph], float]]:
    """The lines of ``broken``, each with its width; each glyph is measured once."""
    room = width + 1e-6  # a line exactly as wide as the room fits
    advance = advances(line)
    whole = sum(advance) * size
    if whole <= width and _single_spaced(line):  # fits, with room to spare for rounding
        return [(list(line), whole)]
    lines: list[list[Glyph]] = [[]]
    widths: list[list[float]] = [[]]  # the advances of each line's glyphs
    used = 0.0
    for gap, start, end in _tokens(line):
        first = gap if lines[-1] else start
        added = sum(advance[first:end]) * size
        if used + added <= room:
            lines[-1] += line[first:end]
            widths[-1] += advance[first:end]
            used += added
            continue
        pieces = _cut(advance, start, end, room, size)
        if lines[-1]:
            lines.append([])
            widths.append([])
        (cut_start, cut_end), *rest = pieces
        lines[-1], widths[-1] = line[cut_start:cut_end], advance[cut_start:cut_end]
        for cut_start, cut_end in rest:
            lines.append(line[cut_start:cut_end])
            widths.append(advance[cut_start:cut_end])
        used = sum(widths[-1]) * size
    return [(glyphs, sum(each) * size) for glyphs, each in zip(lines, widths, strict=True)]


def _single_spaced(line: list[Glyph]) -> bool:
    """No space at either end and none doubled: breaking would keep every glyph."""
    text = "".join(map(_CHAR_OF, line))
    return not text.startswith(" ") and not text.endswith(" ") and "  " not in text


def _cut(
    advance: list[float], start: int, end: int, room: float, size: float
) -> list[tuple[int, int]]:
    """(start, end) of each piece of a word too long for a line."""
    pieces: list[tuple[int, int]] = []
    piece, used = start, 0.0
    for index in range(start, end):
        width = advance[index] * size
        if index > piece and used + width > room:
            pieces.append((piece, index))
            piece, used = index, 0.0
        used += width
    pieces.append((piece, end))
    return pieces
