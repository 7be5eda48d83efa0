"""Checks on a consent document beyond its schema.

Besides placeholders, questions and reading level, a consent must keep the
sections and the facts that make it an informed consent (clinical-facts.md,
section 6): a clinic may reword them, but ``forms check`` refuses a file that
drops one, in any of its languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.consent.model import PLACEHOLDERS, ConsentDefinition
from intake_app.consent.readability import readability_problem
from intake_app.form_files.placeholders import PLACEHOLDER
from intake_app.form_files.source import SourceProblem, line_of
from intake_app.form_files.translations import LANGUAGE_NAMES, missing_translations

Location = tuple[int | str, ...]

# 21 CFR 50.25(c): an applicable clinical trial's consent must include this, word for word.
CLINICALTRIALS_STATEMENT = (
    "A description of this clinical trial will be available on http://www.ClinicalTrials.gov, "
    "as required by U.S. Law. This Web site will not include information that can identify "
    "you. At most, the Web site will include a summary of the results. You can search this "
    "Web site at any time."
)

REQUIRED_SECTIONS = {
    "what_it_is": "what the treatment is",
    "evidence": "what is known and not known",
    "benefits": "the possible benefits",
    "risks": "the risks and side effects",
    "who_should_not": "who should not have it",
    "alternatives": "the other choices, including no treatment",
    "cost": "the cost",
    "aftercare": "what to do after the shot",
    "rights": "the patient's rights",
}


@dataclass(frozen=True)
class MustSay:
    """A fact a consent text must state, in every language it has."""

    where: str  # a section id, or "research" / "withdrawal" for those blocks
    fact: str  # in plain words, for the problem message
    patterns: dict[str, str]  # per language, found in the text (case ignored)


def _both(where: str, fact: str, en: str, es: str) -> MustSay:
    return MustSay(where, fact, {"en": en, "es": es})


MUST_SAY = (
    _both(
        "evidence",
        "that no exosome product is approved by the FDA",
        r"not approved by the FDA|no exosome product is approved by the FDA",
        r"no (?:está|ha sido) aprobad\w* por la FDA|ningún producto de exosomas está aprobado",
    ),
    _both("evidence", "that the treatment is experimental", r"experimental", r"experimental"),
    _both(
        "evidence",
        "that in the one placebo-controlled study it did no better than salt water",
        r"salt water|saline",
        r"agua con sal|solución salina",
    ),
    _both("benefits", "that it may not help", r"may not help", r"puede que no le ayude"),
    _both("risks", "that a joint infection can happen", r"infection", r"infección"),
    _both("risks", "that pain and swelling can follow", r"swell", r"hincha"),
    _both("risks", "that a patient may faint", r"faint", r"desmay"),
    _both("risks", "that allergic reactions can happen", r"allergic", r"alérgic|alergia"),
    _both("risks", "that the long-term risks are unknown", r"long-term", r"largo plazo"),
    _both("risks", "that tumors have been reported", r"tumor", r"tumor"),
    _both("alternatives", "that exercise is advised", r"exercise", r"ejercicio"),
    _both(
        "alternatives",
        "that a guideline advises against stem-cell shots and PRP",
        r"advises? against",
        r"aconsejan? no usar",
    ),
    _both(
        "alternatives",
        "what choosing no treatment means",
        r"if you choose no treatment",
        r"si elige no hacer ningún tratamiento",
    ),
    _both(
        "what_it_is",
        "that the product is a biologic made from donated human tissue",
        r"biologic.*human tissue that another person donated",
        r"biológico.*tejido humano que donó otra persona",
    ),
    _both(
        "risks",
        "that a disease can be passed on from the donor",
        r"passed on from the donor",
        r"transmitida por la persona donante",
    ),
    _both("cost", "the cost text ({cost_statement})", r"\{cost_statement\}", r"\{cost_statement\}"),
    _both("cost.patient_pays", "the price ({price})", r"\{price\}", r"\{price\}"),
    _both(
        "cost.patient_pays",
        "that Medicare and insurance generally do not pay",
        r"Medicare",
        r"Medicare",
    ),
    _both(
        "cost.patient_pays",
        "that the full price is paid even if it does not help",
        r"full price",
        r"precio completo",
    ),
    _both(
        "cost.study_pays",
        "that the study pays for the shot",
        r"study pays",
        r"estudio paga",
    ),
    _both(
        "dose_statement",
        "the clinic's dose ({dose})",
        r"\{dose\}",
        r"\{dose\}",
    ),
    _both(
        "dose_statement",
        "the doses the safety studies used",
        r"2 billion to 500 billion",
        r"2 mil millones a 500 mil millones",
    ),
    _both(
        "aftercare",
        "that the instructions are the clinic's own",
        r"own instructions",
        r"instrucciones propias",
    ),
    _both("aftercare", "to call at once for a fever", r"fever", r"fiebre"),
    _both("rights", "that the patient can say no", r"say no", r"decir que no"),
    _both(
        "rights",
        "that the patient can change their mind",
        r"change your mind",
        r"cambiar de opinión",
    ),
    _both("rights", "that the patient gets a copy", r"copy", r"copia"),
    _both("rights", "how to report a harm to the FDA (MedWatch)", r"MedWatch", r"MedWatch"),
    _both("rights", "that no legal right is given up", r"legal rights", r"derechos legales"),
    _both(
        "rights",
        "the research rights ({research_rights})",
        r"\{research_rights\}",
        r"\{research_rights\}",
    ),
    _both(
        "research",
        "that taking part is voluntary, with no penalty for saying no or leaving",
        r"penalty",
        r"sanción",
    ),
    _both("research", "how study records are kept private", r"private", r"privad"),
    _both("research", "that the FDA may look at the records", r"FDA", r"FDA"),
    _both(
        "research",
        "what care or payment follows a study injury ({injury_care})",
        r"\{injury_care\}",
        r"\{injury_care\}",
    ),
    _both(
        "research",
        "whom to call about the study ({research_contact})",
        r"\{research_contact\}",
        r"\{research_contact\}",
    ),
    _both(
        "research",
        "what the study involves ({study_description})",
        r"\{study_description\}",
        r"\{study_description\}",
    ),
    _both(
        "research",
        "how long the patient takes part ({study_duration})",
        r"\{study_duration\}",
        r"\{study_duration\}",
    ),
    _both(
        "research",
        "that new findings will be shared",
        r"learn something new",
        r"algo nuevo",
    ),
    _both(
        "research",
        "the review board and how to reach it ({irb_name}, {irb_contact})",
        r"\{irb_name\}.*\{irb_contact\}",
        r"\{irb_name\}.*\{irb_contact\}",
    ),
    _both(
        "research",
        "the ClinicalTrials.gov statement, when there is one ({trial_registration})",
        r"\{trial_registration\}",
        r"\{trial_registration\}",
    ),
    MustSay(
        "trial_registration",
        "the ClinicalTrials.gov statement of 21 CFR 50.25(c), word for word in English",
        {"en": re.escape(CLINICALTRIALS_STATEMENT), "es": r"ClinicalTrials\.gov"},
    ),
    _both(
        "trial_registration",
        "the study's number ({nct_number})",
        r"\{nct_number\}",
        r"\{nct_number\}",
    ),
    _both(
        "withdrawal",
        "that the rest of the care does not change",
        r"rest of your care",
        r"resto de su atención",
    ),
    _both(
        "withdrawal",
        "that what was done cannot be undone",
        r"cannot be undone",
        r"no se puede deshacer",
    ),
    _both(
        "withdrawal",
        "whom to call ({clinic_contact})",
        r"\{clinic_contact\}",
        r"\{clinic_contact\}",
    ),
)


class ConsentChecker:
    """Collects every problem of one consent file, each with its line."""

    def __init__(self, definition: ConsentDefinition, raw: Any, path: Path) -> None:
        self.definition = definition
        self.raw = raw
        self.path = path
        self.problems = missing_translations(raw, definition.languages, path)

    def run(self) -> list[SourceProblem]:
        self._check_sections()
        self._check_required_sections()
        self._check_placeholders()
        self._check_reading_level()
        self._check_must_say()
        self._check_questions()
        self._check_ind_statement()
        return sorted(self.problems, key=lambda p: p.line)

    def _add(self, location: Location, message: str) -> None:
        self.problems.append(SourceProblem(self.path, line_of(self.raw, location), message))

    def _bodies(self) -> Iterator[tuple[str, Location, dict[str, str]]]:
        """Every patient text with paragraphs: the sections, the research and withdrawal texts."""
        definition = self.definition
        for index, section in enumerate(definition.sections):
            yield section.id, ("sections", index, "body"), section.body
        yield "research", ("research", "body"), definition.research.body
        yield "withdrawal", ("withdrawal", "body"), definition.withdrawal.body
        yield "dose_statement", ("dose_statement",), definition.dose_statement
        yield "trial_registration", ("trial_registration",), definition.trial_registration
        yield "cost.patient_pays", ("cost", "patient_pays"), definition.cost.patient_pays
        yield "cost.study_pays", ("cost", "study_pays"), definition.cost.study_pays

    def _check_sections(self) -> None:
        ids = [s.id for s in self.definition.sections]
        for index, section in enumerate(self.definition.sections):
            where: Location = ("sections", index)
            if ids.index(section.id) != index:
                self._add((*where, "id"), f"section id '{section.id}' is used twice")
            for source in section.sources:
                if source not in self.definition.sources:
                    self._add(
                        (*where, "sources"), f"source '{source}' is not listed under 'sources'"
                    )

    def _check_required_sections(self) -> None:
        ids = {s.id for s in self.definition.sections}
        for section_id, content in REQUIRED_SECTIONS.items():
            if section_id not in ids:
                self._add(
                    ("sections",), f"the required section '{section_id}' ({content}) is missing"
                )

    def _check_placeholders(self) -> None:
        for _, where, body in self._bodies():
            for language, text in body.items():
                for name in PLACEHOLDER.findall(text):
                    if name not in PLACEHOLDERS:
                        self._add((*where, language), f"unknown placeholder '{{{name}}}'")

    def _check_reading_level(self) -> None:
        """Consent text must stay plain: grade 8 or below in English, ease 70+ in Spanish."""
        statement = self.definition.ind_statement
        ind_texts: list[tuple[str, Location, dict[str, str]]] = [
            ("ind_statement", ("ind_statement", "with_ind"), statement.with_ind),
            ("ind_statement", ("ind_statement", "without_ind"), statement.without_ind),
        ]
        for name, where, body in [*self._bodies(), *ind_texts]:
            for language, text in body.items():
                problem = readability_problem(PLACEHOLDER.sub("it", text), language)
                if problem:
                    self._add((*where, language), f"'{name}' {problem}")

    def _check_must_say(self) -> None:
        bodies = {name: (where, body) for name, where, body in self._bodies()}
        for rule in MUST_SAY:
            if rule.where not in bodies:
                continue  # a missing section is reported once, as missing
            where, body = bodies[rule.where]
            for language, text in body.items():
                pattern = rule.patterns.get(language)
                if pattern and not re.search(pattern, text, re.IGNORECASE):
                    name = LANGUAGE_NAMES.get(language, language)
                    self._add(
                        (*where, language),
                        f"'{rule.where}' must say {rule.fact}; the {name} text does not "
                        f"(nothing matches '{pattern}')",
                    )

    def _check_questions(self) -> None:
        ids = {s.id for s in self.definition.sections}
        for index, question in enumerate(self.definition.comprehension):
            where: Location = ("comprehension", index)
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
