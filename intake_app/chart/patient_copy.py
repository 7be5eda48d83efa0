"""The patient's own copy of the consent or refusal they signed.

Made from the same content as the chart document, wholly in the language the
consent was shown in: the clinic's name, address and phone; the patient's name
and date of birth; the consent exactly as shown (its sections as headings); the
decision; the signature block(s); and whom to call afterwards. It shows no
answers, flags, comprehension results or staff notes; those are for the chart.
"""

from __future__ import annotations

from typing import Any

from intake_app.chart.labels import Labels, for_patient
from intake_app.chart.packet import (
    PacketContent,
    _build,
    _consent_text,
    _header,
    _p,
    _signatures,
    _styles,
)


def build_patient_copy(content: PacketContent, *, invariant: bool = False) -> bytes:
    """The patient's copy as PDF bytes (not yet sealed); ``content.language`` is its language."""
    labels = for_patient(content.language)
    return _build(content, _story, labels, "copy_title", invariant=invariant, form_in_footer=False)


def _story(content: PacketContent, width: float, labels: Labels) -> list[Any]:
    from reportlab.platypus import KeepTogether

    styles = _reading_styles()
    story = _header(content, styles, labels, labels("copy_title"))
    story += _consent_text(content, styles, labels, acknowledged=False)
    decision = _p(your_decision(content.decision, labels), styles["decision"])
    signed = _signatures(content, styles, width, labels)
    # The decision, the signatures and whom to call are read together: one page.
    return [*story, KeepTogether([decision, *signed, *_closing(content, styles, labels)])]


def _reading_styles() -> dict[str, Any]:
    """The chart's styles, with room between the consent's paragraphs for easier reading."""
    from reportlab.lib.styles import ParagraphStyle

    styles = _styles()
    body = ParagraphStyle("body", parent=styles["base"], fontSize=10.5, leading=14, spaceAfter=5)
    decision = ParagraphStyle(
        "decision", parent=styles["question"], fontSize=12, leading=16, spaceBefore=10
    )
    return styles | {"body": body, "decision": decision}


def your_decision(decision: str, labels: Labels) -> str:
    """``Your decision: you agreed to the treatment.``"""
    if decision == "refuse":
        return labels("your_decision_refuse")
    return labels("your_decision_agree")


def _closing(content: PacketContent, s: dict[str, Any], labels: Labels) -> list[Any]:
    """Whom to call: after the shot, or with questions when the patient refused it."""
    heading = "problem_after_shot" if content.decision == "agree" else "questions_later"
    clinic = content.clinic_name.strip() or labels("the_clinic")
    phone = content.clinic_phone.strip()
    call = (
        labels("call_clinic_phone", clinic=clinic, phone=phone)
        if phone
        else labels("call_clinic", clinic=clinic)
    )
    return [_p(labels(heading), s["heading"]), _p(call, s["base"])]
