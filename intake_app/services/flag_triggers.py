"""The answers that raised a flag, as people read them: each question with its answer.

A flag keeps the references and values that raised it (an item, a group's rows, a
calculated value, a comprehension answer). The chart document prints them under
the flag and the nurse's review page shows them beside it; both read them here, so
each kind of answer is worded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake_app.chart.labels import Labels
from intake_app.chart.packet import calculated_value
from intake_app.consent.document import ConsentDocument
from intake_app.form_files.translations import localized
from intake_app.questionnaire.display import format_answer, format_row
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.typed_text import isolated

__all__ = ["TriggeringAnswer", "triggering_answer", "triggering_answers"]


@dataclass(frozen=True)
class TriggeringAnswer:
    """One answer that raised a flag: the question as asked and the answer given.

    ``labelled``: the question is a label printed before a colon (a calculated value,
    or a reference the form no longer has) rather than a question asked.
    """

    question: str
    answer: str  # a group's rows one per line
    labelled: bool = False

    def line(self) -> str:
        """``Do you take a blood thinner? Yes``; a question that ends otherwise gets a dash,
        a label a colon (``BMI (calculated): 30.5``)."""
        if self.labelled:
            return f"{self.question}: {self.answer}"
        question, answer = self.question.strip(), isolated(self.answer)
        if question.endswith(("?", ":")):
            return f"{question} {answer}"
        return f"{question} \u2014 {answer}"


def triggering_answers(
    triggers: list[dict[str, Any]] | None,
    questionnaire: Questionnaire,
    consent: ConsentDocument,
    *,
    labels: Labels,
    language: str,
) -> list[TriggeringAnswer]:
    """The flag's stored triggers that carry a value, in ``language`` (a question for the
    nurse about a consent section carries none: the flag's message says it all)."""
    return [
        triggering_answer(
            t["reference"], t["value"], questionnaire, consent, labels=labels, language=language
        )
        for t in triggers or []
        if t.get("value") is not None
    ]


def triggering_answer(
    reference: str,
    value: Any,
    questionnaire: Questionnaire,
    consent: ConsentDocument,
    *,
    labels: Labels,
    language: str,
) -> TriggeringAnswer:
    """One stored trigger as the question and the answer, in ``language``."""
    if reference in questionnaire.calculations:
        text = calculated_value(questionnaire.calculations[reference], value, language, labels)
        label, _, shown = text.rpartition(": ")
        return TriggeringAnswer(label, shown, labelled=True)
    if reference.startswith("consent."):
        return _comprehension(reference.removeprefix("consent."), value, consent, language)
    ref = questionnaire.items.get(reference)
    if ref is None:
        return TriggeringAnswer(reference, str(value), labelled=True)
    if ref.group is not None and isinstance(value, list):
        rows = [v for v in value if isinstance(v, dict)]  # the rows that raised the flag
        if rows:
            return TriggeringAnswer(
                localized(ref.group.text, language),
                "\n".join(format_row(ref.group, row, language) for row in rows),
            )
        answer = "; ".join(format_answer(ref.item, v, language) for v in value)
    else:
        answer = format_answer(ref.item, value, language)
    return TriggeringAnswer(localized(ref.item.text, language), answer)


def _comprehension(
    question_id: str, value: Any, consent: ConsentDocument, language: str
) -> TriggeringAnswer:
    questions = {q.id: q for q in consent.definition.comprehension}
    question = questions.get(question_id)
    if question is None:
        return TriggeringAnswer(question_id, str(value), labelled=True)
    chosen = next(  # stored as the option's code or its English text
        (o.text for o in question.options if value in (o.value, localized(o.text, "en"))), None
    )
    answer = localized(chosen, language) if chosen else str(value)
    return TriggeringAnswer(localized(question.question, language), answer)
