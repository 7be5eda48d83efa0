"""A question that shows what the clinic uses is asked only when the clinic has said it."""

from __future__ import annotations

from intake_app.form_files.placeholders import fill
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


def test_a_value_ending_in_a_full_stop_does_not_print_two():
    assert fill("The maker is {maker}.", {"maker": "Acme Inc."}) == "The maker is Acme Inc."
    assert (
        fill("Made by {maker}, in Ohio.", {"maker": "Acme Inc."}) == "Made by Acme Inc., in Ohio."
    )


def test_a_value_is_inserted_as_text_never_read_as_a_placeholder():
    assert fill("{a} and {b}", {"a": "{b}", "b": "x"}) == "{b} and x"
