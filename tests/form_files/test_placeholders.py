"""A clinic value filled into a form text reads as one plain sentence."""

from __future__ import annotations

from intake_app.form_files.placeholders import PLACEHOLDER, fill


def test_a_value_ending_in_a_full_stop_does_not_print_two():
    assert fill("The maker is {maker}.", {"maker": "Acme Inc."}) == "The maker is Acme Inc."
    assert (
        fill("Made by {maker}, in Ohio.", {"maker": "Acme Inc."}) == "Made by Acme Inc., in Ohio."
    )


def test_a_value_is_inserted_as_text_never_read_as_a_placeholder():
    assert fill("{a} and {b}", {"a": "{b}", "b": "x"}) == "{b} and x"


def test_a_placeholder_without_a_value_stays_as_written():
    assert fill("Call {clinic_contact} or {", {}) == "Call {clinic_contact} or {"


def test_the_checks_find_each_placeholder_by_name():
    assert PLACEHOLDER.findall("{clinic_name} charges {price}.") == ["clinic_name", "price"]
