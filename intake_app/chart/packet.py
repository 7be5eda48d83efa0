"""The chart PDF: summary, answers, the consent as shown, and the signature block.

Built with reportlab's Platypus into memory. Every piece of patient or form text
goes through a ``ScriptParagraph`` (drawn as plain text, never as markup; a font
per character; right-to-left text in reading order; characters no font has
named in a note). All fonts are
embedded TrueType fonts; the canvas starts in DejaVu so no base-14 font is
declared. Headings and question texts stay with what follows them; a signature
block never splits; tables split inside a row rather than overflow a page; the
footer has a fixed height and always ends with "Page N of M".
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.text import LATIN, fitted, register_fonts, text_width
from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.display import format_answer
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import Calculation, ChildItem, DisplayItem, GroupItem
from intake_app.questionnaire.visibility import IntakeView, visible_row_children

SEVERITY_LABEL = {
    "stop": "STOP - do not inject until a clinician decides",
    "review": "Review",
    "note": "Note",
}


@dataclass(frozen=True)
class SignatureBlock:
    role: str  # "Patient" or "Witness (Nurse)"
    printed_name: str
    signed_at: dt.datetime
    time_zone: str
    meaning: str
    png: bytes


@dataclass(frozen=True)
class FlagLine:
    severity: str
    message: str
    triggers: str


@dataclass
class PacketContent:
    """Everything the chart document shows; assembled from storage by the caller."""

    document_id: str
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    patient_name: str
    date_of_birth: str
    mrn: str | None
    questionnaire: Questionnaire
    language: str
    view: IntakeView
    flags: list[FlagLine]
    consent_title: str
    consent_version: str
    consent_text: str
    consent_section_titles: list[str]
    acknowledgments: dict[str, str]
    questions_raised: list[str]
    wrong_answers: list[str]
    decision: str
    signatures: list[SignatureBlock] = field(default_factory=list)
    paper: str = "letter"


def build_packet(content: PacketContent, *, invariant: bool = False) -> bytes:
    """The document as PDF bytes (not yet sealed), dated now.

    ``invariant`` fixes the creation date and ids so that two builds are byte for
    byte the same: for tests only, never for a chart record.
    """
    return _build(content, _story, f"Chart record {content.document_id}", invariant=invariant)


def build_withdrawal(content: PacketContent, *, withdraws: str, invariant: bool = False) -> bytes:
    """A withdrawal of consent: which agreement it withdraws, its text as shown, the signature.

    ``content.consent_text`` is the withdrawal text the patient read.
    """

    def story(content: PacketContent, width: float) -> list[Any]:
        styles = _styles()
        parts = _header(content, styles, "Withdrawal of consent")
        parts.append(_p(withdraws, styles["question"]))
        parts += _consent_text(content, styles)
        return parts + _signatures(content, styles, width)

    return _build(content, story, f"Withdrawal {content.document_id}", invariant=invariant)


def _build(
    content: PacketContent,
    story: Callable[[PacketContent, float], list[Any]],
    title: str,
    *,
    invariant: bool,
) -> bytes:
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    size = A4 if content.paper == "a4" else LETTER
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
        topMargin=0.8 * inch,
        bottomMargin=1.1 * inch,
        title=title,
        author=content.clinic_name or "intake-app",
        subject=f"document-id:{content.document_id}",
        creator="intake-app",
        initialFontName=LATIN,
        invariant=1 if invariant else 0,
    )
    document.build(story(content, document.width), canvasmaker=_numbered_canvas(content))
    return buffer.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=LATIN, bulletFontName=LATIN, fontSize=10, leading=13.5)
    bold = f"{LATIN}-Bold"
    navy = HexColor("#12355b")

    def style(name: str, **settings: Any) -> Any:
        return ParagraphStyle(name, parent=base, **settings)

    return {
        "base": base,
        "clinic": style("clinic", fontSize=16, leading=20, fontName=bold),
        "title": style(
            "title", fontSize=14, leading=18, fontName=bold, spaceBefore=10, spaceAfter=6
        ),
        "heading": style(
            "heading",
            fontSize=12,
            leading=16,
            fontName=bold,
            spaceBefore=10,
            spaceAfter=4,
            textColor=navy,
            keepWithNext=1,
        ),
        "question": style("question", fontName=bold, spaceBefore=5, keepWithNext=1),
        "item": style("item", keepWithNext=1),  # a question's text stays with its answer
        "answer": style("answer", leftIndent=12),
        "small": style("small", fontSize=8.5, leading=11),
        "cell": style("cell", fontSize=9, leading=11.5),
        "footer": style("footer", fontSize=7.5, leading=10),
    }


def _p(text: str, style: Any, *, note_unshown: bool = True) -> Any:
    from intake_app.chart.paragraph import ScriptParagraph

    return ScriptParagraph(text, style, note_unshown=note_unshown)


def _story(content: PacketContent, width: float) -> list[Any]:
    styles = _styles()
    story: list[Any] = []
    story += _header(content, styles)
    story += _summary(content, styles, width)
    story += _answers(content, styles, width)
    story += _consent(content, styles)
    story += _signatures(content, styles, width)
    return story


def _header(
    content: PacketContent,
    s: dict[str, Any],
    title: str = "Patient intake and informed consent: chart record",
) -> list[Any]:
    lines = [_p(content.clinic_name or "Clinic", s["clinic"])]
    details = "\n".join(
        x for x in (content.clinic_address.replace("\\n", "\n"), content.clinic_phone) if x
    )
    if details:
        lines.append(_p(details, s["base"]))
    lines.append(_p(title, s["title"]))
    lines.append(_p(f"Patient: {content.patient_name}", s["base"]))
    lines.append(_p(f"Date of birth: {content.date_of_birth}", s["base"]))
    if content.mrn:
        lines.append(_p(f"MRN: {content.mrn}", s["base"]))
    lines.append(_p(f"Document id: {content.document_id}", s["small"]))
    return lines


def _summary(content: PacketContent, s: dict[str, Any], width: float) -> list[Any]:
    story = [_p("Summary for the nurse", s["heading"])]
    decision = {"agree": "AGREED to the treatment", "refuse": "REFUSED the treatment"}.get(
        content.decision, content.decision
    )
    story.append(_p(f"Decision: the patient {decision}.", s["question"]))
    if content.flags:
        rows = [["Severity", "Flag", "Answers that raised it"]]
        rows += [
            [SEVERITY_LABEL.get(f.severity, f.severity), f.message, f.triggers]
            for f in content.flags
        ]
        story.append(_table(rows, [1.3, 2.9, 2.6], s, width))
    else:
        story.append(_p("No flags were raised.", s["base"]))
    story.append(_p("Questions the patient raised", s["question"]))
    story.append(_p("\n".join(content.questions_raised) or "None.", s["answer"]))
    story.append(_p("Comprehension answers that were wrong", s["question"]))
    story.append(_p("\n".join(content.wrong_answers) or "None.", s["answer"]))
    return story


def _answers(content: PacketContent, s: dict[str, Any], width: float) -> list[Any]:
    q, view, language = content.questionnaire, content.view, content.language
    story = [_p(f"Answers ({q.form_id} version {q.version}, {language})", s["heading"])]
    for section in q.sections:
        if section.id not in view.visible_sections:
            continue
        story.append(_p(localized(section.title, language), s["question"]))
        for item in section.items:
            if item.id not in view.visible_items or isinstance(item, DisplayItem):
                continue
            story.append(_p(localized(item.text, language), s["item"]))
            value = view.answers.get(item.id)
            if isinstance(item, GroupItem) and value:
                story.extend(_group(content, item, value, s, width))
            else:
                story.append(_p(format_answer(item, value, language), s["answer"]))
    story.append(_p("Calculated values", s["question"]))
    for calc_id, value in view.calculated.items():
        story.append(_p(calculated_value(q.calculations[calc_id], value, language), s["answer"]))
    return story


def calculated_value(calc: Calculation, value: Any, language: str) -> str:
    """``BMI (calculated): 30.5``."""
    shown = "not calculated (missing answers)" if value is None else str(value)
    return f"{localized(calc.text, language)} (calculated): {shown}"


MIN_COLUMN_WIDTH = 36.0  # points: narrower than this, a group prints row by row instead


def _group(
    content: PacketContent,
    item: GroupItem,
    rows: list[dict[str, Any]],
    s: dict[str, Any],
    width: float,
) -> list[Any]:
    """A repeating group as a table; columns hidden in every row are left out."""
    language = content.language
    shown = [
        {c.id for c in visible_row_children(content.questionnaire, content.view, item, row)}
        for row in rows
    ]
    columns = [
        c for c in item.items if not isinstance(c, DisplayItem) and any(c.id in v for v in shown)
    ]
    cells = [
        [format_answer(c, row.get(c.id), language) if c.id in visible else "" for c in columns]
        for row, visible in zip(rows, shown, strict=True)
    ]
    shares = [0.4] + [6.4 / max(len(columns), 1)] * len(columns)
    if width * shares[-1] / sum(shares) < MIN_COLUMN_WIDTH:
        return [
            _p(_row_text(number, columns, row, language), s["answer"])
            for number, row in enumerate(cells, 1)
        ]
    table = [["#", *(localized(c.text, language) for c in columns)]]
    table += [[str(number), *row] for number, row in enumerate(cells, start=1)]
    return [_table(table, shares, s, width)]


def _row_text(number: int, columns: Sequence[ChildItem], cells: list[str], language: str) -> str:
    answers = [
        f"{localized(c.text, language)} {cell}"
        for c, cell in zip(columns, cells, strict=True)
        if cell
    ]
    return f"{number}.\n" + "\n".join(answers)


MAX_REPEATED_HEADER = 160.0  # points: a taller header row is not repeated on every page


def _table(rows: list[list[str]], shares: list[float], s: dict[str, Any], width: float) -> Any:
    """A table that never overflows a page: a row too tall for one page splits inside."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    total = sum(shares)
    widths = [width * share / total for share in shares]
    cells = [[[_p(cell, s["cell"])] for cell in row] for row in rows]
    padding = 6 + 6  # reportlab's default cell padding, left and right
    header = max(
        cell[0].wrap(w - padding, 1e6)[1] for cell, w in zip(cells[0], widths, strict=True)
    )
    repeat = 1 if header <= MAX_REPEATED_HEADER else 0  # a header that cannot fit is never repeated
    table = Table(cells, colWidths=widths, repeatRows=repeat, splitByRow=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN),  # else reportlab declares Helvetica
                ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#9aa7b4")),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _consent(content: PacketContent, s: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = [
        PageBreak(),
        _p(f"Consent as shown to the patient (version {content.consent_version})", s["heading"]),
    ]
    return story + _consent_text(content, s)


def _consent_text(content: PacketContent, s: dict[str, Any]) -> list[Any]:
    """The text exactly as shown, with the time each section was acknowledged."""
    story: list[Any] = []
    titles = set(content.consent_section_titles)
    for paragraph in content.consent_text.split("\n\n"):
        if paragraph == content.consent_title:
            story.append(_p(paragraph, s["title"]))
        elif paragraph in titles:
            story.append(_p(paragraph, s["heading"]))
            when = content.acknowledgments.get(paragraph)
            if when:
                story.append(
                    _p(
                        f"Patient tapped \u201cI understand\u201d for this section at {when}.",
                        s["small"],
                    )
                )
        else:
            story.append(_p(paragraph, s["base"]))
    return story


def _signatures(content: PacketContent, s: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Image, KeepTogether, Spacer

    story: list[Any] = []
    for block in content.signatures:
        image = Image(
            io.BytesIO(block.png), width=min(width, 3.6 * 72), height=min(width, 3.6 * 72) / 3
        )
        local = block.signed_at.astimezone()
        utc = block.signed_at.astimezone(dt.UTC)
        when = f"{local:%Y-%m-%d %H:%M:%S} {block.time_zone} ({utc:%Y-%m-%d %H:%M:%S} UTC)"
        parts = [
            _p(f"{block.role} signature", s["heading"]),
            image,
            _p(f"Printed name: {block.printed_name}", s["question"]),
            _p(f"Signed: {when}", s["base"]),
            _p(f"Meaning of this signature: {block.meaning}", s["base"]),
            Spacer(1, 8),
        ]
        story.append(KeepTogether(parts))  # a signature is never split from its block
    return story


FOOTER_MARGIN = 0.8 * 72  # points, left and right, as the page's text
FOOTER_BASE = 0.4 * 72  # points above the page's bottom edge


def footer_lines(
    content: PacketContent, page: int, total: int, width: float, size: float
) -> list[str]:
    """Who the record is about (cut with an ellipsis to fit one line), then which record it is.

    The second line (document id, form and consent versions, "Page N of M") is
    never cut; the caller sets it smaller if it is too wide.
    """
    q = content.questionnaire
    record = (
        f"Document {content.document_id} | Form {q.form_id} {q.version}"
        f" | Consent {content.consent_version} | Page {page} of {total}"
    )
    return [_identity_line(content, width, size), record]


def _identity_line(content: PacketContent, width: float, size: float) -> str:
    name, mrn, born = content.patient_name, content.mrn or "", content.date_of_birth
    fixed = f"Patient:  | DOB {born}" + (" | MRN " if mrn else "")
    room = width - 1 - text_width(fixed, size)
    mrn_room = min(text_width(mrn, size), max(room / 2, room - text_width(name, size)))
    line = f"Patient: {fitted(name, room - mrn_room, size)} | DOB {born}"
    return line + (f" | MRN {fitted(mrn, mrn_room, size)}" if mrn else "")


def _numbered_canvas(content: PacketContent) -> Any:
    """A canvas that draws the footer with "Page N of M" once the page count is known."""
    from reportlab.pdfgen import canvas

    style = _styles()["footer"]

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
            identity, record = footer_lines(content, self._pageNumber, total, width, style.fontSize)
            y = FOOTER_BASE
            for text, line_style in ((record, _fitting(style, record, width)), (identity, style)):
                paragraph = _p(text, line_style, note_unshown=False)
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
