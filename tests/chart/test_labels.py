"""The documents' labels: one table, English and Spanish, joined on the staff chart."""

from __future__ import annotations

import string

from intake_app.chart.labels import LABELS, for_patient, for_staff


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_has_english_and_spanish_with_the_same_values():
    for key, entry in LABELS.items():
        assert set(entry) == {"en", "es"}, key
        assert placeholders(entry["en"]) == placeholders(entry["es"]), key
        assert entry["es"].strip() and entry["es"] != entry["en"], key


def test_a_document_for_the_patient_is_in_their_language_only():
    assert for_patient("es")("printed_name") == "Nombre en letra de molde"
    assert for_patient("en")("printed_name") == "Printed name"
    assert for_patient("es")("page", page="2", total="5") == "Página 2 de 5"
    assert for_patient("zh")("printed_name") == "Printed name", "no table: English"


def test_the_staff_chart_of_a_spanish_visit_is_bilingual_and_of_an_english_visit_english():
    spanish, english = for_staff("es"), for_staff("en")
    assert spanish("printed_name") == "Printed name / Nombre en letra de molde"
    assert spanish.lines("chart_title").split("\n") == [
        LABELS["chart_title"]["en"],
        LABELS["chart_title"]["es"],
    ]
    assert english("printed_name") == "Printed name" and english.languages == ("en",)
    assert for_staff("zh")("none") == "None."
