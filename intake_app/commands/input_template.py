"""A JSON skeleton of one intake, for writing an answers file by hand or by script.

``answers`` has every item that takes an answer, set to null (a group to an
empty list). ``consent`` has what the patient did on the consent screens:
the sections acknowledged, questions for the nurse, every comprehension answer,
the decision, the typed name and the signature strokes, and an optional witness.
``guide`` says, per item, its type, whether it is required, its allowed options
or range, and when it is shown (its section's condition included), and the same
for the consent; it is ignored on input. Filled in, the skeleton is the input of
``intake-app packet --input``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from intake_app.chart.ink import ASPECT, MIN_INK, MIN_POINTS
from intake_app.form_files.translations import localized
from intake_app.kiosk.limits import (
    MRN_MAX,
    PERSON_NAME_MAX,
    SIGNED_NAME_MAX,
    WITNESS_NAME_MAX,
    WITNESS_ROLE_MAX,
)
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    ChildItem,
    Condition,
    DateItem,
    GroupItem,
    Item,
    JointSideItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    SingleChoiceItem,
    YesNoItem,
)

if TYPE_CHECKING:
    from intake_app.consent.document import ConsentDocument

PATIENT_FIELDS = {
    "given_names": f"text, required, up to {PERSON_NAME_MAX} characters: the registered "
    "name; the form does not ask it again",
    "family_name": f"text, required, up to {PERSON_NAME_MAX} characters",
    "date_of_birth": "YYYY-MM-DD, required: the registered date of birth (the age and "
    "the rules that depend on it come from it)",
    "mrn": f"text or null, up to {MRN_MAX} characters: the chart's medical record number; "
    "an MRN already on file must come with that patient's name and date of birth",
}
ABOUT = (
    "Fill in patient, answers and consent; this guide is ignored on input. An item is "
    "asked only when its shown_when holds (its section's condition included; it may name "
    "a calculated value, worked out from the answers); answers to items not asked are "
    "not stored. Then: intake-app packet --input FILE.json --out DIR (while any field has "
    "a problem, nothing is stored)"
)
STROKES = (
    'a list of strokes, each a list of points {"x": 0.1, "y": 0.2, "t": 0}: '
    f"x from 0 to 1 and y from 0 to {1 / ASPECT:.2f} in pad widths (the pad is {ASPECT:g} "
    "times wider than high), t in milliseconds, an optional pressure p from 0 to 1; "
    f"at least {MIN_POINTS} points and {MIN_INK:g} pad widths of ink"
)


def intake_template(
    questionnaire: Questionnaire,
    language: str = "en",
    consent: ConsentDocument | None = None,
    *,
    study_pays: bool = False,
) -> dict[str, Any]:
    """The skeleton as a JSON-ready dict (with a consent block when a consent is given).

    ``study_pays``: the clinic's FDA study pays for the shot, which changes the question
    about cost.
    """
    answers: dict[str, Any] = {}
    guide: dict[str, Any] = {}
    for ref in questionnaire.top_level_items():
        item = ref.item
        answers[item.id] = [] if isinstance(item, GroupItem) else None
        guide[item.id] = describe_item(item, language, shown_with=ref.section.enable_when) | {
            "section": ref.section.id
        }
    skeleton: dict[str, Any] = {
        "form": questionnaire.form_id,
        "version": questionnaire.version,
        "language": language,
        "patient": dict.fromkeys(PATIENT_FIELDS, None),
        "answers": answers,
        "guide": {
            "about": ABOUT,
            "patient": PATIENT_FIELDS,
            "answers": guide,
            "calculated": {
                calc.id: localized(calc.text, language)
                for calc in questionnaire.definition.calculations
            },
        },
    }
    if consent is not None:
        asked = consent.definition.questions_asked(study_pays=study_pays)
        skeleton["consent"] = consent_skeleton(asked)
        skeleton["guide"]["consent"] = consent_guide(consent, asked, questionnaire, language)
    return skeleton


def describe_item(
    item: Item | ChildItem, language: str, shown_with: Condition | None = None
) -> dict[str, Any]:
    """Type, requirement, allowed values and condition of one item.

    ``shown_with`` is the condition of the item's section: an item is shown only
    when both hold, so ``shown_when`` gives both.
    """
    entry: dict[str, Any] = {
        "type": item.type,
        "required": item.required,
        "text": localized(item.text, language),
    }
    entry.update(_allowed(item, language))
    conditions = [_dump(c) for c in (shown_with, item.enable_when) if c is not None]
    if conditions:
        entry["shown_when"] = conditions[0] if len(conditions) == 1 else {"all": conditions}
    return entry


def _dump(condition: Condition) -> Any:
    return condition.model_dump(mode="json", by_alias=True, exclude_none=True)


def consent_skeleton(asked: list[Any]) -> dict[str, Any]:
    """What the patient and staff did on the consent screens, every field empty."""
    return {
        "acknowledged": [],
        "questions": [],
        "comprehension": dict.fromkeys(q.id for q in asked),
        "talked": None,
        "answers_after_talk": {},
        "released": {},
        "decision": None,
        "signed_name": None,
        "signature": [],
        "witness": None,
    }


RELEASE = '{"by": "the name of the staff member"}'
TALK_EXAMPLE = '{"by": "the name of the staff member", "note": "what was discussed"}'


def consent_guide(
    consent: ConsentDocument, asked: list[Any], questionnaire: Questionnaire, language: str
) -> dict[str, Any]:
    """The consent's sections and comprehension questions, and how to fill each field."""
    definition = consent.definition
    rules = questionnaire.definition.flags
    before_consent = [r.id for r in rules if r.hold_point == "before_consent"]
    before_decision = [r.id for r in rules if r.hold_point == "before_decision"]
    return {
        "consent": f"{consent.consent_id} {consent.version}",
        "sections": {s.id: localized(s.title, language) for s in definition.sections},
        "acknowledged": "required: the id of every section in 'sections', each one the "
        "patient read and tapped \u201cI understand\u201d on",
        "questions": "ids of the sections the patient has a question about (the nurse is "
        "flagged to talk with them); may be empty",
        "comprehension": {
            q.id: {
                "text": localized(q.question, language),
                "section": q.section,
                "options": [o.value for o in q.options],
                "required": True,
            }
            for q in asked
        },
        "talked": f"null, or {TALK_EXAMPLE}: required when the patient asked a question or "
        "answered a comprehension question wrongly; the tablet holds the patient until "
        "staff have talked it over. The note (optional, up to 500 characters) is printed in "
        "the chart",
        "answers_after_talk": "after the talk, the patient's second answer to each question "
        'first answered wrongly, e.g. {"fda_approved": "not_approved"}; the first answer '
        "stays on record. A second wrong answer cannot be recorded from a file",
        "released": {
            "about": "who let the patient go on where the tablet holds them for staff; the "
            f"times recorded are those of the import. Each is {RELEASE}",
            "before_consent": "required when one of these flags fires: "
            + (", ".join(before_consent) or "none in this form")
            + " (an interpreter need, or a language the patient prefers)",
            "before_decision": "required when one of these STOP flags fires: "
            + (", ".join(before_decision) or "none in this form"),
            "signed_name": "required when signed_name is not the registered name "
            "(patient.given_names and patient.family_name): staff accepted the typed name",
        },
        "decision": "required: 'agree' or 'refuse'",
        "signed_name": f"required: the full name the patient typed, up to {SIGNED_NAME_MAX} "
        "characters",
        "signature": "required: the patient's signature, " + STROKES,
        "witness": {
            "about": "null, or a staff witness who saw the patient sign (required when the "
            "clinic's settings ask for one)",
            "name": f"text, required, up to {WITNESS_NAME_MAX} characters",
            "role": f"text, required, up to {WITNESS_ROLE_MAX} characters, for example: nurse",
            "signature": "required: the witness's signature, " + STROKES,
        },
    }


def _allowed(item: Item | ChildItem, language: str) -> dict[str, Any]:
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        return {"options": [o.value for o in item.options]}
    if isinstance(item, YesNoItem):
        return {"options": [True, False]}
    if isinstance(item, NumberItem):
        limits = {"unit": item.unit, "min": item.min, "max": item.max, "integer": item.integer}
        return {k: v for k, v in limits.items() if v is not None}
    if isinstance(item, ScaleItem):
        return {"min": item.min, "max": item.max}
    if isinstance(item, DateItem):
        return {"format": "YYYY-MM" if item.precision == "month" else "YYYY-MM-DD"}
    if isinstance(item, JointSideItem):
        return {
            "options": [f"{joint}:{side}" for joint in item.joints for side in ("left", "right")]
        }
    if isinstance(item, GroupItem):
        row = {
            child.id: describe_item(child, language)
            for child in item.items
            if child.type != "display"
        }
        return {"min_rows": item.min_rows, "max_rows": item.max_rows, "row": row}
    return {"max_length": getattr(item, "max_length", None)} if hasattr(item, "max_length") else {}
