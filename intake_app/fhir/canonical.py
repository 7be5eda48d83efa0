"""The names the clinic's FHIR resources share: code systems, canonical URLs, link ids.

A QuestionnaireResponse points to its Questionnaire by canonical URL and version
(``<base>/Questionnaire/<form id>|<version>``), and its items by ``linkId``: the
Questionnaire export and the answers export must name both the same way, so both
take them from here. A section is a group item whose linkId is the section's id; an
item's linkId is its id; a child of a repeating group is ``<group id>.<child id>``
(linkIds are unique in a whole Questionnaire, a child's own id only in its group).
"""

from __future__ import annotations

import uuid

from intake_app.questionnaire.form import ItemRef

LOINC = "http://loinc.org"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_DOCUMENT_LOINC = "59284-0"  # Patient Consent
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
AUTHOR_SIGNATURE = "1.2.840.10065.1.12.1.1"
WITNESS_SIGNATURE = "1.2.840.10065.1.12.1.5"
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
# An identifier whose value is itself a URI (FHIR's convention); the SHA-256 of a
# document is written as an RFC 6920 named-information URI: ni:///sha-256;<base64url>.
URI_VALUE = "urn:ietf:rfc:3986"

# Resource ids inside one export are UUIDs made from the intake's id and the part, so
# exporting an intake twice names its parts the same.
_EXPORT_NAMESPACE = uuid.UUID("8f0d5a0e-6b1c-4c8e-9a57-3c1f0f9e2b61")


def questionnaire_url(base: str, form_id: str) -> str:
    """The canonical URL of a form (every version): ``<base>/Questionnaire/<form id>``."""
    return f"{base.rstrip('/')}/Questionnaire/{form_id}"


def versioned(url: str, version: str) -> str:
    """A canonical reference to one version: ``url|version``."""
    return f"{url}|{version}"


def document_id_system(base: str) -> str:
    """The system of the document ids printed on the clinic's sealed PDFs."""
    return f"{base.rstrip('/')}/document-id"


def intake_id_system(base: str) -> str:
    """The system of the clinic's intake ids."""
    return f"{base.rstrip('/')}/intake-id"


def consent_policy_url(base: str, consent_id: str, version: str) -> str:
    """The consent text the patient read, as the policy the Consent follows."""
    return versioned(f"{base.rstrip('/')}/consent/{consent_id}", version)


def link_id(ref: ItemRef) -> str:
    """An item's linkId: its id, or ``<group id>.<child id>`` inside a repeating group."""
    return ref.qualified_id


def full_url(intake_id: str, part: str) -> str:
    """The ``urn:uuid:`` of one part of an intake's export (``patient``, ``consent``...)."""
    return f"urn:uuid:{uuid.uuid5(_EXPORT_NAMESPACE, f'{intake_id}/{part}')}"
