"""The clinic's intake questionnaire: complete, bilingual, honest, and every flag rule works.

The flag table holds, for every condition of every rule in the shipped form, answers
that raise the rule through that condition alone (and raise no other rule); for
every threshold, the answers just inside it and exactly on it (182 and 183 days,
hemoglobin 9.9 and 10); and nearby answers that must not raise it. Further tests
hold the table against the form, so a rule, condition or threshold added or
changed without its rows fails, and so does one deleted or moved by mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest

from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.conditions import evaluate
from intake_app.questionnaire.flags import raise_flags
from intake_app.questionnaire.model import AllOf, AnyOf, GroupItem
from intake_app.questionnaire.visibility import resolve
from tests.conftest import SHIPPED_INTAKE, TODAY

# A complete intake that raises no flag: the baseline each table row changes. The name
# and date of birth are the registration's (IntakeFacts), never answers.
BORN = dt.date(1958, 3, 2)
CLEAR = {
    "decides_for_self": True,
    "sex_at_birth": "female",
    "preferred_language": "english",
    "interpreter_needed": False,
    "phone": "555-0100",
    "target_joints": ["knee:left"],
    "pain_now": 6,
    "symptoms": ["swelling"],
    "joint_hot_red_swollen": False,
    "fever_recent": False,
    "skin_problem_at_site": False,
    "infection_now": False,
    "feel_sick_today": False,
    "recent_illness": False,
    "had_joint_injections": True,
    "prior_injections": [
        {
            "injection_type": "steroid",
            "injection_joints": ["knee:left"],
            "injection_date": "2025-01",
        },
        {
            "injection_type": "steroid",
            "injection_joints": ["knee:right"],
            "injection_date": "2026-10",
        },
    ],
    "had_joint_surgery": False,
    "joint_replacement_target": False,
    "planned_joint_replacement": False,
    "conditions": ["heart_disease"],
    "joint_infection_past": False,
    "blood_thinner": False,
    "nsaid_last_48h": False,
    "oral_steroid_recent": False,
    "immunosuppressant": False,
    "has_allergies": True,
    "allergies": [
        {"allergy_substance": "food", "allergy_reaction": "hives", "allergy_severity": "moderate"}
    ],
    "product_component_allergy": False,
    "faint_with_needles": False,
    "prior_injection_reaction": False,
    "height_ft": 5,
    "height_in": 4,
    "weight_lb": 170,
}


@dataclass(frozen=True)
class Row:
    """Changes to the clear intake, the day it is read, the registered birth date and the
    form's language, and whether ``rule`` must fire."""

    rule: str
    why: str
    changes: dict[str, Any]
    fires: bool
    on: dt.date = TODAY
    born: dt.date = BORN
    language: str = "en"

    @property
    def facts(self) -> IntakeFacts:
        return IntakeFacts(self.born, self.language)


def fires(rule: str, why: str, changes: dict[str, Any], on: dt.date = TODAY, **facts: Any) -> Row:
    """A row whose answers raise this rule and no other."""
    return Row(rule, why, changes, True, on, **facts)


def silent(rule: str, why: str, changes: dict[str, Any], on: dt.date = TODAY, **facts: Any) -> Row:
    """A row whose answers, close to the rule's, must not raise it."""
    return Row(rule, why, changes, False, on, **facts)


def injection(kind: str, month: str, joint: str = "knee:left", **extra: str) -> dict[str, Any]:
    row = {"injection_type": kind, "injection_joints": [joint], "injection_date": month, **extra}
    return {"prior_injections": [row]}


def days_before(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def allergy(substance: str, severity: str = "mild") -> dict[str, Any]:
    row = {"allergy_substance": substance, "allergy_reaction": "rash", "allergy_severity": severity}
    return {"allergies": [row]}


def born_years_before(on: dt.date, years: int, days: int = 0) -> dt.date:
    """A birth date ``years`` years (and ``days`` days more) before ``on``."""
    return on.replace(year=on.year - years) - dt.timedelta(days=days)


# A month-only injection date counts from the month's last day: "2026-05" is 2026-05-31.
MAY_END = dt.date(2026, 5, 31)
SPANISH = {"preferred_language": "spanish"}
DAY_182, DAY_183 = MAY_END + dt.timedelta(days=182), MAY_END + dt.timedelta(days=183)
YOUNG_WOMAN = {"pregnant": False, "breastfeeding": False}
YOUNG = {"born": dt.date(1990, 3, 2)}
DIABETES = {"conditions": ["diabetes"], "diabetes_control": "well_controlled"}
CANCER_PAST = {"conditions": ["cancer_past"], "cancer_last_treated": "2009-06"}
SURGERY = {"had_joint_surgery": True}

# One firing row per condition of every rule (only that condition holds), and for every
# threshold the rows just inside and exactly on it, read from the shipped form.
FLAG_ROWS = [
    fires("active_infection", "hot red swollen joint", {"joint_hot_red_swollen": True}),
    fires("active_infection", "fever", {"fever_recent": True}),
    fires("active_infection", "skin problem at site", {"skin_problem_at_site": True}),
    fires("active_infection", "infection now", {"infection_now": True}),
    silent("active_infection", "swelling is not infection", {"symptoms": ["swelling", "clicking"]}),
    fires("unwell_today", "feels sick", {"feel_sick_today": True}),
    silent("unwell_today", "feels well", {"feel_sick_today": False}),
    fires("recent_illness", "ill in last 2 weeks", {"recent_illness": True}),
    silent("recent_illness", "not ill", {"recent_illness": False}),
    fires(
        "bleeding_risk",
        "blood thinner",
        {"blood_thinner": True, "blood_thinner_names": ["apixaban"]},
    ),
    fires("bleeding_risk", "bleeding disorder", {"conditions": ["bleeding_disorder"]}),
    silent(
        "bleeding_risk",
        "anemia is not a bleeding disorder",
        {"conditions": ["anemia_or_low_platelets"]},
    ),
    fires("nsaid_48h", "NSAID", {"nsaid_last_48h": True}),
    silent("nsaid_48h", "no NSAID", {"nsaid_last_48h": False}),
    fires("joint_steroid_injection_6_months", "182 days", injection("steroid", "2026-05"), DAY_182),
    silent(
        "joint_steroid_injection_6_months", "183 days", injection("steroid", "2026-05"), DAY_183
    ),
    silent(
        "joint_steroid_injection_6_months",
        "other knee",
        injection("steroid", "2026-10", "knee:right"),
    ),
    silent("joint_steroid_injection_6_months", "not a steroid", injection("prp", "2026-10")),
    fires(
        "oral_steroid_1_month",
        "30 days",
        {"oral_steroid_recent": True, "oral_steroid_last_dose": days_before(30)},
    ),
    silent(
        "oral_steroid_1_month",
        "31 days",
        {"oral_steroid_recent": True, "oral_steroid_last_dose": days_before(31)},
    ),
    fires(
        "hyaluronic_injection_6_months",
        "182 days",
        injection("hyaluronic_acid", "2026-05"),
        DAY_182,
    ),
    silent(
        "hyaluronic_injection_6_months",
        "183 days",
        injection("hyaluronic_acid", "2026-05"),
        DAY_183,
    ),
    silent("hyaluronic_injection_6_months", "PRP is not gel", injection("prp", "2026-10")),
    fires(
        "unknown_injection_6_months",
        "not sure, 182 days",
        injection("not_sure", "2026-05"),
        DAY_182,
    ),
    silent(
        "unknown_injection_6_months",
        "not sure, 183 days",
        injection("not_sure", "2026-05"),
        DAY_183,
    ),
    fires(
        "unknown_injection_6_months",
        "other kind, 182 days",
        injection("other", "2026-05", injection_type_other="ozone"),
        DAY_182,
    ),
    fires("pregnant_or_breastfeeding", "pregnant", YOUNG_WOMAN | {"pregnant": True}, **YOUNG),
    fires(
        "pregnant_or_breastfeeding",
        "breastfeeding",
        YOUNG_WOMAN | {"breastfeeding": True},
        **YOUNG,
    ),
    silent("pregnant_or_breastfeeding", "neither", YOUNG_WOMAN, **YOUNG),
    silent(
        "pregnant_or_breastfeeding",
        "answer hidden for a man",
        YOUNG_WOMAN | {"sex_at_birth": "male", "pregnant": True},
        **YOUNG,
    ),
    fires("cancer_now", "cancer now", {"conditions": ["cancer_now"]}),
    silent("cancer_now", "cancer in the past", CANCER_PAST),
    silent("cancer_now", "kidney disease", {"conditions": ["kidney_disease"]}),
    fires("cancer_past", "treated in 2009", CANCER_PAST),
    silent("cancer_past", "kidney disease", {"conditions": ["kidney_disease"]}),
    fires("immunosuppression", "immunosuppressant", {"immunosuppressant": True}),
    fires("immunosuppression", "immune weakness", {"conditions": ["immune_weakness"]}),
    silent("immunosuppression", "liver disease", {"conditions": ["liver_disease"]}),
    fires("inflammatory_arthritis", "rheumatoid", {"conditions": ["rheumatoid_arthritis"]}),
    fires("inflammatory_arthritis", "gout", {"conditions": ["gout", "heart_disease"]}),
    fires("inflammatory_arthritis", "other", {"conditions": ["other_inflammatory_arthritis"]}),
    silent("inflammatory_arthritis", "diabetes", {"conditions": ["diabetes"]}),
    fires("implant_in_target_joint", "implant", {"joint_replacement_target": True}),
    silent("implant_in_target_joint", "implant elsewhere", {"other_implants": "pacemaker"}),
    fires(
        "diabetes_poorly_controlled",
        "not well controlled",
        DIABETES | {"diabetes_control": "not_well_controlled", "last_a1c": 7},
    ),
    fires("diabetes_poorly_controlled", "A1C 8.1", DIABETES | {"last_a1c": 8.1}),
    silent("diabetes_poorly_controlled", "A1C 8.0", DIABETES | {"last_a1c": 8.0}),
    silent("diabetes_poorly_controlled", "A1C hidden without diabetes", {"last_a1c": 9.5}),
    fires("allergy_relevant", "lidocaine", allergy("lidocaine_or_numbing")),
    fires("allergy_relevant", "iodine", allergy("iodine_or_betadine")),
    fires("allergy_relevant", "chlorhexidine", allergy("chlorhexidine")),
    fires("allergy_relevant", "latex", allergy("latex")),
    fires("allergy_relevant", "DMSO", allergy("dmso")),
    silent("allergy_relevant", "antibiotic", allergy("antibiotic")),
    fires("fainting_risk", "faints with needles", {"faint_with_needles": True}),
    silent("fainting_risk", "a reaction is not fainting", {"prior_injection_reaction": True}),
    fires("injection_reaction", "reaction to an injection", {"prior_injection_reaction": True}),
    silent("injection_reaction", "faints with needles", {"faint_with_needles": True}),
    fires("planned_replacement", "planned", {"planned_joint_replacement": True}),
    silent(
        "planned_replacement",
        "past surgery long ago",
        SURGERY | {"joint_surgery_date": "2019-05", "joint_surgeries": "scope"},
    ),
    fires("anemia_low_platelets", "reported", {"conditions": ["anemia_or_low_platelets"]}),
    fires("anemia_low_platelets", "hemoglobin 9.9", {"hemoglobin_known": 9.9}),
    silent("anemia_low_platelets", "hemoglobin 10", {"hemoglobin_known": 10}),
    fires("anemia_low_platelets", "platelets 99", {"platelets_known": 99}),
    silent("anemia_low_platelets", "platelets 100", {"platelets_known": 100}),
    fires("bmi_over_30", "BMI 30.1", {"weight_lb": 175.1}),  # 5 ft 4 in
    silent("bmi_over_30", "BMI 30.0", {"weight_lb": 174.8}),
    fires("joint_unstable_or_locking", "giving way", {"symptoms": ["giving_way"]}),
    fires("joint_unstable_or_locking", "locking", {"symptoms": ["locking"]}),
    silent(
        "joint_unstable_or_locking", "stiffness", {"symptoms": ["morning_stiffness", "night_pain"]}
    ),
    fires("fracture_near_target_joint", "fracture", {"fracture_near_joint": True}),
    silent("fracture_near_target_joint", "no fracture", {"fracture_near_joint": False}),
    fires("hip_or_spine", "hip or spine", {"conditions": ["hip_or_spine_problem"]}),
    silent("hip_or_spine", "heart", {"conditions": ["heart_disease"]}),
    fires("red_flag_weight_loss_numbness", "weight loss", {"weight_loss_unexplained": True}),
    fires("red_flag_weight_loss_numbness", "numbness", {"numbness_weakness": True}),
    silent("red_flag_weight_loss_numbness", "neither", {"weight_loss_unexplained": False}),
    fires("minor", "17 and 364 days", YOUNG_WOMAN, born=born_years_before(TODAY, 18, -1)),
    silent("minor", "18 today", YOUNG_WOMAN, born=born_years_before(TODAY, 18)),
    fires("cannot_decide", "a guardian decides", {"decides_for_self": False}),
    silent("cannot_decide", "decides for self", {"decides_for_self": True}),
    fires("language_support", "interpreter wanted", {"interpreter_needed": True}),
    fires("language_support", "another language", {"preferred_language": "other"}),
    fires("language_support", "prefers English, form in Spanish", {}, language="es"),
    fires(
        "language_support",
        "prefers Spanish, form in English",
        {"preferred_language": "spanish"},
    ),
    silent("language_support", "prefers Spanish, form in Spanish", SPANISH, language="es"),
    silent("language_support", "prefers English, form in English", {}),
    fires(
        "recent_joint_surgery",
        "91 days",
        SURGERY | {"joint_surgery_date": "2026-05"},
        MAY_END + dt.timedelta(days=91),
    ),
    silent(
        "recent_joint_surgery",
        "92 days",
        SURGERY | {"joint_surgery_date": "2026-05"},
        MAY_END + dt.timedelta(days=92),
    ),
    fires("prior_biologic_injection", "PRP", injection("prp", "2019-01")),
    fires(
        "prior_biologic_injection",
        "stem cells",
        injection("stem_cell", "2019-01", injection_product="CellX"),
    ),
    fires("prior_biologic_injection", "exosomes", injection("exosome", "2019-01")),
    silent("prior_biologic_injection", "a steroid long ago", injection("steroid", "2019-01")),
    fires("severe_allergy", "anaphylaxis to food", allergy("food", "severe")),
    silent("severe_allergy", "moderate", allergy("food", "moderate")),
    fires("product_component_allergy", "allergic", {"product_component_allergy": True}),
    silent("product_component_allergy", "not allergic", {"product_component_allergy": False}),
    fires("blood_clots", "DVT", {"conditions": ["blood_clots"]}),
    silent("blood_clots", "bleeding is not clotting", {"conditions": ["kidney_disease"]}),
    fires("joint_infection_history", "septic joint", {"joint_infection_past": True}),
    silent("joint_infection_history", "none", {"joint_infection_past": False}),
]

# Clinical-facts section 4: each screening row, and the rule ids that cover it.
SECTION_4_ROWS = {
    "active infection": {"active_infection", "recent_illness"},
    "septicemia, unstable": {"unwell_today"},
    "bleeding disorder, anticoagulant or antiplatelet": {"bleeding_risk"},
    "NSAID/aspirin in last 48 h": {"nsaid_48h"},
    "steroid injection into the knee": {"joint_steroid_injection_6_months"},
    "oral/systemic steroids": {"oral_steroid_1_month"},
    "hyaluronic acid injection": {"hyaluronic_injection_6_months"},
    "pregnancy or breastfeeding": {"pregnant_or_breastfeeding"},
    "cancer": {"cancer_now", "cancer_past"},
    "immunosuppression": {"immunosuppression"},
    "inflammatory arthritis": {"inflammatory_arthritis"},
    "implant in the target joint": {"implant_in_target_joint"},
    "diabetes, poorly controlled": {"diabetes_poorly_controlled"},
    "allergies": {"allergy_relevant"},
    "fainting with needles": {"fainting_risk", "injection_reaction"},
    "planned knee replacement": {"planned_replacement"},
    "anemia / low platelets": {"anemia_low_platelets"},
    "optional: BMI, unstable/locked joint, fracture, hip/spine": {
        "bmi_over_30",
        "joint_unstable_or_locking",
        "fracture_near_target_joint",
        "hip_or_spine",
    },
}


def view_of(form, row):
    return resolve(form, CLEAR | row.changes, row.on, row.facts)


def test_the_baseline_intake_is_complete_and_raises_no_flag(intake_form):
    view = resolve(intake_form, CLEAR, TODAY, IntakeFacts(BORN, "en"))
    assert missing_answers(intake_form, view) == []
    assert raise_flags(intake_form, view) == []


@pytest.mark.parametrize("row", FLAG_ROWS, ids=lambda row: f"{row.rule}: {row.why}")
def test_flag_table_row(intake_form, row):
    assert missing_answers(intake_form, view_of(intake_form, row)) == []
    raised = {flag.rule_id for flag in raise_flags(intake_form, view_of(intake_form, row))}
    if row.fires:
        assert raised == {row.rule}
    else:
        assert row.rule not in raised


def test_every_flag_rule_has_rows_in_the_table(intake_form):
    assert {rule.id for rule in intake_form.definition.flags} == {row.rule for row in FLAG_ROWS}


def alternatives(condition):
    """The ways a rule can fire: the parts of an ``any``; an ``all`` is one way."""
    if isinstance(condition, AnyOf):
        return [way for part in condition.any for way in alternatives(part)]
    return [condition]


def answer_tests(condition):
    """The single tests inside a rule's condition."""
    if isinstance(condition, AllOf):
        return [test for part in condition.all for test in answer_tests(part)]
    if isinstance(condition, AnyOf):
        return [test for part in condition.any for test in answer_tests(part)]
    return [condition]


def holding(form, conditions, row):
    """Which of the conditions hold for the row's answers."""
    scope = view_of(form, row).scope(form)
    return [c for c in conditions if evaluate(c, scope).holds]


RULES = sorted({row.rule for row in FLAG_ROWS})


def rule_named(form, rule_id):
    return next(rule for rule in form.definition.flags if rule.id == rule_id)


@pytest.mark.parametrize("rule_id", RULES)
def test_each_way_a_rule_fires_has_a_row_of_its_own(intake_form, rule_id):
    # A condition deleted from the form must turn a row red: so each needs a row of its own.
    rule = rule_named(intake_form, rule_id)
    ways = alternatives(rule.when)
    alone = [
        holding(intake_form, ways, row) for row in FLAG_ROWS if row.rule == rule_id and row.fires
    ]
    for way in ways:
        assert [way] in alone, f"no row where only {way} holds"


@pytest.mark.parametrize("rule_id", RULES)
def test_each_part_of_an_all_has_a_silent_row_missing_only_it(intake_form, rule_id):
    # A part of an ``all`` deleted from the form would raise the flag too often.
    rule = rule_named(intake_form, rule_id)
    silent_rows = [row for row in FLAG_ROWS if row.rule == rule_id and not row.fires]
    for way in alternatives(rule.when):
        if not isinstance(way, AllOf):
            continue
        for part in way.all:
            others = [p for p in way.all if p is not part]
            assert any(
                holding(intake_form, others, row) == others
                and not holding(intake_form, [part], row)
                for row in silent_rows
            ), f"no silent row where all of {way} but {part} holds"


def value_in(form, row, reference):
    view = view_of(form, row)
    value = view.calculated.get(reference, view.answers.get(reference))
    return value if isinstance(value, (int, float)) else None


@pytest.mark.parametrize("rule_id", RULES)
def test_every_threshold_has_a_row_just_inside_and_one_exactly_on_it(intake_form, rule_id):
    # Moving a threshold by one (183 -> 182 or 184 days, Hb 10 -> 9) must turn a row red.
    rule = rule_named(intake_form, rule_id)
    rows = [row for row in FLAG_ROWS if row.rule == rule_id]
    for test in answer_tests(rule.when):
        if test.operator not in ("greater", "less"):
            continue
        inside = 1 if test.operator == "greater" else -1
        values = [(value_in(intake_form, row, test.item), row.fires) for row in rows]
        firing = [v for v, fired in values if fired and v is not None]
        assert any(0 < (v - test.value) * inside <= 1 for v in firing), (
            f"no firing row with {test.item} within 1 inside {test.value}: {firing}"
        )
        assert (test.value, False) in values, f"no silent row with {test.item} = {test.value}"


def test_every_screening_row_of_the_clinical_facts_is_covered(intake_form):
    rule_ids = {rule.id for rule in intake_form.definition.flags}
    for row, rules in SECTION_4_ROWS.items():
        assert rules <= rule_ids, row
    assert len(rule_ids) >= 12


def test_flags_reach_the_nurse_worst_first(intake_form):
    changes = {"weight_lb": 200, "nsaid_last_48h": True, "conditions": ["cancer_now"]}
    view = resolve(intake_form, CLEAR | changes, TODAY, IntakeFacts(BORN, "en"))
    assert [f.severity for f in raise_flags(intake_form, view)] == ["stop", "review", "note"]


def test_pregnancy_questions_are_only_asked_when_relevant(intake_form):
    def shown(changes, born):
        view = resolve(intake_form, CLEAR | changes, TODAY, IntakeFacts(born, "en"))
        return "pregnancy" in view.visible_sections

    assert shown({}, dt.date(1990, 1, 1))
    assert not shown({"sex_at_birth": "male"}, dt.date(1990, 1, 1))
    assert not shown({}, dt.date(1950, 1, 1))


def test_the_form_never_asks_the_name_or_birth_date_again(intake_form):
    # One identity per intake: the registration's. A second name or birth date could differ.
    asked = {ref.item.id for ref in intake_form.items.values()}
    assert not asked & {"given_names", "family_name", "date_of_birth"}
    assert "age" in intake_form.calculations


def test_a_table_flag_shows_the_whole_rows_that_raised_it(intake_form):
    # The nurse sees the product and date with the earlier stem-cell shot, the reaction with
    # the allergy; rows that did not raise the flag are left out.
    changes = injection("stem_cell", "2024-02", injection_product="CellX") | {
        "prior_injections": [
            {
                "injection_type": "steroid",
                "injection_joints": ["knee:left"],
                "injection_date": "2019-01",
            },
            {
                "injection_type": "stem_cell",
                "injection_product": "CellX",
                "injection_joints": ["knee:right"],
                "injection_date": "2024-02",
            },
        ]
    }
    view = resolve(intake_form, CLEAR | changes, TODAY, IntakeFacts(BORN, "en"))
    flag = next(
        f for f in raise_flags(intake_form, view) if f.rule_id == "prior_biologic_injection"
    )
    [trigger] = flag.triggers
    assert trigger.reference == "prior_injections.injection_type"
    assert trigger.value == [changes["prior_injections"][1]]


def test_language_support_holds_the_patient_before_the_consent_and_stop_before_the_decision(
    intake_form,
):
    rules = {rule.id: rule for rule in intake_form.definition.flags}
    assert rules["language_support"].hold_point == "before_consent"
    assert rules["cancer_now"].hold_point == "before_decision"
    assert rules["cancer_past"].hold_point is None


def answerable_items(form):
    for ref in form.items.values():
        if ref.item.type not in ("display", "group"):
            yield ref.item


def test_the_questionnaire_has_at_least_40_questions_of_every_type(intake_form):
    assert len(list(answerable_items(intake_form))) >= 40
    used = {ref.item.type for ref in intake_form.items.values()}
    assert used >= {
        "short_text",
        "long_text",
        "yes_no",
        "single_choice",
        "multiple_choice",
        "number",
        "date",
        "scale",
        "joint_side",
        "group",
        "display",
    }


def test_the_repeating_groups_the_nurse_needs_are_there(intake_form):
    groups = {ref.item.id for ref in intake_form.items.values() if isinstance(ref.item, GroupItem)}
    assert {"medications", "allergies", "prior_injections"} <= groups


def patient_texts():
    """The part of the form file a patient can see (flag rules are for staff only)."""
    raw = SHIPPED_INTAKE.read_text(encoding="utf-8")
    return raw[: raw.index("\nflags:")]


BROCHURE_CLAIMS = [
    r"revers\w* (the effects of )?aging",
    r"rejuvenat",
    r"root (problem|cause)",
    r"safer than",
    r"no downtime",
    r"unlikely to reject",
    r"regenerat\w* (and|tissue)",
    r"boosts? immune",
    r"1 billion",
    r"15 billion",
]


@pytest.mark.parametrize("claim", BROCHURE_CLAIMS)
def test_no_brochure_claim_reaches_a_patient(intake_form, claim):
    assert not re.search(claim, patient_texts(), re.IGNORECASE)


@pytest.mark.parametrize("instrument", ["WOMAC", "KOOS", "Oxford Knee", "PROMIS"])
def test_no_licensed_instrument_is_shipped(intake_form, instrument):
    body = "\n".join(
        line
        for line in SHIPPED_INTAKE.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )
    assert instrument.lower() not in body.lower()


def test_every_flag_rule_states_its_sources(intake_form):
    for rule in intake_form.definition.flags:
        assert rule.sources and all(s in intake_form.definition.sources for s in rule.sources)


def test_cancer_in_the_past_reaches_the_nurse_with_when_it_was_treated(intake_form):
    changes = CANCER_PAST | {"cancer_details": "breast, surgery and radiation"}
    view = resolve(intake_form, CLEAR | changes, TODAY, IntakeFacts(BORN, "en"))
    [flag] = raise_flags(intake_form, view)
    assert (flag.rule_id, flag.severity) == ("cancer_past", "review")
    shown = {t.reference: t.value for t in flag.triggers}
    assert shown == {
        "conditions": ["cancer_past"],
        "cancer_last_treated": "2009-06",
        "cancer_details": "breast, surgery and radiation",
    }
