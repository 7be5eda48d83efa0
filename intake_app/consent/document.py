"""A loaded consent document and the exact text a patient is shown.

The text is filled in from the clinic's settings (clinic name, product, price,
IND number or none) once, in the patient's language; what the screens show, what
is hashed into the signed record and what the chart PDF prints are all that same
text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from intake_app.consent.model import ConsentDefinition, ConsentSection
from intake_app.form_files.placeholders import fill
from intake_app.form_files.translations import localized
from intake_app.settings import ClinicSettings, in_language

FALLBACKS = {
    "en": {
        "clinic_name": "this clinic",
        "product_name": "the exosome product",
        "product_source": "a source the clinic will tell you",
        "manufacturer": "a company the clinic will name for you",
        "price": "the price the clinic gives you in writing",
        "injury_care": (
            "Before you sign, ask us what care and what payment, if any, you will get "
            "if the study harms you. Ask for the answer in writing."
        ),
        "irb_name": "the review board that oversees this study",
        "irb_contact": "the number the clinic gives you",
        "study_description": "Ask us what the study involves.",
        "study_duration": "Ask us how long you will be in the study.",
    },
    "es": {
        "clinic_name": "esta clínica",
        "product_name": "el producto de exosomas",
        "product_source": "un origen que la clínica le dirá",
        "manufacturer": "una compañía que la clínica le nombrará",
        "price": "el precio que la clínica le da por escrito",
        "injury_care": (
            "Antes de firmar, pregúntenos qué atención y qué pago, si los hay, recibirá "
            "si el estudio le causa un daño. Pida la respuesta por escrito."
        ),
        "irb_name": "el comité de revisión que supervisa este estudio",
        "irb_contact": "el número que le dé la clínica",
        "study_description": "Pregúntenos qué incluye el estudio.",
        "study_duration": "Pregúntenos cuánto tiempo estará en el estudio.",
    },
}
PHONE_JOINER = {"en": " at ", "es": " al "}
_IND_PREFIX = re.compile(r"^\s*IND(?![a-z])[\s#:.\-]*", re.IGNORECASE)


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
    """The consent exactly as one patient sees it.

    ``study_pays``: the clinic gives the shot free as part of an FDA study, so the text
    and the question about cost say so. ``electronic``: the agreement to sign
    electronically shown above the signature box.
    """

    consent_id: str
    version: str
    language: str
    title: str
    sections: tuple[ShownSection, ...]
    study_pays: bool = False
    electronic: str = ""

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
    electronic = fill(localized(definition.signature.electronic, language), values)
    return ShownConsent(
        document.consent_id,
        document.version,
        language,
        title,
        sections,
        study_pays=clinic.product.study_pays_now,
        electronic=electronic,
    )


def _show_section(section: ConsentSection, language: str, values: dict[str, str]) -> ShownSection:
    title = fill(localized(section.title, language), values)
    return ShownSection(section.id, title, _paragraphs(localized(section.body, language), values))


def _paragraphs(body: str, values: dict[str, str]) -> tuple[str, ...]:
    filled = fill(body, values)
    return tuple(" ".join(p.split()) for p in filled.split("\n\n") if p.strip())


@dataclass(frozen=True)
class ShownWithdrawal:
    """What a patient reads before signing a withdrawal, exactly as shown."""

    consent_id: str
    version: str
    language: str
    title: str
    paragraphs: tuple[str, ...]
    meaning: str  # what the signature means, printed next to it
    electronic: str = ""  # the agreement to sign electronically, shown above the box

    def text(self) -> str:
        """The canonical text: the title, then each paragraph."""
        return "\n\n".join((self.title, *self.paragraphs))

    def sha256(self) -> str:
        return hashlib.sha256(self.text().encode("utf-8")).hexdigest()

    def as_section(self) -> ShownSection:
        """The same text as one consent section, for a screen that shows sections."""
        return ShownSection("withdrawal", self.title, self.paragraphs)


def show_withdrawal(
    document: ConsentDocument, language: str, clinic: ClinicSettings
) -> ShownWithdrawal:
    """The withdrawal text in the patient's language, filled in with the clinic's details."""
    values = clinic_values(document, language, clinic)
    withdrawal = document.definition.withdrawal
    return ShownWithdrawal(
        document.consent_id,
        document.version,
        language,
        fill(localized(withdrawal.title, language), values),
        _paragraphs(localized(withdrawal.body, language), values),
        localized(document.definition.signature.withdraw, language),
        fill(localized(document.definition.signature.electronic, language), values),
    )


def clinic_values(
    document: ConsentDocument, language: str, clinic: ClinicSettings
) -> dict[str, str]:
    """Every placeholder's text in ``language``: the clinic's value or a plain fallback."""
    fallback = FALLBACKS.get(language, FALLBACKS["en"])
    product = clinic.product
    given = {
        "clinic_name": clinic.clinic.name,
        "product_name": in_language(product.name, language),
        "product_source": in_language(product.source, language),
        "manufacturer": in_language(product.manufacturer, language),
        "price": format_price(product.price_usd),
        "injury_care": in_language(product.injury_care, language),
        "irb_name": in_language(product.irb_name, language),
        "irb_contact": in_language(product.irb_contact, language),
        "study_description": in_language(product.study_description, language),
        "study_duration": in_language(product.study_duration, language),
    }
    values = {key: (value.strip() or fallback[key]) for key, value in given.items()}
    values["clinic_contact"] = _contact(values["clinic_name"], clinic.clinic.phone, language)
    contact = in_language(product.research_contact, language).strip()
    values["research_contact"] = contact or values["clinic_contact"]
    values.update(_dose(document, language, clinic, values))
    values.update(_cost(document, language, clinic, values))
    values.update(_fda_status(document, language, clinic, values))
    return values


def _dose(
    document: ConsentDocument, language: str, clinic: ClinicSettings, values: dict[str, str]
) -> dict[str, str]:
    """The clinic's usual dose, with how it compares to the studies: only when the clinic
    has set one (no dose is shown as if every clinic used it)."""
    dose = in_language(clinic.product.dose, language).strip()
    if not dose:
        return {"dose": "", "dose_statement": ""}
    statement = localized(document.definition.dose_statement, language)
    return {"dose": dose, "dose_statement": fill(statement, values | {"dose": dose})}


def _cost(
    document: ConsentDocument, language: str, clinic: ClinicSettings, values: dict[str, str]
) -> dict[str, str]:
    cost = document.definition.cost
    text = cost.study_pays if clinic.product.study_pays_now else cost.patient_pays
    return {"cost_statement": fill(localized(text, language), values)}


def _contact(name: str, phone: str, language: str) -> str:
    if not phone.strip():
        return name
    return name + PHONE_JOINER.get(language, PHONE_JOINER["en"]) + phone.strip()


def _fda_status(
    document: ConsentDocument, language: str, clinic: ClinicSettings, values: dict[str, str]
) -> dict[str, str]:
    """The IND statement, and the research rights that only an IND study adds."""
    definition = document.definition
    if not clinic.product.has_ind:
        without_ind = localized(definition.ind_statement.without_ind, language)
        return {"ind_statement": fill(without_ind, values), "research_rights": ""}
    with_ind = localized(definition.ind_statement.with_ind, language)
    number = {"ind_number": ind_number(clinic.product.ind_number)}
    nct = clinic.product.nct_number.strip()
    registration = localized(definition.trial_registration, language) if nct else ""
    registered = fill(registration, values | {"nct_number": nct})
    research = values | {"trial_registration": registered}
    return {
        "ind_statement": fill(with_ind, values | number),
        "research_rights": fill(localized(definition.research.body, language), research),
    }


def ind_number(configured: str) -> str:
    """The IND number as the text needs it: "IND 012345" becomes "012345"."""
    return _IND_PREFIX.sub("", configured.strip()) or configured.strip()


def format_price(price: Decimal | None) -> str:
    if price is None or price <= 0:
        return ""
    if price == price.to_integral_value():
        return f"${int(price):,}"
    return f"${price:,.2f}"
