"""The consent text is filled in from the clinic's settings and hashed exactly as shown."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from intake_app.consent.document import fill, format_price, show_consent
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
    with_ind = show_consent(consent_document, "en", clinic(ind_number="IND 027716")).section(
        "evidence"
    )
    assert any("no IND number" in p for p in without.paragraphs)
    assert any("IND 027716" in p for p in with_ind.paragraphs)
    assert not any("IND 027716" in p for p in without.paragraphs)


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
