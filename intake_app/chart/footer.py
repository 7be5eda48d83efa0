"""The footer on every page of a chart document: who it is about, which record, "Page N of M".

The first line (patient name, date of birth, MRN) is cut with an ellipsis to fit;
the second (document id, form and consent versions, page) is never cut, only set
smaller. The canvas keeps every page until the count is known, then draws the
footers. Labels are the document's (``intake_app.chart.labels``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from intake_app.chart.labels import Labels, for_staff
from intake_app.chart.text import fitted, text_width
from intake_app.questionnaire.typed_text import isolated

if TYPE_CHECKING:
    from intake_app.chart.packet import PacketContent

FOOTER_MARGIN = 0.8 * 72  # points, left and right, as the page's text
FOOTER_BASE = 0.4 * 72  # points above the page's bottom edge


def footer_lines(
    content: PacketContent,
    page: int,
    total: int,
    width: float,
    size: float,
    *,
    labels: Labels | None = None,
    form: bool = True,
) -> list[str]:
    """Who the record is about (cut with an ellipsis to fit one line), then which record it is.

    The second line (document id, form and consent versions, "Page N of M") is
    never cut; the caller sets it smaller if it is too wide. ``form`` False
    leaves the form out (a document that shows no answers).
    """
    labels = labels or for_staff(content.language)
    record = _record_line(content, page, total, labels, form)
    return [_identity_line(content, width, size, labels), record]


def _record_line(content: PacketContent, page: int, total: int, labels: Labels, form: bool) -> str:
    q = content.questionnaire
    parts = [f"{labels('document')} {content.document_id}"]
    if form:
        parts.append(f"{labels('form')} {q.form_id} {q.version}")
    parts.append(f"{labels('consent')} {content.consent_version}")
    parts.append(labels("page", page=str(page), total=str(total)))
    return " | ".join(parts)


def _identity_line(content: PacketContent, width: float, size: float, labels: Labels) -> str:
    name, mrn, born = content.patient_name, content.mrn or "", content.date_of_birth
    patient, dob, mrn_label = labels("patient"), labels("dob"), labels("mrn")
    fixed = f"{patient}:  | {dob} {born}" + (f" | {mrn_label} " if mrn else "")
    room = width - 1 - text_width(fixed, size)
    mrn_room = min(text_width(mrn, size), max(room / 2, room - text_width(name, size)))
    # Each piece isolated: no direction mark in a name can reorder the date or the MRN.
    shown_name = isolated(fitted(name, room - mrn_room, size))
    line = f"{patient}: {shown_name} | {dob} {isolated(born)}"
    return line + (f" | {mrn_label} {isolated(fitted(mrn, mrn_room, size))}" if mrn else "")


def numbered_canvas(
    content: PacketContent, labels: Labels, style: Any, *, form: bool = True
) -> Any:
    """A canvas that draws the footer (in ``style``) with "Page N of M" once the page count
    is known."""
    from reportlab.pdfgen import canvas

    from intake_app.chart.paragraph import ScriptParagraph

    @cache
    def identity(width: float) -> ScriptParagraph:
        """The first line, the same on every page: fitted and laid out once."""
        line = _identity_line(content, width, style.fontSize, labels)
        return ScriptParagraph(line, style, note_unshown=False)

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0] - 2 * FOOTER_MARGIN
            record = _record_line(content, self._pageNumber, total, labels, form)
            numbered = ScriptParagraph(record, _fitting(style, record, width), note_unshown=False)
            y = FOOTER_BASE
            for paragraph in (numbered, identity(width)):
                _, height = paragraph.wrap(width, 100)
                paragraph.drawOn(self, FOOTER_MARGIN, y)
                y += height

    return NumberedCanvas


def _fitting(style: Any, text: str, width: float) -> Any:
    """The style, or a smaller copy of it in which the text fits on one line."""
    from reportlab.lib.styles import ParagraphStyle

    needed = text_width(text, style.fontSize) + 1
    if needed <= width:
        return style
    size = style.fontSize * width / needed
    return ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size, leading=size * 1.3)
