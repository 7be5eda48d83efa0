"""A made-up patient and a full set of answers, for screenshots, demos and tests.

The person is fictional. The answers raise a few flags, as a real intake would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake_app.storage.patients import PatientDetails

SAMPLE_PATIENT = PatientDetails(
    "María José", "Núñez García", dt.date(1961, 7, 14), mrn="MRN-204816"
)

SAMPLE_ANSWERS: dict[str, Any] = {
    "decides_for_self": True,
    "sex_at_birth": "female",
    "preferred_language": "spanish",
    "interpreter_needed": False,
    "phone": "(555) 010-2290",
    "email": "mjnunez@example.org",
    "emergency_contact_name": "Luis Núñez",
    "emergency_contact_relationship": "Hijo",
    "emergency_contact_phone": "(555) 010-4471",
    "target_joints": ["knee:left", "knee:right"],
    "pain_started": "2019-03",
    "pain_cause": "slowly_over_time",
    "pain_now": 6,
    "pain_worst_week": 8,
    "symptoms": ["swelling", "morning_stiffness", "giving_way"],
    "function_effects": ["stairs", "walking", "sleep"],
    "what_helps": "Rest, ice, and a warm shower in the morning.",
    "fracture_near_joint": False,
    "joint_hot_red_swollen": False,
    "fever_recent": False,
    "skin_problem_at_site": False,
    "infection_now": False,
    "feel_sick_today": False,
    "recent_illness": False,
    "weight_loss_unexplained": False,
    "numbness_weakness": False,
    "prior_treatments": ["physical_therapy", "pain_pills", "creams_gels"],
    "had_joint_injections": True,
    "prior_injections": [
        {
            "injection_type": "steroid",
            "injection_joints": ["knee:left"],
            "injection_date": "2026-07",
        },
        {
            "injection_type": "hyaluronic_acid",
            "injection_joints": ["knee:right"],
            "injection_date": "2025-02",
        },
    ],
    "had_joint_surgery": False,
    "imaging_done": ["x_ray"],
    "joint_replacement_target": False,
    "planned_joint_replacement": False,
    "conditions": ["diabetes"],
    "joint_infection_past": False,
    "diabetes_control": "well_controlled",
    "last_a1c": 6.9,
    "blood_thinner": True,
    "blood_thinner_names": ["daily_aspirin"],
    "nsaid_last_48h": False,
    "oral_steroid_recent": False,
    "immunosuppressant": False,
    "medications": [
        {
            "medication_name": "Metformin",
            "medication_dose": "500 mg twice a day",
            "medication_reason": "Diabetes",
        },
        {
            "medication_name": "Aspirin",
            "medication_dose": "81 mg daily",
            "medication_reason": "Heart",
        },
    ],
    "has_allergies": True,
    "allergies": [
        {
            "allergy_substance": "latex",
            "allergy_reaction": "Rash and itching",
            "allergy_severity": "mild",
        }
    ],
    "faint_with_needles": False,
    "prior_injection_reaction": False,
    "tobacco": "former",
    "alcohol_per_week": 2,
    "activity_level": "light",
    "occupation": "Retired teacher",
    "height_ft": 5,
    "height_in": 3,
    "weight_lb": 172,
    "goals_activities": "Walk to church and play with my grandchildren.",
}
