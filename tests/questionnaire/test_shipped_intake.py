"""The clinic's intake questionnaire: complete, bilingual, honest, and every flag rule works.

The flag table has one row per rule in the shipped form: answers that must raise
it, and nearby answers that must not. A rule added to the form without a row
here fails ``test_every_flag_rule_has_a_row_in_the_table``.
"""

from __future__ import annotations

import re

import pytest

from intake_app.questionnaire.completeness import missing_answers
from intake_app.questionnaire.flags import raise_flags
from intake_app.questionnaire.model import GroupItem
from intake_app.questionnaire.visibility import resolve
from tests.conftest import SHIPPED_INTAKE, TODAY

# A complete intake that raises no flag: the baseline each table row changes.
CLEAR = {
    "given_names": "Ana",
    "family_name": "Ruiz",
    "date_of_birth": "1958-03-02",
    "sex_at_birth": "female",
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
    "joint_replacement_target": False,
    "planned_joint_replacement": False,
    "conditions": ["heart_disease"],
    "blood_thinner": False,
    "nsaid_last_48h": False,
    "oral_steroid_recent": False,
    "immunosuppressant": False,
    "has_allergies": True,
    "allergies": [{"allergy_substance": "food", "allergy_reaction": "hives"}],
    "faint_with_needles": False,
    "height_ft": 5,
    "height_in": 4,
    "weight_lb": 170,
}

# rule id -> (changes that raise it, changes just short of raising it)
FLAG_TABLE: dict[str, tuple[dict, dict]] = {
    "active_infection": ({"skin_problem_at_site": True}, {"symptoms": ["swelling", "clicking"]}),
    "unwell_today": ({"feel_sick_today": True}, {"feel_sick_today": False}),
    "recent_illness": ({"recent_illness": True}, {"recent_illness": False}),
    "bleeding_risk": (
        {"blood_thinner": True, "blood_thinner_names": ["apixaban"]},
        {"conditions": ["anemia_or_low_platelets"], "hemoglobin_known": 12, "platelets_known": 200},
    ),
    "nsaid_48h": ({"nsaid_last_48h": True}, {"nsaid_last_48h": False}),
    "joint_steroid_injection_6_months": (
        # 2026-05 counts from 2026-05-31: 178 days before 2026-11-25.
        {
            "prior_injections": [
                {
                    "injection_type": "steroid",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2026-05",
                }
            ]
        },
        # 2026-04-30 is 209 days before; and a recent shot in the other knee does not count.
        {
            "prior_injections": [
                {
                    "injection_type": "steroid",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2026-04",
                },
                {
                    "injection_type": "steroid",
                    "injection_joints": ["knee:right"],
                    "injection_date": "2026-11",
                },
            ]
        },
    ),
    "oral_steroid_1_month": (
        {"oral_steroid_recent": True, "oral_steroid_last_dose": "2026-10-26"},  # 30 days
        {"oral_steroid_recent": True, "oral_steroid_last_dose": "2026-10-25"},  # 31 days
    ),
    "hyaluronic_injection_6_months": (
        {
            "prior_injections": [
                {
                    "injection_type": "hyaluronic_acid",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2026-08",
                }
            ]
        },
        {
            "prior_injections": [
                {
                    "injection_type": "prp",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2026-08",
                }
            ]
        },
    ),
    "unknown_injection_6_months": (
        {
            "prior_injections": [
                {
                    "injection_type": "not_sure",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2026-09",
                }
            ]
        },
        {
            "prior_injections": [
                {
                    "injection_type": "not_sure",
                    "injection_joints": ["knee:left"],
                    "injection_date": "2025-09",
                }
            ]
        },
    ),
    "pregnant_or_breastfeeding": (
        {"date_of_birth": "1990-03-02", "pregnant": False, "breastfeeding": True},
        {"date_of_birth": "1990-03-02", "pregnant": False, "breastfeeding": False},
    ),
    "cancer": ({"conditions": ["cancer_past"]}, {"conditions": ["kidney_disease"]}),
    "immunosuppression": ({"immunosuppressant": True}, {"conditions": ["liver_disease"]}),
    "inflammatory_arthritis": (
        {"conditions": ["gout", "heart_disease"]},
        {"conditions": ["diabetes"]},
    ),
    "implant_in_target_joint": (
        {"joint_replacement_target": True},
        {"other_implants": "pacemaker"},
    ),
    "diabetes_poorly_controlled": (
        {"conditions": ["diabetes"], "diabetes_control": "well_controlled", "last_a1c": 8.4},
        {"conditions": ["diabetes"], "diabetes_control": "well_controlled", "last_a1c": 7.9},
    ),
    "allergy_relevant": (
        {
            "allergies": [
                {"allergy_substance": "food", "allergy_reaction": "hives"},
                {"allergy_substance": "latex", "allergy_reaction": "rash"},
            ]
        },
        {"allergies": [{"allergy_substance": "antibiotic", "allergy_reaction": "rash"}]},
    ),
    "fainting_risk": ({"faint_with_needles": True}, {"prior_injection_reaction": False}),
    "planned_replacement": ({"planned_joint_replacement": True}, {"had_joint_surgery": True}),
    "anemia_low_platelets": (
        {"platelets_known": 95},
        {"platelets_known": 100, "hemoglobin_known": 10},
    ),
    "bmi_over_30": (
        {"weight_lb": 180},  # 5 ft 4 in, 180 lb: BMI 30.9
        {"weight_lb": 174},  # BMI 29.9
    ),
    "joint_unstable_or_locking": (
        {"symptoms": ["giving_way"]},
        {"symptoms": ["morning_stiffness", "night_pain"]},
    ),
    "fracture_near_target_joint": ({"fracture_near_joint": True}, {"fracture_near_joint": False}),
    "hip_or_spine": ({"conditions": ["hip_or_spine_problem"]}, {"conditions": ["heart_disease"]}),
    "red_flag_weight_loss_numbness": (
        {"numbness_weakness": True},
        {"weight_loss_unexplained": False},
    ),
}

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
    "cancer": {"cancer"},
    "immunosuppression": {"immunosuppression"},
    "inflammatory arthritis": {"inflammatory_arthritis"},
    "implant in the target joint": {"implant_in_target_joint"},
    "diabetes, poorly controlled": {"diabetes_poorly_controlled"},
    "allergies": {"allergy_relevant"},
    "fainting with needles": {"fainting_risk"},
    "planned knee replacement": {"planned_replacement"},
    "anemia / low platelets": {"anemia_low_platelets"},
    "optional: BMI, unstable/locked joint, fracture, hip/spine": {
        "bmi_over_30",
        "joint_unstable_or_locking",
        "fracture_near_target_joint",
        "hip_or_spine",
    },
}


def flags_for(form, changes):
    view = resolve(form, CLEAR | changes, TODAY)
    return {flag.rule_id for flag in raise_flags(form, view)}


def test_the_baseline_intake_is_complete_and_raises_no_flag(intake_form):
    view = resolve(intake_form, CLEAR, TODAY)
    assert missing_answers(intake_form, view) == []
    assert raise_flags(intake_form, view) == []


@pytest.mark.parametrize("rule_id", sorted(FLAG_TABLE))
def test_flag_rule_fires_on_its_answers_and_not_just_short_of_them(intake_form, rule_id):
    raising, short_of_it = FLAG_TABLE[rule_id]
    assert rule_id in flags_for(intake_form, raising)
    assert rule_id not in flags_for(intake_form, short_of_it)


def test_every_flag_rule_has_a_row_in_the_table(intake_form):
    assert {rule.id for rule in intake_form.definition.flags} == set(FLAG_TABLE)


def test_every_screening_row_of_the_clinical_facts_is_covered(intake_form):
    rule_ids = {rule.id for rule in intake_form.definition.flags}
    for row, rules in SECTION_4_ROWS.items():
        assert rules <= rule_ids, row
    assert len(rule_ids) >= 12


def test_flags_reach_the_nurse_worst_first(intake_form):
    changes = {"weight_lb": 200, "nsaid_last_48h": True, "conditions": ["cancer_now"]}
    view = resolve(intake_form, CLEAR | changes, TODAY)
    assert [f.severity for f in raise_flags(intake_form, view)] == ["stop", "review", "note"]


def test_pregnancy_questions_are_only_asked_when_relevant(intake_form):
    def shown(changes):
        return "pregnancy" in resolve(intake_form, CLEAR | changes, TODAY).visible_sections

    assert shown({"date_of_birth": "1990-01-01"})
    assert not shown({"date_of_birth": "1990-01-01", "sex_at_birth": "male"})
    assert not shown({"date_of_birth": "1950-01-01"})


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
