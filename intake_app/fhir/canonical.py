"""The canonical URLs the clinic's FHIR resources name their forms and extensions by.

A Questionnaire's ``url`` and a QuestionnaireResponse's ``questionnaire`` must agree
exactly, so both are made here, from one base. The extensions this app defines (the
flag rules, what FHIR has no element for) live under the same base.
"""

from __future__ import annotations

CANONICAL_BASE = "https://intake-app.example.org/fhir"


def questionnaire_url(form_id: str) -> str:
    """The canonical URL of a form, without a version: ``.../Questionnaire/<form id>``."""
    return f"{CANONICAL_BASE}/Questionnaire/{form_id}"


def questionnaire_canonical(form_id: str, version: str) -> str:
    """A form's URL with its version, as QuestionnaireResponse.questionnaire names it."""
    return f"{questionnaire_url(form_id)}|{version}"


def form_id_of(url: str) -> str | None:
    """The form id in one of this app's Questionnaire URLs (a version after ``|`` ignored)."""
    prefix = questionnaire_url("")
    base = url.split("|", 1)[0]
    return base[len(prefix) :] or None if base.startswith(prefix) else None


def extension_url(name: str) -> str:
    """The URL of one of this app's own extensions, e.g. ``flag-rule``."""
    return f"{CANONICAL_BASE}/StructureDefinition/{name}"
