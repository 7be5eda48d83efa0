"""One audit event in plain words, for ``intake-app audit show``.

``2026-11-25 14:03:07 EST  patient on tablet-3  changed pain_now: 6 -> 7``: local time,
who (the actor, their role and the workstation when known), what. Answers are shown
by item id with their old and new values as JSON, so an empty text or a list is
plain to see; every character that could steer the terminal is written as an
escape, whoever typed it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from intake_app.services.audit_trail import AuditEvent

Words = Callable[[AuditEvent, dict[str, Any]], str]


def event_line(event: AuditEvent) -> str:
    when = event.at.astimezone()
    return f"{when:%Y-%m-%d %H:%M:%S} {when.tzname()}  {_who(event)}  {what(event)}"


def what(event: AuditEvent) -> str:
    detail = event.detail if isinstance(event.detail, dict) else {}
    words = WORDS.get(event.action)
    if words is not None:
        return words(event, detail)
    extra = f": {_value(event.detail)}" if event.detail is not None else ""
    return _plain(event.action) + extra


def _who(event: AuditEvent) -> str:
    who = _plain(event.actor)
    if event.actor_role:
        who += f" ({_plain(event.actor_role)})"
    if event.workstation:
        who += f" on {_plain(event.workstation)}"
    return who


def _value(value: Any) -> str:
    """A stored value as JSON: quotes show where a text starts and ends; escapes too."""
    return "(none)" if value is None else _plain(json.dumps(value, ensure_ascii=False))


def _plain(text: Any) -> str:
    """Text with every unprintable character (escape sequences, line breaks) as ``\\uXXXX``."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in str(text))


def _words(code: Any) -> str:
    """``before_consent`` as ``before consent``."""
    return _plain(code).replace("_", " ")


def _item(event: AuditEvent) -> str:
    return _plain(event.item_id or "?")


def _changed(detail: dict[str, Any]) -> str:
    return f"{_value(detail.get('old'))} -> {_value(detail.get('new'))}"


def _person(identity: Any) -> str:
    """``Ana Ruiz, 1980-01-01`` from a stored identity (names and date of birth)."""
    if not isinstance(identity, dict):
        return _value(identity)
    name = f"{identity.get('given_names', '')} {identity.get('family_name', '')}".strip()
    return _plain(f"{name}, {identity.get('date_of_birth', '')}")


def _document(kind: str) -> Words:
    return lambda _event, detail: f"made the {kind} {_plain(detail.get('document', '?'))}"


def _printed(event: AuditEvent, detail: dict[str, Any]) -> str:
    """``printed 2 copies of the patient's copy D-1 on front_desk`` (or: the printer refused)."""
    copies = detail.get("copies", "?")
    kind, document = _words(detail.get("kind", "document")), _plain(detail.get("document", "?"))
    what = f"{_plain(copies)} {'copy' if copies == 1 else 'copies'} of the {kind} {document}"
    where = _plain(detail.get("printer") or "?")
    if event.action == "document_printed":
        return f"printed {what} on {where}"
    return f"tried to print {what} on {where}: the printer refused it"


def _filed(event: AuditEvent, detail: dict[str, Any]) -> str:
    """``filed the chart document D-1 into /mnt/charts`` (``filed again``, when it was)."""
    again = " again" if event.action == "document_refiled" else ""
    kind, document = _words(detail.get("kind", "document")), _plain(detail.get("document", "?"))
    return f"filed{again} the {kind} {document} into {_plain(detail.get('folder', '?'))}"


def _settings_changed(_event: AuditEvent, detail: dict[str, Any]) -> str:
    """``clinic settings changed (noticed at start-up): staff.idle_logout_minutes``, or
    ``(by Alex Admin on the clinic settings page)``; the first record says how many
    settings it holds instead of naming them all."""
    changed = detail.get("changed")
    names = list(changed) if isinstance(changed, dict) else []
    noticed = f" (noticed {_plain(detail['noticed'])})" if detail.get("noticed") else ""
    if detail.get("by"):
        via = f" on {_plain(detail['via'])}" if detail.get("via") else ""
        noticed += f" (by {_plain(detail['by'])}{via})"
    if detail.get("previous_record") is None:
        return f"clinic settings recorded for the first time{noticed}: {len(names)} settings"
    return f"clinic settings changed{noticed}: " + (", ".join(map(_plain, names)) or "none")


def _fixed(words: str) -> Words:
    return lambda _event, _detail: words


WORDS: dict[str, Words] = {
    "intake_started": lambda _e, d: f"started the intake (language {_plain(d.get('language'))})",
    "answer_given": lambda e, d: f"answered {_item(e)}: {_value(d.get('new'))}",
    "answer_changed": lambda e, d: f"changed {_item(e)}: {_changed(d)}",
    "answer_removed": lambda e, d: f"removed the answer to {_item(e)}: {_value(d.get('old'))}",
    "language_changed": lambda _e, d: f"switched the language: {_changed(d)}",
    "intake_completed": lambda _e, d: (
        "finished the questions; flags: " + (", ".join(map(_plain, d.get("flags") or [])) or "none")
    ),
    "intake_ended": _fixed("ended the visit"),
    "identity_confirmed": _fixed("confirmed the registered name and date of birth"),
    "identity_disputed": _fixed("said the registered name or date of birth is wrong"),
    "patient_identity_corrected": lambda _e, d: (
        f"corrected the registration ({_plain(d.get('by', '?'))}): "
        f"{_person(d.get('old'))} -> {_person(d.get('new'))}"
    ),
    "consent_section_understood": lambda _e, d: (
        "understood the consent section " + _plain(d.get("section", "?"))
    ),
    "consent_question": lambda _e, d: (
        "had a question about the consent section " + _plain(d.get("section", "?"))
    ),
    "consent_comprehension_order": lambda _e, d: (
        f"was shown the options of {_plain(d.get('question', '?'))} as "
        + ", ".join(map(_plain, d.get("order") or []))
    ),
    "consent_comprehension": lambda _e, d: (
        f"answered the comprehension question {_plain(d.get('question', '?'))}: "
        f"{_value(d.get('answer'))} ({'right' if d.get('correct') else 'wrong'})"
    ),
    "hold_released": lambda _e, d: (
        f"released the hold {_words(d.get('hold', '?'))} "
        f"({_plain(d.get('by', '?'))}): {_words(d.get('choice', '?'))}"
    ),
    "consent_deferred": _fixed("asked for more time to decide"),
    "consent_signed_agree": _fixed("signed the consent: agreed"),
    "consent_signed_refuse": _fixed("signed the consent: refused"),
    "consent_withdrawn": _fixed("signed a withdrawal of consent"),
    "chart_document_made": _document("chart document"),
    "patient_copy_made": _document("patient's copy"),
    "withdrawal_document_made": _document("withdrawal document"),
    "birth_date_wrong": _fixed("entered a wrong date of birth"),
    "birth_date_confirmed": _fixed("entered the right date of birth"),
    "birth_date_lockout": lambda _e, d: (
        f"locked the tablet after {_plain(d.get('wrong_tries', '?'))} wrong dates of birth"
    ),
    "birth_date_tries_cleared": _fixed("cleared the wrong dates of birth"),
    "document_printed": _printed,
    "document_not_printed": _printed,
    "document_filed": _filed,
    "document_refiled": _filed,
    "settings_changed": _settings_changed,
    "intake_viewed": _fixed("opened the intake"),
    "flag_acknowledged": lambda _e, d: (
        f"acknowledged the {_plain(d.get('severity', '?')).upper()} flag "
        f"{_plain(d.get('rule', '?'))}: {_value(d.get('note') or None)}"
    ),
    "review_signed": lambda _e, d: (
        ("signed a correction of the review: " if d.get("supersedes") else "signed the review: ")
        + _plain(d.get("meaning", "?"))
    ),
}
