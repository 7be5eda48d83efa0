"""The clinic's chart file pattern: its placeholders, and what makes a pattern usable.

``[documents] chart_file_pattern`` in the clinic file names each document filed into
the chart folder (``chart.file_pattern`` fills it). The settings check a pattern
when the file is read, so a mistake is shown with its line before anything is filed.
"""

from __future__ import annotations

import string

DEFAULT_PATTERN = "{mrn}_{last}_{first}_{dob}_{doctype}_{date}_{docid}.pdf"
PLACEHOLDERS = {
    "mrn": "the patient's MRN (NOMRN when there is none)",
    "last": "the patient's family name",
    "first": "the patient's given names",
    "dob": "the date of birth, 1961-07-14",
    "doctype": "CONSENT, REFUSAL, WITHDRAWAL or REVIEW",
    "date": "the day the document was made, 2026-11-25",
    "docid": "the document's id (every name needs it: no two documents share a name)",
}


def pattern_fields(pattern: str) -> list[str]:
    """The placeholders of ``pattern`` in order; ``ValueError`` when its braces do not pair."""
    return [field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None]


def pattern_problem(pattern: str) -> str | None:
    """What a pattern must be instead, in words (after "it must be"); None when usable."""
    try:
        fields = pattern_fields(pattern)
    except ValueError:
        return "a pattern whose { and } come in pairs around one placeholder each"
    unknown = [field for field in fields if field not in PLACEHOLDERS]
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    if unknown:
        said = ", ".join("{" + field + "}" for field in unknown)
        return f"made of the placeholders {known} and plain text ({said} is not one of them)"
    if "docid" not in fields:
        return "a pattern that holds {docid}, so that no two documents get the same name"
    return None
