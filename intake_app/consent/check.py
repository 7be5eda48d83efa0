"""Checks on a consent document beyond its schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from intake_app.consent.model import PLACEHOLDERS, ConsentDefinition
from intake_app.consent.readability import readability_problem
from intake_app.questionnaire.check import missing_translations
from intake_app.questionnaire.source import SourceProblem, line_of

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ConsentChecker:
    """Collects every problem of one consent file, each with its line."""

    def __init__(self, definition: ConsentDefinition, raw: Any, path: Path) -> None:
        self.definition = definition
        self.raw = raw
        self.path = path
        self.problems = missing_translations(raw, definition.languages, path)

    def run(self) -> list[SourceProblem]:
        self._check_sections()
        self._check_reading_level()
        self._check_questions()
        self._check_ind_statement()
        return sorted(self.problems, key=lambda p: p.line)

    def _add(self, location: tuple[int | str, ...], message: str) -> None:
        self.problems.append(SourceProblem(self.path, line_of(self.raw, location), message))

    def _check_sections(self) -> None:
        ids = [s.id for s in self.definition.sections]
        for index, section in enumerate(self.definition.sections):
            where: tuple[int | str, ...] = ("sections", index)
            if ids.index(section.id) != index:
                self._add((*where, "id"), f"section id '{section.id}' is used twice")
            for source in section.sources:
                if source not in self.definition.sources:
                    self._add(
                        (*where, "sources"), f"source '{source}' is not listed under 'sources'"
                    )
            for language, text in section.body.items():
                for name in _PLACEHOLDER.findall(text):
                    if name not in PLACEHOLDERS:
                        self._add((*where, "body", language), f"unknown placeholder '{{{name}}}'")

    def _check_reading_level(self) -> None:
        """Consent text must stay plain: grade 8 or below in English, ease 70+ in Spanish."""
        for index, section in enumerate(self.definition.sections):
            for language, text in section.body.items():
                problem = readability_problem(_PLACEHOLDER.sub("it", text), language)
                if problem:
                    self._add(("sections", index, "body", language), f"'{section.id}' {problem}")

    def _check_questions(self) -> None:
        ids = {s.id for s in self.definition.sections}
        for index, question in enumerate(self.definition.comprehension):
            where: tuple[int | str, ...] = ("comprehension", index)
            if question.section not in ids:
                self._add((*where, "section"), f"'{question.section}' is not a section id")
            if question.correct not in {o.value for o in question.options}:
                self._add((*where, "correct"), f"'{question.correct}' is not one of the options")

    def _check_ind_statement(self) -> None:
        for language, text in self.definition.ind_statement.with_ind.items():
            if "{ind_number}" not in text:
                self._add(
                    ("ind_statement", "with_ind", language), "the text must contain {ind_number}"
                )
        bodies = [text for s in self.definition.sections for text in s.body.values()]
        if not any("{ind_statement}" in text for text in bodies):
            self._add(("sections",), "no section shows {ind_statement} (the product's FDA status)")
