"""A loaded consent document and the exact text a patient is shown.

The text is filled in from the clinic's settings (clinic name, product, price,
IND number or none) once, in the patient's language; what the screens show, what
is hashed into the signed record and what the chart PDF prints are all that same
text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from intake_app.consent.model import ConsentDefinition, ConsentSection
from intake_app.questionnaire.answers import localized
from intake_app.settings import ClinicSettings, in_language

FALLBACKS = {
    "en": {
        "clinic_name": "this clinic",
        "product_name": "the exosome product",
        "product_source": "a source the clinic will tell you",
        "manufacturer": "a company the clinic will name for you",
        "price": "the price the clinic gives you in writing",
    },
    "es": {
        "clinic_name": "esta clínica",
        "product_name": "el producto de exosomas",
        "product_source": "un origen que la clínica le dirá",
        "manufacturer": "una compañía que la clínica le nombrará",
        "price": "el precio que la clínica le da por escrito",
    },
}


@dataclass(frozen=True)
class ConsentDocument:
    definition: ConsentDefinition
    path: Path | None = None

    @property
    def consent_id(self) -> str:
        return self.definition.consent

    @property
    def version(self) -> str:
        return self.definition.version

    def __repr__(self) -> str:
        return f"<ConsentDocument {self.consent_id} {self.version}>"


@dataclass(frozen=True)
class ShownSection:
    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ShownConsent:
    """The consent exactly as one patient sees it."""

    consent_id: str
    version: str
    language: str
    title: str
    sections: tuple[ShownSection, ...]

    def text(self) -> str:
        """The canonical text: title, then each section's title and paragraphs."""
        parts = [self.title]
        for section in self.sections:
            parts.append(section.title)
            parts.extend(section.paragraphs)
        return "\n\n".join(parts)

    def sha256(self) -> str:
        return hashlib.sha256(self.text().encode("utf-8")).hexdigest()

    def section(self, section_id: str) -> ShownSection:
        return next(s for s in self.sections if s.id == section_id)


def show_consent(document: ConsentDocument, language: str, clinic: ClinicSettings) -> ShownConsent:
    """Fill in the clinic's details and pick the language: the text the patient will read."""
    values = clinic_values(document, language, clinic)
    definition = document.definition
    sections = tuple(_show_section(section, language, values) for section in definition.sections)
    title = fill(localized(definition.title, language), values)
    return ShownConsent(document.consent_id, document.version, language, title, sections)


def _show_section(section: ConsentSection, language: str, values: dict[str, str]) -> ShownSection:
    body = fill(localized(section.body, language), values)
    paragraphs = tuple(" ".join(p.split()) for p in body.split("\n\n") if p.strip())
    return ShownSection(section.id, fill(localized(section.title, language), values), paragraphs)


def clinic_values(
    document: ConsentDocument, language: str, clinic: ClinicSettings
) -> dict[str, str]:
    fallback = FALLBACKS.get(language, FALLBACKS["en"])
    product = clinic.product
    given = {
        "clinic_name": clinic.clinic.name,
        "product_name": in_language(product.name, language),
        "product_source": in_language(product.source, language),
        "manufacturer": in_language(product.manufacturer, language),
        "price": format_price(product.price_usd),
    }
    values = {key: (value.strip() or fallback[key]) for key, value in given.items()}
    statement = document.definition.ind_statement
    if product.has_ind:
        ind = localized(statement.with_ind, language).replace(
            "{ind_number}", product.ind_number.strip()
        )
    else:
        ind = localized(statement.without_ind, language)
    values["ind_statement"] = ind
    return values


def format_price(price: Decimal | None) -> str:
    if price is None or price <= 0:
        return ""
    if price == price.to_integral_value():
        return f"${int(price):,}"
    return f"${price:,.2f}"


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {placeholders}; values are inserted as plain text, never re-scanned."""
    out = []
    rest = text
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, closed, tail = after.partition("}")
        out.append(before)
        if closed and name in values:
            out.append(values[name])
            rest = tail
        else:
            out.append("{")
            rest = after
    out.append(rest)
    return "".join(out)
