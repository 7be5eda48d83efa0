"""The intake's answers as a FHIR R4 QuestionnaireResponse.

Sections are groups, a repeating group's rows are repeated group items with the same
linkId (FHIR's way for a repeating group), and each answer takes the type its item
asks for: yes/no ``valueBoolean``, text ``valueString``, whole numbers and scales
``valueInteger``, other numbers ``valueDecimal``, dates ``valueDate`` (a month alone
as ``YYYY-MM``), choices and joints ``valueCoding`` with the option's code and its
English text. Only answers that count appear: one hidden by a later answer was pruned
before (``questionnaire.visibility``), and an unanswered item has no entry.
"""

from __future__ import annotations

from typing import Any

from intake_app.fhir.canonical import intake_id_system, link_id, questionnaire_url, versioned
from intake_app.fhir.records import IntakeFacts
from intake_app.form_files.translations import localized
from intake_app.questionnaire.display import joint_label
from intake_app.questionnaire.form import ItemRef, Questionnaire
from intake_app.questionnaire.model import (
    ChildItem,
    DateItem,
    DisplayItem,
    GroupItem,
    Item,
    JointSideItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    SingleChoiceItem,
    YesNoItem,
)

ENGLISH = "en"  # item texts and option displays: the language the clinic's forms are written in


def questionnaire_response(facts: IntakeFacts, *, patient_url: str) -> dict[str, Any]:
    """The completed intake's answers, for the patient at ``patient_url``."""
    form = facts.questionnaire
    url = questionnaire_url(facts.canonical_base, form.form_id)
    return {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": intake_id_system(facts.canonical_base), "value": facts.intake_id},
        "questionnaire": versioned(url, form.version),
        "status": "completed",
        "subject": {"reference": patient_url},
        "authored": facts.completed_at.isoformat(),
        "source": {"reference": patient_url},
        "item": section_items(form, facts.answers),
    }


def section_items(form: Questionnaire, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """One group per section that has an answer, in the form's order."""
    groups = []
    for section in form.sections:
        items = [
            entry
            for item in section.items
            for entry in item_entries(form, form.items[item.id], answers.get(item.id))
        ]
        if items:
            text = localized(section.title, ENGLISH)
            groups.append({"linkId": section.id, "text": text, "item": items})
    return groups


def item_entries(form: Questionnaire, ref: ItemRef, value: Any) -> list[dict[str, Any]]:
    """The response items of one answer: none when blank, one per row for a group."""
    item = ref.item
    if _blank(value) or isinstance(item, DisplayItem):
        return []
    if isinstance(item, GroupItem):
        rows = [_row(form, item, row) for row in value]
        return [row for row in rows if row["item"]]
    answers = typed_answers(item, value)
    if not answers:
        return []
    return [{"linkId": link_id(ref), "text": localized(item.text, ENGLISH), "answer": answers}]


def _row(form: Questionnaire, group: GroupItem, row: dict[str, Any]) -> dict[str, Any]:
    children = [
        entry
        for child in group.items
        for entry in item_entries(form, form.items[f"{group.id}.{child.id}"], row.get(child.id))
    ]
    return {"linkId": group.id, "text": localized(group.text, ENGLISH), "item": children}


def typed_answers(item: Item | ChildItem, value: Any) -> list[dict[str, Any]]:
    """The FHIR answers of one (non-blank) answer, typed as its item asks."""
    if isinstance(item, YesNoItem):
        return [{"valueBoolean": bool(value)}]
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        texts = {option.value: localized(option.text, ENGLISH) for option in item.options}
        codes = value if isinstance(value, list) else [value]
        return [{"valueCoding": _coding(code, texts.get(code))} for code in codes]
    if isinstance(item, JointSideItem):
        return [{"valueCoding": _coding(code, joint_label(code, ENGLISH))} for code in value]
    if isinstance(item, ScaleItem):
        return [{"valueInteger": int(value)}]
    if isinstance(item, NumberItem):
        return [_number(value, whole=item.integer)]
    if isinstance(item, DateItem):
        return [{"valueDate": str(value)}]
    return [{"valueString": str(value)}]  # short and long text


def _number(value: Any, *, whole: bool) -> dict[str, Any]:
    """A whole-number item answers ``valueInteger``; any other number ``valueDecimal``."""
    return {"valueInteger": int(value)} if whole else {"valueDecimal": float(value)}


def _coding(code: str, display: str | None) -> dict[str, str]:
    return {"code": str(code)} | ({"display": display} if display else {})


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())
