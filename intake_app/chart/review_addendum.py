"""The review addendum: the nurse's or clinician's signed review of one intake, sealed.

Made when a review is signed, in the chart document's style, with its header and
footer and sealed the same way. It names the chart document it reviews by id and
SHA-256, then the decision and its note and the review it corrects if any, every
flag with its acknowledgment (who, when, the note), the clinicians' attestations,
and the signature as signed: printed name, role, date and time with the zone, and
meaning (21 CFR 11.50). A staff record: its words are English, as the review itself
and the flag messages are. Plain values only; the content is gathered from storage by
``services.review_addendum_content``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake_app.chart.labels import ENGLISH, Labels
from intake_app.chart.packet import (
    PacketContent,
    _build,
    _header,
    _kept_with_first_row,
    _p,
    _severity,
    _styles,
)
from intake_app.questionnaire.typed_text import isolated

SIGNED_HOW = "with the person's user name and password, given again at the moment of signing"


@dataclass(frozen=True)
class AcknowledgedFlag:
    """A flag of the intake and what the staff recorded about it."""

    severity: str  # stop | review | note
    message: str
    acknowledged: str  # who, when and the note, a line each; or "Not acknowledged."


@dataclass(frozen=True)
class SignedBy:
    """A signature's manifestation: who signed, as what, when (with the zone), meaning what."""

    printed_name: str
    role: str
    signed: str  # "2026-11-25 10:05:00 CST (UTC-06:00) (2026-11-25 16:05:00 UTC)"
    meaning: str


@dataclass(frozen=True)
class AttestationBlock:
    text: str  # the words the clinician signed
    signature: SignedBy


@dataclass
class ReviewAddendumContent:
    """Everything the review addendum shows; assembled from storage by the caller.

    ``header`` carries the chart's header and footer values (clinic, patient, form and
    consent versions, paper) with this document's own id and audit trail head.
    """

    header: PacketContent
    chart_document: str  # "Chart document: <id>\nSHA-256: <hex>", or why there is none
    flags: list[AcknowledgedFlag]
    decision: str  # in words: "cleared for treatment"
    note: str
    signature: SignedBy
    corrects: str = ""  # the review this one corrects, in words ("" when it corrects none)
    attestations: list[AttestationBlock] = field(default_factory=list)


def build_review_addendum(content: ReviewAddendumContent, *, invariant: bool = False) -> bytes:
    """The addendum as PDF bytes (not yet sealed); ``invariant`` for tests only."""

    def story(header: PacketContent, width: float, labels: Labels) -> list[Any]:
        return _story(content, width, labels)

    labels = Labels((ENGLISH,))
    return _build(content.header, story, labels, "review_title", invariant=invariant)


def _story(content: ReviewAddendumContent, width: float, labels: Labels) -> list[Any]:
    s = _styles()
    story = _header(content.header, s, labels, labels("review_title"))
    story += [
        _p("The chart document reviewed", s["heading"]),
        _p(content.chart_document, s["base"]),
    ]
    story += _decision(content, s)
    story += _flags(content, s, width, labels)
    story += _attestations(content, s)
    story.append(_signature("Signature of the review", content.signature, s))
    return story


def _flags(
    content: ReviewAddendumContent, s: dict[str, Any], width: float, labels: Labels
) -> list[Any]:
    heading = _p("Flags and their acknowledgments", s["heading"])
    if not content.flags:
        return [heading, _p(labels("no_flags"), s["base"])]
    rows = [["Severity", "Flag", "Acknowledged (who, when, note)"]]
    rows += [[_severity(f.severity, labels), f.message, f.acknowledged] for f in content.flags]
    return _kept_with_first_row([heading], rows, [1.3, 2.9, 2.6], s, width)


def _decision(content: ReviewAddendumContent, s: dict[str, Any]) -> list[Any]:
    story = [
        _p("Decision", s["heading"]),
        _p(f"Decision: {content.decision}", s["question"]),
        _p(f"Note: {isolated(content.note)}" if content.note else "Note: none.", s["base"]),
    ]
    if content.corrects:
        story.append(_p(content.corrects, s["base"]))
    return story


def _attestations(content: ReviewAddendumContent, s: dict[str, Any]) -> list[Any]:
    heading = _p("Attestations of the consent explanation", s["heading"])
    if not content.attestations:
        return [heading, _p("None.", s["base"])]
    blocks = [
        _signature(f"\u201c{a.text}\u201d", a.signature, s, title_style="question")
        for a in content.attestations
    ]
    return [heading, *blocks]


def _signature(
    title: str, signed: SignedBy, s: dict[str, Any], title_style: str = "heading"
) -> Any:
    """A signature's manifestation, never split across pages."""
    from reportlab.platypus import KeepTogether, Spacer

    return KeepTogether(
        [
            _p(title, s[title_style]),
            _p(f"Printed name: {isolated(signed.printed_name)}", s["question"]),
            _p(f"Role: {signed.role}", s["base"]),
            _p(f"Signed: {signed.signed}", s["base"]),
            _p(f"Meaning of this signature: {signed.meaning}", s["base"]),
            _p(f"Signed electronically {SIGNED_HOW}.", s["small"]),
            Spacer(1, 6),
        ]
    )
