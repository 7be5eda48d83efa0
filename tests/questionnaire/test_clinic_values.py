"""A question that shows what the clinic uses is asked only when the clinic has said it."""

from __future__ import annotations

from intake_app.form_files.translations import localized
from intake_app.questionnaire.clinic_values import with_clinic_values

COMPONENTS = {"product_components": {"en": "DMSO, gentamicin", "es": "DMSO, gentamicina"}}


def test_the_clinic_list_is_shown_in_the_patients_language(intake_form):
    asked = with_clinic_values(intake_form, COMPONENTS)
    item = asked.item("product_component_allergy")
    assert "DMSO, gentamicin." in localized(item.text, "en")
    assert "DMSO, gentamicina." in localized(item.text, "es")
    assert "{" not in localized(item.text, "en")


def test_without_a_clinic_list_the_question_is_not_asked(intake_form):
    assert "product_component_allergy" in intake_form.items  # the form file has it
    for values in ({}, {"product_components": {"en": "  ", "es": ""}}):
        asked = with_clinic_values(intake_form, values)
        assert "product_component_allergy" not in asked.items
        assert "faint_with_needles" in asked.items  # the rest of the section stays
