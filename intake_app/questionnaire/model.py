"""The questionnaire as data: the schema every questionnaire file must follow.

These models describe a form; they hold no answers. They mirror FHIR's
Questionnaire closely enough to export later (item id ~ linkId, enable_when ~
enableWhen + enableBehavior). See docs/form-model.md for the file format.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag

from intake_app.form_files.model import FormId, Identifier, LanguageCode, LocalizedText, Strict

Reference = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]

Operator = Literal["equals", "not_equals", "greater", "less", "exists", "includes"]
Severity = Literal["stop", "review", "note"]
SEVERITY_ORDER: dict[str, int] = {"stop": 0, "review": 1, "note": 2}
SIDES = ("left", "right")
Joint = Literal["shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "foot"]
JOINTS: tuple[Joint, ...] = ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "foot")
ConditionValue = bool | int | float | dt.date | str | None


# --- Conditions ---------------------------------------------------------------


class AnswerTest(Strict):
    """One test on one answer, e.g. ``{item: pregnant, operator: equals, value: true}``."""

    item: Reference
    operator: Operator
    value: ConditionValue = None


class AllOf(Strict):
    """True when every condition holds (FHIR enableBehavior ``all``)."""

    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(Strict):
    """True when at least one condition holds (FHIR enableBehavior ``any``)."""

    any: Annotated[list[Condition], Field(min_length=1)]


def _condition_kind(raw: Any) -> str:
    """Which kind of condition a YAML mapping (or an already built model) is."""
    if isinstance(raw, dict):
        if "all" in raw:
            return "all"
        if "any" in raw:
            return "any"
        return "test"
    return {"AllOf": "all", "AnyOf": "any", "AnswerTest": "test"}.get(type(raw).__name__, "")


Condition = Annotated[
    Annotated[AnswerTest, Tag("test")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")],
    Discriminator(_condition_kind),
]

# --- Items ----------------------------------------------------------------------


# A clinic value a form text may show as {name}; an item that names one in
# ``clinic_value`` is asked only when the clinic has set it.
ClinicValueName = Literal["product_components"]
CLINIC_VALUES: tuple[str, ...] = ("product_components",)


class ItemBase(Strict):
    """What every item has: an id, the question, and when it is shown."""

    id: Identifier
    text: LocalizedText
    help: LocalizedText | None = None
    required: bool = False
    enable_when: Condition | None = None
    clinic_value: ClinicValueName | None = None
    sources: list[str] = Field(default_factory=list)


class ShortTextItem(ItemBase):
    type: Literal["short_text"]
    max_length: Annotated[int, Field(gt=0)] = 200
    format: Literal["email"] | None = None  # checked as well as stored as typed


class LongTextItem(ItemBase):
    type: Literal["long_text"]
    max_length: Annotated[int, Field(gt=0)] = 4000


class YesNoItem(ItemBase):
    type: Literal["yes_no"]


class Option(Strict):
    """One choice the patient can pick; ``value`` is what is stored."""

    value: Identifier
    text: LocalizedText
    exclusive: bool = False


class SingleChoiceItem(ItemBase):
    type: Literal["single_choice"]
    options: Annotated[list[Option], Field(min_length=2)]


class MultipleChoiceItem(ItemBase):
    type: Literal["multiple_choice"]
    options: Annotated[list[Option], Field(min_length=2)]


class NumberItem(ItemBase):
    type: Literal["number"]
    unit: str | None = None
    unit_text: LocalizedText | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False


class DateItem(ItemBase):
    type: Literal["date"]
    allow_future: bool = False
    precision: Literal["day", "month"] = "day"


class ScaleItem(ItemBase):
    type: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: LocalizedText | None = None
    max_label: LocalizedText | None = None


class JointSideItem(ItemBase):
    type: Literal["joint_side"]
    joints: Annotated[list[Joint], Field(min_length=1)] = Field(
        default_factory=lambda: list(JOINTS)
    )


class DisplayItem(ItemBase):
    type: Literal["display"]


LeafItem = (
    ShortTextItem
    | LongTextItem
    | YesNoItem
    | SingleChoiceItem
    | MultipleChoiceItem
    | NumberItem
    | DateItem
    | ScaleItem
    | JointSideItem
    | DisplayItem
)
ChildItem = Annotated[LeafItem, Field(discriminator="type")]


class GroupItem(ItemBase):
    """A repeating group: a table the patient fills row by row (medications...)."""

    type: Literal["group"]
    items: Annotated[list[ChildItem], Field(min_length=1)]
    min_rows: Annotated[int, Field(ge=0)] = 0
    max_rows: Annotated[int, Field(ge=1)] = 20
    add_label: LocalizedText | None = None


Item = Annotated[LeafItem | GroupItem, Field(discriminator="type")]


class Section(Strict):
    """A titled part of the form; one page (or more) of the wizard."""

    id: Identifier
    title: LocalizedText
    enable_when: Condition | None = None
    items: Annotated[list[Item], Field(min_length=1)]


# --- Calculated values -------------------------------------------------------------


class CalculationBase(Strict):
    id: Identifier
    text: LocalizedText


class BmiCalculation(CalculationBase):
    """Body mass index from height parts (summed) and weight, in kg/m²."""

    kind: Literal["bmi"]
    height: Annotated[list[Reference], Field(min_length=1)]
    weight: Reference


class AgeCalculation(CalculationBase):
    """Whole years to today from a date answer, or (no ``date``) from the registered birth date.

    The patient's name and date of birth are what staff registered for the intake; the
    form does not ask them again, so the age comes from the registration.
    """

    kind: Literal["age_years"]
    date: Reference | None = None


class DaysSinceCalculation(CalculationBase):
    """Days from a date answer to today."""

    kind: Literal["days_since"]
    date: Reference


class SameJoint(Strict):
    """Count only rows whose joint answer shares a joint and side with another answer."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    row_item: Identifier
    as_item: Reference = Field(alias="as")


class DaysSinceLastCalculation(CalculationBase):
    """Days since the most recent matching row of a repeating group."""

    kind: Literal["days_since_last"]
    group: Identifier
    date: Identifier
    where: Condition | None = None
    same_joint: SameJoint | None = None


class FormLanguageCalculation(CalculationBase):
    """The language the form is being answered in (a language code such as ``es``)."""

    kind: Literal["form_language"]


Calculation = Annotated[
    BmiCalculation
    | AgeCalculation
    | DaysSinceCalculation
    | DaysSinceLastCalculation
    | FormLanguageCalculation,
    Field(discriminator="kind"),
]

# --- Flag rules ----------------------------------------------------------------------


HoldPoint = Literal["before_consent", "before_decision"]


class FlagRule(Strict):
    """When ``when`` holds, the nurse sees ``message`` with the given severity.

    A ``stop`` flag always holds the patient before the consent decision; ``hold``
    can hold a patient earlier (``before_consent``, e.g. when an interpreter is needed)
    or hold for a flag of another severity.
    """

    id: Identifier
    severity: Severity
    when: Condition
    message: Annotated[str, Field(min_length=1)]
    sources: Annotated[list[str], Field(min_length=1)]
    hold: HoldPoint | None = None
    show: list[Reference] = Field(default_factory=list)  # answers shown with it, when given

    @property
    def hold_point(self) -> HoldPoint | None:
        """Where this flag holds the patient for staff, if it does."""
        if self.hold is not None:
            return self.hold
        return "before_decision" if self.severity == "stop" else None


# --- The form --------------------------------------------------------------------------


class FormDefinition(Strict):
    """One version of one questionnaire, as written in its YAML file."""

    form: FormId
    version: Annotated[str, Field(pattern=r"^[0-9][0-9A-Za-z.\-]*$")]
    status: Literal["draft", "active", "retired"]
    title: LocalizedText
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    sources: dict[str, str] = Field(default_factory=dict)
    sections: Annotated[list[Section], Field(min_length=1)]
    calculations: list[Calculation] = Field(default_factory=list)
    flags: list[FlagRule] = Field(default_factory=list)


AllOf.model_rebuild()
AnyOf.model_rebuild()
