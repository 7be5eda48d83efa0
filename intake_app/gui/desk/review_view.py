"""One intake drawn for the nurse: the header, a card per flag, and the rest as text.

Display only: a flag card reports ``acknowledge_requested(flag_id, note)``; the
page decides what to do with it. Severity is said in words and shown in colour,
never colour alone. Everything the patient typed is escaped before it is drawn.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from intake_app.gui.desk.look import named
from intake_app.services.review_record import FlagOnFile, Header, ReviewOnFile, ReviewRecord

SEVERITY_STYLE = {"STOP": "error", "REVIEW": "notice", "NOTE": "muted"}
NEEDS_NOTE = ("STOP", "REVIEW")


def text_label(html: str) -> QLabel:
    """A label of rich text that wraps and can be selected and copied."""
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def header_html(header: Header) -> str:
    rows = (
        ("Date of birth", f"{header.date_of_birth} ({header.age})"),
        ("MRN", header.mrn),
        ("Language", header.language),
        ("Interpreter needed", header.interpreter_needed),
        ("Form", header.form),
        ("Consent", header.consent),
        ("Product", header.product),
        ("IND status", header.ind_status),
        ("Answers confirmed", header.confirmed_at),
    )
    cells = "".join(
        f"<tr><td><b>{escape(name)}</b>&nbsp;&nbsp;</td><td>{escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table>{cells}</table>"


class FlagCard(QFrame):
    """One flag: its severity and message, its source, the answers that raised it, and
    either who acknowledged it or a note field and Acknowledge."""

    acknowledge_requested = Signal(str, str)

    def __init__(self, flag: FlagOnFile, *, may_acknowledge: bool) -> None:
        super().__init__()
        named(self, "card")
        self.flag = flag
        column = QVBoxLayout(self)
        title = named(QLabel(f"{flag.severity}: {flag.message}"), SEVERITY_STYLE[flag.severity])
        title.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(text_label(self._answers_html()))
        self.status = text_label("")
        column.addWidget(self.status)
        self.note = QLineEdit()
        self.note.setAccessibleName(f"Note for the {flag.severity} flag")
        self.note.setPlaceholderText(
            "What you checked or did (needed)" if flag.severity in NEEDS_NOTE else "Note"
        )
        self.acknowledge = QPushButton("Acknowledge")
        self.problem = named(QLabel(""), "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.acknowledge)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.acknowledge.clicked.connect(self._submit)
        self.note.returnPressed.connect(self._submit)
        self.show_acknowledged(flag.acknowledged_by, flag.acknowledged_at, flag.note)
        if not may_acknowledge:
            self.note.hide()
            self.acknowledge.hide()

    @property
    def acknowledged(self) -> bool:
        return self.acknowledge.isHidden() and not self.status.text().startswith("Not")

    def _answers_html(self) -> str:
        lines = []
        for answer in self.flag.answers:
            line = f"{escape(answer.question)} <b>{escape(answer.answer)}</b>"
            if answer.patient_words:
                line += f"<br/><i>Patient's words: {escape(answer.patient_words)}</i>"
            lines.append(f"<li>{line}</li>")
        sources = "; ".join(escape(source) for source in self.flag.sources)
        said = f"<ul>{''.join(lines)}</ul>" if lines else "<p>No single answer raised it.</p>"
        return f"{said}<p><small>Source: {sources or 'none given'}</small></p>"

    def show_acknowledged(self, by: str | None, at: str | None, note: str | None) -> None:
        if by is None:
            self.status.setText("<b>Not acknowledged yet.</b>")
            return
        said = f" Note: {escape(note)}" if note else ""
        self.status.setText(f"Acknowledged by {escape(by)}, {escape(at or '')}.{said}")
        self.note.hide()
        self.acknowledge.hide()
        self.problem.hide()

    def refused(self, text: str) -> None:
        self.acknowledge.setEnabled(True)
        self.problem.setText(text)
        self.problem.show()

    def _submit(self) -> None:
        note = self.note.text().strip()
        if self.flag.severity in NEEDS_NOTE and not note:
            self.refused(f"Write a note for the {self.flag.severity} flag first.")
            return
        self.acknowledge.setEnabled(False)
        self.acknowledge_requested.emit(self.flag.id, note)


def sections_html(record: ReviewRecord) -> str:
    parts = []
    for section in record.sections:
        rows = "".join(
            f"<tr><td>{escape(a.question)}&nbsp;&nbsp;</td>"
            f"<td><b>{escape(a.answer).replace(chr(10), '<br/>')}</b></td></tr>"
            for a in section.answers
        )
        parts.append(f"<h3>{escape(section.title)}</h3><table>{rows}</table>")
    return "".join(parts) or "<p>No answers on file.</p>"


def consent_html(record: ReviewRecord) -> str:
    consent = record.consent
    parts = [f"<p>Decision: <b>{escape(consent.decision)}</b></p>"]
    if consent.acknowledgments:
        items = "".join(
            f"<li>{escape(a.section)}: {escape(a.at)}</li>" for a in consent.acknowledgments
        )
        parts.append(f"<p>Sections read and understood:</p><ul>{items}</ul>")
    for asked in consent.questions:
        talked = (
            f"talked with {escape(asked.talked_with)}, {escape(asked.talked_at or '')}"
            if asked.talked_with
            else "<b>nobody has talked with the patient yet</b>"
        )
        note = f" — {escape(asked.note)}" if asked.note else ""
        parts.append(
            f"<p>Question on “{escape(asked.section)}” at {escape(asked.at)}: {talked}{note}</p>"
        )
    for wrong in consent.wrong_answers:
        parts.append(
            f"<p><b>Wrong answer</b> to “{escape(wrong.question)}”: {escape(wrong.given)} "
            f"(right: {escape(wrong.right)}), {escape(wrong.at)}</p>"
        )
    if consent.witness is not None:
        w = consent.witness
        parts.append(f"<p>Witness: {escape(w.name)}, {escape(w.role)}, {escape(w.at)}</p>")
    return "".join(parts)


def review_html(review: ReviewOnFile) -> str:
    """One signed review: the decision, what the signature means, the note."""
    corrects = " (a correction)" if review.corrects else ""
    note = f"<br/>Note: {escape(review.note)}" if review.note else ""
    return f"<p><b>{escape(review.decision)}</b>{corrects}<br/>{escape(review.meaning)}{note}</p>"


def history_html(record: ReviewRecord) -> str:
    parts: list[str] = []
    parts.extend(review_html(review) for review in record.reviews)
    if not record.reviews:
        parts.append("<p>Not reviewed yet.</p>")
    parts.append("<h3>Earlier intakes of this patient</h3>")
    for earlier in record.earlier:
        in_force = earlier.review
        reviewed = (
            f"{escape(in_force.decision)} by {escape(in_force.signed_name)}, "
            f"{escape(in_force.signed_at)}"
            if in_force
            else "not reviewed"
        )
        parts.append(
            f"<p>{escape(earlier.at)}: {escape(earlier.form)}, {escape(earlier.status)}; worst "
            f"flag {escape(earlier.worst_flag)}; consent {escape(earlier.consent)}; {reviewed}</p>"
        )
    if not record.earlier:
        parts.append("<p>None.</p>")
    return "".join(parts)


__all__ = [
    "FlagCard", "consent_html", "header_html", "history_html", "review_html", "sections_html",
]  # fmt: skip
