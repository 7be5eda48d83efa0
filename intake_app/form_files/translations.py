"""Texts in several languages: showing one in the patient's language, and checking that
every patient-facing text of a form file is there in each language the file offers.

Every form offers English and Spanish, the two languages staff can choose for a
patient; a questionnaire and a consent are checked the same way, each problem on
the line of the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from intake_app.form_files.source import LineDict, LineList, SourceProblem, line_of

Location = tuple[int | str, ...]
# The keys whose value is a patient-facing text, in questionnaires and consents.
TEXT_KEYS = (
    *("title", "text", "help", "unit_text", "min_label", "max_label", "add_label"),
    *("body", "question", "explanation", "with_ind", "without_ind", "agree", "refuse", "withdraw"),
)
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
REQUIRED_LANGUAGES = ("en", "es")  # staff choose English or Español for every patient


def localized(text: Mapping[str, str] | None, language: str) -> str:
    """Form text in ``language``, falling back to English, then to any language."""
    if not text:
        return ""
    return text.get(language) or text.get("en") or next(iter(text.values()))


def missing_translations(raw: Any, languages: list[str], path: Path) -> list[SourceProblem]:
    """English and Spanish are listed, and every patient-facing text exists in each language."""
    problems = missing_languages(raw, languages, path)

    def walk(node: Any, here: Location) -> None:
        if isinstance(node, LineDict):
            for key, value in node.items():
                if key in TEXT_KEYS and isinstance(value, dict):
                    check(value, (*here, key))
                else:
                    walk(value, (*here, key))
        elif isinstance(node, LineList):
            for index, value in enumerate(node):
                walk(value, (*here, index))

    def check(text: dict[str, Any], here: Location) -> None:
        line = line_of(raw, here)
        for language in languages:
            if not str(text.get(language) or "").strip():
                name = LANGUAGE_NAMES.get(language, language)
                message = f"'{here[-1]}' has no {name} ('{language}') text"
                problems.append(SourceProblem(path, line, message))
        for language in text:
            # A required language left out of 'languages' is one problem, not one per text.
            if language not in languages and language not in REQUIRED_LANGUAGES:
                message = f"text in '{language}', which is not in 'languages'"
                problems.append(SourceProblem(path, line, message))

    walk(raw, ())
    return problems


def missing_languages(raw: Any, languages: list[str], path: Path) -> list[SourceProblem]:
    """A problem for each of English and Spanish that 'languages' leaves out."""
    line = line_of(raw, ("languages",))
    return [
        SourceProblem(
            path,
            line,
            f"'languages' must include {LANGUAGE_NAMES[code]} ('{code}'): staff can choose "
            "English or Español for any patient, so every text needs both",
        )
        for code in REQUIRED_LANGUAGES
        if code not in languages
    ]
