"""The chart's paragraph flowable: text in any script, wrapped in reading order.

Kept apart from ``text`` so that importing the chart code does not import
reportlab (it loads when the first document is made).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus.flowables import Flowable

from intake_app.chart.lines import Run, laid_out, visual
from intake_app.chart.text import Glyph, clean, glyphs, unshown_note
from intake_app.chart.truetype import utf16_hex


class ScriptParagraph(Flowable):
    """User or form text in any script: wrapped in reading order, drawn in visual order.

    For each width it is given, the text is broken into lines (``lines.broken``) and
    each line is put in visual order and drawn as runs of one font each. The text
    never goes through reportlab's paragraph markup, so nothing in it is obeyed or
    dropped. It follows the paragraph style's font size, leading, indents, colour,
    space before and after, and keep-with-next; it splits across pages (or inside
    a table row) between lines, never leaving one line alone. Text that reads
    right to left throughout is set flush right. A paragraph with characters that
    no font has ends with a note naming them (``unshown``).

    The text layer gives back the text as typed: a run whose drawn glyphs stand
    for other characters (a placeholder, an emoji with its skin tone) is wrapped
    in a marked-content span whose ActualText is those characters.
    """

    def __init__(self, text: str, style: Any, *, note_unshown: bool = True) -> None:
        super().__init__()
        self.style = style
        self._bold = str(style.fontName).endswith("-Bold")
        found: dict[str, None] = {}
        cleaned = clean(text)
        self._source = [glyphs(line, self._bold, found) for line in cleaned.split("\n")]
        if not cleaned:
            self._source = []
        self.unshown = list(found)
        self._alignment = TA_RIGHT if _all_right_to_left(self._source) else style.alignment
        if found and note_unshown:
            self._source.append(glyphs(unshown_note(found), self._bold, {}))
        self._broken: list[list[Glyph]] = []
        self._lines: list[tuple[float, list[Run]]] = []  # width, runs left to right
        self._laid_width: float | None = None

    def _lay_out(self, width: float) -> None:
        if width == self._laid_width:
            return
        style = self.style
        room = width - style.leftIndent - style.rightIndent
        laid = [piece for line in self._source for piece in laid_out(line, room, style.fontSize)]
        self._broken = [line for line, _ in laid]
        self._lines = [(width, visual(line)) for line, width in laid]
        self._laid_width = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._lay_out(availWidth)
        self.width, self.height = availWidth, len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        # Keep the lines of the last wrap unless they no longer fit: a table splits a
        # cell with its full width after wrapping it inside the cell's padding.
        laid = self._laid_width
        self._lay_out(availWidth if laid is None or availWidth < laid else laid)
        fit = int(availHeight / self.style.leading)
        if len(self._lines) <= fit:
            return [self]
        if fit < 2:  # never one line alone at the foot of a page
            return []
        return [self._part(self._broken[:fit]), self._part(self._broken[fit:])]

    def _part(self, lines: list[list[Glyph]]) -> ScriptParagraph:
        part = ScriptParagraph("", self.style)
        part._source, part._alignment = lines, self._alignment
        return part

    def draw(self) -> None:
        """The lines in one text object: each line placed, then its runs one after another.

        A line with a run that carries its own text layer is drawn run by run in
        objects of its own, between the marks of the run's span.
        """
        style, canvas = self.style, self.canv
        canvas.setFillColor(style.textColor)
        room = self.width - style.leftIndent - style.rightIndent
        y = self.height - style.fontSize
        text, font = None, None
        for width, runs in self._lines:
            x = style.leftIndent + _offset(self._alignment, room - width)
            if any(run.actual for run in runs):
                if text is not None:
                    canvas.drawText(text)
                    text = None
                for run in runs:
                    x = _draw_run(canvas, run, x, y, style.fontSize)
            elif runs:
                if text is None:
                    text, font = canvas.beginText(), None
                text.setTextOrigin(x, y)
                for number, run in enumerate(runs, start=1):
                    if run.font != font:  # the font is set again only where it changes
                        text.setFont(run.font, style.fontSize)
                        font = run.font
                    if number < len(runs):
                        text.textOut(run.text)
                    else:
                        text.textLine(run.text)  # the last run: no need to know its width
            y -= style.leading
        if text is not None:
            canvas.drawText(text)

    def identity(self, maxLen: int | None = None) -> str:  # noqa: N803
        return f"<ScriptParagraph of {len(self._source)} lines>"  # never the text: patient data


def _draw_run(canvas: Any, run: Run, x: float, y: float, size: float) -> float:
    """Draw one run from ``x``; return where the next run starts."""
    if run.actual:  # hexadecimal UTF-16: nothing typed can end the span or the string
        canvas.addLiteral(f"/Span <</ActualText <FEFF{utf16_hex(run.actual)}>>> BDC")
    text = canvas.beginText(x, y)
    text.setFont(run.font, size)
    text.textOut(run.text)
    canvas.drawText(text)
    if run.actual:
        canvas.addLiteral("EMC")
    return float(text.getX())


def _offset(alignment: int, spare: float) -> float:
    if alignment == TA_RIGHT:
        return max(spare, 0.0)
    if alignment == TA_CENTER:
        return max(spare / 2, 0.0)
    return 0.0


def _all_right_to_left(lines: list[list[Glyph]]) -> bool:
    """Every line that has a direction reads right to left."""
    directions = {d for d in map(_reads_right_to_left, lines) if d is not None}
    return directions == {True}


def _reads_right_to_left(line: list[Glyph]) -> bool | None:
    for glyph in line:
        kind = unicodedata.bidirectional(glyph.char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return None
