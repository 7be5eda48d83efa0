"""The chart PDF: summary, answers, the consent as shown, and the signature block.

Built with reportlab's Platypus into memory. Every piece of patient or form text
goes through a ``ScriptParagraph`` (drawn as plain text, never as markup; a font
per character; right-to-left text in reading order; characters no font has
named in a note). All fonts are
embedded TrueType fonts; the canvas starts in DejaVu so no base-14 font is
declared. Headings and question texts stay with what follows them; a signature
block never splits; tables split inside a row rather than overflow a page; the
footer has a fixed height and always ends with "Page N of M".

Every fixed label comes from ``labels``: the staff chart of a visit in another
language prints them in English and that language, a document for the patient
in the patient's language only.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.anchor import AuditAnchor
from intake_app.chart.footer import numbered_canvas
from intake_app.chart.labels import ENGLISH, Labels, for_patient, for_staff
from intake_app.chart.text import LATIN, UNSHOWN_NOTE, register_fonts
from intake_app.form_files.translations import localized
from intake_app.questionnaire.display import format_answer
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import Calculation, ChildItem, DisplayItem, GroupItem
from intake_app.questionnaire.typed_text import isolated
from intake_app.questionnaire.visibility import IntakeView, visible_row_children

SEVERITY_LABEL = {"stop": "severity_stop", "review": "severity_review", "note": "severity_note"}
Story = Callable[["PacketContent", float, Labels], list[Any]]


@dataclass(frozen=True)
class SignatureBlock:
    role: str  # "patient" or "witness"
    printed_name: str
    signed_at: dt.datetime
    time_zone: str
    meaning: str
    png: bytes
    staff_role: str = ""  # a witness's role as typed by staff, e.g. "Nurse"
    electronic: str = ""  # the agreement to sign electronically the patient saw, if any


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
    holds: list[str] = field(default_factory=list)  # who released each hold, when, how
    identity: list[str] = field(default_factory=list)  # the registration checked, corrected
    audit_anchor: AuditAnchor | None = None  # the audit trail's head, sealed in the metadata


def build_packet(content: PacketContent, *, invariant: bool = False) -> bytes:
    """The document as PDF bytes (not yet sealed), dated now.

    ``invariant`` fixes the creation date and ids so that two builds are byte for
    byte the same: for tests only, never for a chart record.
    """
    labels = for_staff(content.language)
    return _build(content, _story, labels, "chart_title", invariant=invariant)


def build_withdrawal(content: PacketContent, *, withdraws: str, invariant: bool = False) -> bytes:
    """A withdrawal of consent: which agreement it withdraws, its text as shown, the signature.

    ``content.consent_text`` is the withdrawal text the patient read and
    ``content.language`` its language: every label is in that language.
    """

    def story(content: PacketContent, width: float, labels: Labels) -> list[Any]:
        styles = _styles()
        parts = _header(content, styles, labels, labels("withdrawal_title"))
        parts.append(_p(withdraws, styles["question"]))
        parts += _consent_text(content, styles, labels)
        return parts + _signatures(content, styles, width, labels)

    labels = for_patient(content.language)
    return _build(content, story, labels, "withdrawal_title", invariant=invariant)


def _build(
    content: PacketContent,
    story: Story,
    labels: Labels,
    title: str,
    *,
    invariant: bool,
    form_in_footer: bool = True,
) -> bytes:
    """The PDF of ``story``; ``title`` names the label of the PDF's title (its metadata)."""
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
        title=f"{labels(title)} {content.document_id}",
        author=content.clinic_name or "intake-app",
        subject=f"document-id:{content.document_id}",
        creator="intake-app",
        keywords=content.audit_anchor.keyword() if content.audit_anchor else "",
        initialFontName=LATIN,
        invariant=1 if invariant else 0,
    )
    canvas = numbered_canvas(content, labels, _styles()["footer"], form=form_in_footer)
    note = UNSHOWN_NOTE.set(labels("unshown"))  # in the document's own language(s)
    try:
        document.build(story(content, document.width, labels), canvasmaker=canvas)
    finally:
        UNSHOWN_NOTE.reset(note)
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
        "body": base,  # the consent's paragraphs
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


def _story(content: PacketContent, width: float, labels: Labels) -> list[Any]:
    styles = _styles()
    story: list[Any] = []
    story += _header(content, styles, labels, labels.lines("chart_title"))
    story += _summary(content, styles, width, labels)
    story += _answers(content, styles, width, labels)
    story += _consent(content, styles, labels)
    story += _signatures(content, styles, width, labels)
    return story


def _header(content: PacketContent, s: dict[str, Any], labels: Labels, title: str) -> list[Any]:
    lines = [_p(content.clinic_name or labels("clinic"), s["clinic"])]
    details = "\n".join(
        x for x in (content.clinic_address.replace("\\n", "\n"), content.clinic_phone) if x
    )
    if details:
        lines.append(_p(details, s["base"]))
    lines.append(_p(title, s["title"]))
    lines.append(_p(f"{labels('patient')}: {isolated(content.patient_name)}", s["base"]))
    lines.append(_p(f"{labels('date_of_birth')}: {content.date_of_birth}", s["base"]))
    if content.mrn:
        lines.append(_p(f"{labels('mrn')}: {isolated(content.mrn)}", s["base"]))
    lines.append(_p(f"{labels('document_id')}: {content.document_id}", s["small"]))
    return lines


def _summary(content: PacketContent, s: dict[str, Any], width: float, labels: Labels) -> list[Any]:
    """The decision, then the flags worst first: it starts on page 1, right under the header."""
    lead = [_p(labels("summary"), s["heading"]), _p(decision_line(content, labels), s["question"])]
    if content.flags:
        rows = [[labels("severity"), labels("flag"), labels("flag_answers")]]
        rows += [[_severity(f.severity, labels), f.message, f.triggers] for f in content.flags]
        story = _kept_with_first_row(lead, rows, [1.3, 2.9, 2.6], s, width)
    else:
        story = [*lead, _p(labels("no_flags"), s["base"])]
    story.append(_p(labels("questions_raised"), s["question"]))
    story.append(_p("\n".join(content.questions_raised) or labels("none"), s["answer"]))
    story.append(_p(labels("wrong_answers"), s["question"]))
    story.append(_p("\n".join(content.wrong_answers) or labels("none"), s["answer"]))
    story.append(_p(labels("holds"), s["question"]))
    story.append(_p("\n".join(content.holds) or labels("none"), s["answer"]))
    if content.identity:
        story.append(_p(labels("identity"), s["question"]))
        story.append(_p("\n".join(content.identity), s["answer"]))
    return story


def decision_line(content: PacketContent, labels: Labels) -> str:
    """``Decision: the patient AGREED to the treatment.``"""
    if content.decision in ("agree", "refuse"):
        return labels(f"decision_{content.decision}")
    return labels("decision_other", decision=content.decision)


def _severity(severity: str, labels: Labels) -> str:
    key = SEVERITY_LABEL.get(severity)
    return labels(key) if key else severity


MAX_KEPT_ROW = 120.0  # points: of a taller first row, only this much is kept with its heading


def _kept_with_first_row(
    lead: list[Any], rows: list[list[str]], shares: list[float], s: dict[str, Any], width: float
) -> list[Any]:
    """Paragraphs, then a table that splits across pages, kept with its first row only.

    Kept together with the whole table (keep-with-next), a table taller than the
    rest of the page would move to the next page with its heading and leave the
    page empty; here the lead moves on only when the table's first row would not
    fit under it.
    """
    from reportlab.platypus import CondPageBreak

    for paragraph in lead:
        paragraph.keepWithNext = 0
    start = _table(rows[:2], shares, s, width).wrap(width, 1e6)[1]
    needed = sum(_height(p, width) for p in lead) + min(start, MAX_KEPT_ROW)
    return [CondPageBreak(needed), *lead, _table(rows, shares, s, width)]


def _height(paragraph: Any, width: float) -> float:
    _, height = paragraph.wrap(width, 1e6)
    return float(height + paragraph.style.spaceBefore + paragraph.style.spaceAfter)


def _answers(content: PacketContent, s: dict[str, Any], width: float, labels: Labels) -> list[Any]:
    q, view, language = content.questionnaire, content.view, content.language
    heading = labels("answers", form=q.form_id, version=q.version, language=language)
    story = [_p(heading, s["heading"])]
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
    story.append(_p(labels("calculated_values"), s["question"]))
    for calc_id, value in view.calculated.items():
        shown = calculated_value(q.calculations[calc_id], value, language, labels)
        story.append(_p(shown, s["answer"]))
    return story


def calculated_value(
    calc: Calculation, value: Any, language: str, labels: Labels | None = None
) -> str:
    """``BMI (calculated): 30.5``; the words in ``labels`` (English by default)."""
    labels = labels or Labels((ENGLISH,))
    shown = labels("not_calculated") if value is None else str(value)
    return f"{localized(calc.text, language)} ({labels('calculated')}): {shown}"


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


def _consent(content: PacketContent, s: dict[str, Any], labels: Labels) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = [
        PageBreak(),
        _p(labels("consent_as_shown", version=content.consent_version), s["heading"]),
    ]
    return story + _consent_text(content, s, labels)


def _consent_text(
    content: PacketContent, s: dict[str, Any], labels: Labels, *, acknowledged: bool = True
) -> list[Any]:
    """The text exactly as shown, with the time each section was acknowledged (unless not)."""
    story: list[Any] = []
    titles = set(content.consent_section_titles)
    for paragraph in content.consent_text.split("\n\n"):
        if paragraph == content.consent_title:
            story.append(_p(paragraph, s["title"]))
        elif paragraph in titles:
            story.append(_p(paragraph, s["heading"]))
            when = content.acknowledgments.get(paragraph) if acknowledged else None
            if when:
                story.append(_p(labels("acknowledged", when=when), s["small"]))
        else:
            story.append(_p(paragraph, s["body"]))
    return story


def _signatures(
    content: PacketContent, s: dict[str, Any], width: float, labels: Labels
) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    from intake_app.chart.signature_image import signature_image

    story: list[Any] = []
    for block in content.signatures:
        image = signature_image(block.png, min(width, 3.6 * 72), min(width, 3.6 * 72) / 3)
        local = block.signed_at.astimezone()
        utc = block.signed_at.astimezone(dt.UTC)
        when = f"{local:%Y-%m-%d %H:%M:%S} {block.time_zone} ({utc:%Y-%m-%d %H:%M:%S} UTC)"
        parts = [
            _p(_signature_title(block, labels), s["heading"]),
            image,
            _p(f"{labels('printed_name')}: {isolated(block.printed_name)}", s["question"]),
            _p(f"{labels('signed')}: {when}", s["base"]),
            _p(f"{labels('meaning')}: {block.meaning}", s["base"]),
        ]
        if block.electronic:
            parts.append(_p(f"{labels('signed_electronically')}: {block.electronic}", s["base"]))
        parts.append(Spacer(1, 8))
        story.append(KeepTogether(parts))  # a signature is never split from its block
    return story


def _signature_title(block: SignatureBlock, labels: Labels) -> str:
    """``Patient signature``; ``Witness signature (Nurse)``."""
    title = labels("witness_signature" if block.role == "witness" else "patient_signature")
    return f"{title} ({block.staff_role})" if block.staff_role else title
