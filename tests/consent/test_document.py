"""The consent text is filled in from the clinic's settings and hashed exactly as shown."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from intake_app.consent.document import (
    fill,
    format_price,
    ind_number,
    show_consent,
    show_withdrawal,
)
from intake_app.settings import ClinicSettings


def clinic(**product) -> ClinicSettings:
    return ClinicSettings.model_validate(
        {
            "clinic": {"name": "Riverside Joint Clinic"},
            "product": {"name": "EV-Knee", "price_usd": 2500} | product,
        }
    )


def test_clinic_details_appear_in_the_text(consent_document):
    shown = show_consent(
        consent_document, "en", clinic(source="donated placenta tissue", manufacturer="Acme")
    )
    text = shown.text()
    for value in ("Riverside Joint Clinic", "EV-Knee", "donated placenta tissue", "Acme", "$2,500"):
        assert value in text
    assert "{" not in text and "}" not in text


def test_the_spanish_consent_shows_the_spanish_product_values(consent_document):
    source = {"en": "donated placenta tissue", "es": "tejido de placenta donado"}
    spanish = show_consent(consent_document, "es", clinic(source=source)).text()
    english = show_consent(consent_document, "en", clinic(source=source)).text()
    assert "tejido de placenta donado" in spanish and "donated placenta tissue" not in spanish
    assert "donated placenta tissue" in english and "tejido" not in english


def test_a_value_with_no_spanish_text_is_shown_in_english_rather_than_left_out(consent_document):
    spanish = show_consent(
        consent_document, "es", clinic(source={"en": "donated placenta tissue"})
    ).text()
    assert "donated placenta tissue" in spanish


def test_without_an_ind_the_text_says_so_and_with_one_it_gives_the_number(consent_document):
    without = show_consent(consent_document, "en", clinic()).section("evidence")
    with_ind = show_consent(consent_document, "en", clinic(ind_number="027716")).section("evidence")
    assert any("no IND number" in p for p in without.paragraphs)
    assert any("IND number 027716" in p for p in with_ind.paragraphs)
    assert not any("027716" in p for p in without.paragraphs)


@pytest.mark.parametrize("configured", ["IND 027716", "IND027716", "ind #027716", " IND: 027716"])
@pytest.mark.parametrize(
    ("language", "expected"), [("en", "IND number 027716"), ("es", "número IND 027716")]
)
def test_an_ind_number_typed_with_ind_in_front_never_reads_ind_twice(
    consent_document, configured, language, expected
):
    text = show_consent(consent_document, language, clinic(ind_number=configured)).text()
    assert expected in text
    assert "IND IND" not in text


@pytest.mark.parametrize(
    ("configured", "number"),
    [("IND 027716", "027716"), ("INDIGO-7", "INDIGO-7"), ("BB-IND 5", "BB-IND 5")],
)
def test_only_a_leading_ind_word_is_taken_off_the_number(configured, number):
    assert ind_number(configured) == number


RESEARCH_RIGHTS = {
    "en": ["part of a research study", "no penalty", "leave the study at any time",
           "records private", "The FDA may look at your records", "If the study harms you"],
    "es": ["parte de un estudio de investigación", "ninguna sanción", "dejar el estudio",
           "registros del estudio en privado", "La FDA puede revisar sus registros",
           "Si el estudio le causa un daño"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_an_ind_the_rights_include_what_research_consent_requires(consent_document, language):
    ind = show_consent(consent_document, language, clinic(ind_number="027716")).section("rights")
    plain = show_consent(consent_document, language, clinic()).section("rights")
    ind_text, plain_text = " ".join(ind.paragraphs), " ".join(plain.paragraphs)
    assert [p for p in RESEARCH_RIGHTS[language] if p not in ind_text] == []
    assert [p for p in RESEARCH_RIGHTS[language] if p in plain_text] == []


def test_the_research_contact_and_injury_care_come_from_the_clinic(consent_document):
    settings = ClinicSettings.model_validate(
        {
            "clinic": {"name": "Riverside Joint Clinic", "phone": "(555) 010-0100"},
            "product": {
                "ind_number": "027716",
                "research_contact": "Dr. Lee, study doctor, (555) 010-0199",
                "injury_care": {
                    "en": "We treat a study injury at no cost to you.",
                    "es": "Tratamos sin costo un daño causado por el estudio.",
                },
            },
        }
    )
    english = show_consent(consent_document, "en", settings).section("rights").paragraphs
    spanish = show_consent(consent_document, "es", settings).section("rights").paragraphs
    assert any("call Dr. Lee, study doctor, (555) 010-0199." in p for p in english)
    assert any("We treat a study injury at no cost to you." in p for p in english)
    assert any("Tratamos sin costo un daño causado por el estudio." in p for p in spanish)


def test_without_a_research_contact_patients_are_told_to_call_the_clinic(consent_document):
    settings = ClinicSettings.model_validate(
        {
            "clinic": {"name": "Riverside Joint Clinic", "phone": "(555) 010-0100"},
            "product": {"ind_number": "027716"},
        }
    )
    rights = show_consent(consent_document, "es", settings).section("rights").paragraphs
    assert any("llame a Riverside Joint Clinic al (555) 010-0100." in p for p in rights)
    assert any("Pida la respuesta por escrito." in p for p in rights)


def test_the_hash_is_of_the_exact_text_and_changes_when_the_text_does(consent_document):
    shown = show_consent(consent_document, "en", clinic())
    assert shown.sha256() == hashlib.sha256(shown.text().encode("utf-8")).hexdigest()
    dearer = show_consent(consent_document, "en", clinic(price_usd=3000))
    assert dearer.sha256() != shown.sha256()
    assert show_consent(consent_document, "es", clinic()).sha256() != shown.sha256()


def test_missing_settings_never_leave_a_blank_or_a_brace(consent_document):
    shown = show_consent(consent_document, "es", ClinicSettings())
    text = shown.text()
    assert "{" not in text
    assert "esta clínica" in text and "el precio que la clínica le da por escrito" in text


@pytest.mark.parametrize(
    ("price", "text"),
    [(Decimal(2500), "$2,500"), (Decimal("1999.5"), "$1,999.50"), (None, ""), (Decimal(0), "")],
)
def test_prices_read_as_dollars(price, text):
    assert format_price(price) == text


def test_a_clinic_value_with_braces_is_inserted_as_typed_not_read_as_a_placeholder():
    assert (
        fill("Made by {manufacturer}.", {"manufacturer": "Acme {price}"}) == "Made by Acme {price}."
    )
    assert fill("Cost: {price} {unknown}", {"price": "$5"}) == "Cost: $5 {unknown}"


def test_the_withdrawal_text_is_shown_in_the_patients_language_and_hashed_as_shown(
    consent_document,
):
    settings = clinic(ind_number="")
    english = show_withdrawal(consent_document, "en", settings)
    spanish = show_withdrawal(consent_document, "es", settings)
    assert english.title == "Withdrawing your consent"
    assert spanish.title == "Retirar su consentimiento"
    assert english.meaning == "I withdraw my consent to this treatment."
    assert english.text() == "\n\n".join((english.title, *english.paragraphs))
    assert english.sha256() == hashlib.sha256(english.text().encode("utf-8")).hexdigest()
    assert spanish.sha256() != english.sha256()
    assert (english.consent_id, english.version, english.language) == (
        "exosome-joint-consent",
        "1.0",
        "en",
    )


def test_the_withdrawal_text_says_what_withdrawing_means_and_whom_to_call(consent_document):
    settings = ClinicSettings.model_validate(
        {"clinic": {"name": "Riverside Joint Clinic", "phone": "(555) 010-0100"}}
    )
    text = show_withdrawal(consent_document, "en", settings).text()
    for said in (
        "You can take back that yes at any time.",
        "does not change the rest of your care at Riverside Joint Clinic",
        "A shot you have already had cannot be undone.",
        "call Riverside Joint Clinic at (555) 010-0100.",
    ):
        assert said in text
    assert "{" not in text


def test_the_withdrawal_text_can_be_shown_like_a_consent_section(consent_document):
    shown = show_withdrawal(consent_document, "es", clinic())
    section = shown.as_section()
    assert (section.title, section.paragraphs) == (shown.title, shown.paragraphs)
