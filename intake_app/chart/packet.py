"""The chart PDF: summary, answers, the consent as shown, and the signature block.

Built with reportlab's Platypus into memory. Every piece of patient or form text
goes through a ``ScriptParagraph`` (never parsed as markup, a font per character,
right-to-left text in reading order). All fonts are embedded
TrueType fonts; the canvas starts in DejaVu so no base-14 font is declared.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.text import LATIN, register_fonts
from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.display import format_answer, format_row
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import DisplayItem, GroupItem
from intake_app.questionnaire.visibility import IntakeView

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


def build_packet(content: PacketContent) -> bytes:
    """The document as PDF bytes (not yet sealed)."""
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
        title=f"Chart record {content.document_id}",
        author=content.clinic_name or "intake-app",
        subject=f"document-id:{content.document_id}",
        creator="intake-app",
        initialFontName=LATIN,
        invariant=1,
    )
    story = _story(content, document.width)
    document.build(story, canvasmaker=_numbered_canvas(content))
    return buffer.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "base", fontName=LATIN, bulletFontName=LATIN, fontSize=10, leading=13.5, splitLongWords=1
    )
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
        ),
        "question": style("question", fontName=bold, spaceBefore=5),
        "answer": style("answer", leftIndent=12),
        "small": style("small", fontSize=8.5, leading=11),
        "cell": style("cell", fontSize=9, leading=11.5),
    }


def _p(text: str, style: Any) -> Any:
    from intake_app.chart.paragraph import ScriptParagraph

    return ScriptParagraph(text, style)


def _story(content: PacketContent, width: float) -> list[Any]:
    styles = _styles()
    story: list[Any] = []
    story += _header(content, styles)
    story += _summary(content, styles, width)
    story += _answers(content, styles, width)
    story += _consent(content, styles)
    story += _signatures(content, styles, width)
    return story


def _header(content: PacketContent, s: dict[str, Any]) -> list[Any]:
    lines = [_p(content.clinic_name or "Clinic", s["clinic"])]
    details = "\n".join(
        x for x in (content.clinic_address.replace("\\n", "\n"), content.clinic_phone) if x
    )
    if details:
        lines.append(_p(details, s["base"]))
    lines.append(_p("Patient intake and informed consent: chart record", s["title"]))
    facts = f"Patient: {content.patient_name}    Date of birth: {content.date_of_birth}" + (
        f"    MRN: {content.mrn}" if content.mrn else ""
    )
    lines.append(_p(facts, s["base"]))
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
        story.append(_table(rows, [1.5, 3.3, 2.0], s, width))
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
            story.append(_p(localized(item.text, language), s["base"]))
            value = view.answers.get(item.id)
            if isinstance(item, GroupItem) and value:
                shown = _group_table(item, value, language, s, width)
                story.extend(shown if isinstance(shown, list) else [shown])
            else:
                story.append(_p(format_answer(item, value, language), s["answer"]))
    story.append(_p("Calculated values", s["question"]))
    for calc_id, value in view.calculated.items():
        calc = q.calculations[calc_id]
        shown = "not calculated (missing answers)" if value is None else f"{value} (calculated)"
        story.append(_p(f"{localized(calc.text, language)}: {shown}", s["answer"]))
    return story


LONG_CELL = 600  # characters: a cell this long goes in a paragraph, not a table


def _group_table(
    item: GroupItem, rows: list[dict[str, Any]], language: str, s: dict[str, Any], width: float
) -> Any:
    children = [c for c in item.items if not isinstance(c, DisplayItem)]
    cells = [[format_answer(c, row.get(c.id), language) for c in children] for row in rows]
    if any(len(cell) > LONG_CELL for row in cells for cell in row):
        # A table cell cannot split across pages; a very long answer would not fit.
        return [
            _p(f"{number}. {format_row(item, row, language)}", s["answer"])
            for number, row in enumerate(rows, 1)
        ]
    table = [["#", *(localized(c.text, language) for c in children)]]
    table += [[str(number), *row] for number, row in enumerate(cells, start=1)]
    return _table(table, [0.4] + [6.4 / len(children)] * len(children), s, width)


def _table(rows: list[list[str]], shares: list[float], s: dict[str, Any], width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    total = sum(shares)
    widths = [width * share / total for share in shares]
    cells = [[_p(cell, s["cell"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, splitByRow=1)
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


def _numbered_canvas(content: PacketContent) -> Any:
    """A canvas that draws the footer with "Page N of M" once the page count is known."""
    from reportlab.pdfgen import canvas

    footer = (
        f"{content.patient_name} | DOB {content.date_of_birth}"
        + (f" | MRN {content.mrn}" if content.mrn else "")
        + f" | Doc {content.document_id}"
        + f" | Form {content.questionnaire.form_id} {content.questionnaire.version}"
        + f" | Consent {content.consent_version}"
    )

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
            from reportlab.lib.units import inch
            styles = _styles()
            width = self._pagesize[0] - 1.6 * inch
            text = f"{footer} | Page {self._pageNumber} of {total}"
            paragraph = _p(text, styles["small"])
            _, height = paragraph.wrap(width, 0.9 * inch)
            paragraph.drawOn(self, 0.8 * inch, 0.45 * inch + (0.5 * inch - height))

    return NumberedCanvas
