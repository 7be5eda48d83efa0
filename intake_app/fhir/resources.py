"""The Patient, Consent, DocumentReference and Provenance of one intake's export.

Each builder takes plain facts (``fhir.records``) and the ``urn:uuid:`` full URLs of
the other resources it points to, so every reference resolves inside the Bundle.

- Consent: ``active`` for an agreement, ``rejected`` for a refusal, ``inactive`` once
  the agreement was withdrawn; scope ``treatment``, category LOINC 59284-0, the
  consent text the patient read as its policy, ``provision.type`` permit or deny, and
  the chart document as its source.
- DocumentReference: one per sealed PDF, with its size, the SHA-1 in base64 (what R4's
  ``Attachment.hash`` holds) and the SHA-256 as an identifier (an RFC 6920
  ``ni:///sha-256;...`` URI); a review addendum ``appends`` the chart document, a
  withdrawal ``replaces`` it (and the chart document is then ``superseded``). The PDF
  itself is not embedded: the records desk files it, and the hashes let the receiver
  check the copy it gets.
- Provenance: one per signature on the tablet (the consent or refusal, and a
  withdrawal), with the patient as author, the witness and the staff who released
  holds as further agents. The drawn signature is not embedded: it is in the sealed
  PDF, and an export should not spread a copy of a person's handwriting.
"""

from __future__ import annotations

import base64
from typing import Any

from intake_app.fhir.canonical import (
    AUTHOR_SIGNATURE,
    CONSENT_DOCUMENT_LOINC,
    CONSENT_SCOPE,
    IDENTIFIER_TYPE,
    LOINC,
    PARTICIPANT_TYPE,
    PARTICIPATION_TYPE,
    SIGNATURE_TYPE,
    URI_VALUE,
    WITNESS_SIGNATURE,
    consent_policy_url,
    document_id_system,
)
from intake_app.fhir.records import ConsentFacts, DocumentFacts, PatientFacts, Signing

DOCUMENT_TITLES = {
    "chart_packet": "Chart document: intake answers and signed consent",
    "withdrawal": "Withdrawal of consent",
    "review_addendum": "Review of the intake",
}
RELATION_TO_CHART = {"review_addendum": "appends", "withdrawal": "replaces"}


def patient(facts: PatientFacts, *, mrn_system: str) -> dict[str, Any]:
    """The patient as registered: name, date of birth and, when known, the MRN."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [
            {"use": "official", "family": facts.family_name, "given": facts.given_names.split()}
        ],
        "birthDate": facts.date_of_birth.isoformat(),
    }
    if facts.mrn:
        resource["identifier"] = [mrn_identifier(facts.mrn, mrn_system)]
    return resource


def mrn_identifier(mrn: str, system: str) -> dict[str, Any]:
    kind = {"coding": [{"system": IDENTIFIER_TYPE, "code": "MR"}], "text": "Medical record number"}
    return {"use": "usual", "type": kind, "system": system, "value": mrn.strip()}


def consent_status(facts: ConsentFacts) -> str:
    """``inactive`` once withdrawn, else ``active`` for an agreement, ``rejected`` for a refusal."""
    if facts.withdrawal is not None:
        return "inactive"
    return "active" if facts.decision == "agree" else "rejected"


def consent(
    facts: ConsentFacts, *, canonical_base: str, patient_url: str, source_url: str | None
) -> dict[str, Any]:
    """The patient's decision on the treatment consent."""
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "status": consent_status(facts),
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [{"coding": [{"system": LOINC, "code": CONSENT_DOCUMENT_LOINC}]}],
        "patient": {"reference": patient_url},
        "dateTime": facts.signing.signed_at.isoformat(),
        "performer": [{"reference": patient_url}],
        "policy": [
            {"uri": consent_policy_url(canonical_base, facts.consent_id, facts.consent_version)}
        ],
        "provision": {"type": "permit" if facts.decision == "agree" else "deny"},
    }
    if source_url is not None:
        resource["sourceReference"] = {"reference": source_url}
    return resource


def document_reference(
    facts: DocumentFacts,
    *,
    canonical_base: str,
    patient_url: str,
    chart_url: str | None,
    superseded: bool = False,
) -> dict[str, Any]:
    """One sealed PDF: what it is, its size and hashes, and how it relates to the chart's."""
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "masterIdentifier": {
            "system": document_id_system(canonical_base), "value": facts.document_id
        },
        "identifier": [{"system": URI_VALUE, "value": sha256_uri(facts.sha256_hex)}],
        "status": "superseded" if superseded else "current",
        "docStatus": "final",
        "type": {"text": DOCUMENT_TITLES.get(facts.kind, facts.kind)},
        "subject": {"reference": patient_url},
        "date": facts.created_at.isoformat(),
        "content": [{"attachment": _attachment(facts)}],
    }  # fmt: skip
    relation = RELATION_TO_CHART.get(facts.kind)
    if relation is not None and chart_url is not None:
        resource["relatesTo"] = [{"code": relation, "target": {"reference": chart_url}}]
    return resource


def _attachment(facts: DocumentFacts) -> dict[str, Any]:
    return {
        "contentType": "application/pdf",
        "size": facts.size_bytes,
        "hash": facts.sha1_base64,
        "title": facts.file_name,
        "creation": facts.created_at.isoformat(),
    }


def sha256_uri(sha256_hex: str) -> str:
    """The SHA-256 as an RFC 6920 named-information URI (base64url, no padding)."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def provenance(signing: Signing, *, patient_url: str, targets: list[str]) -> dict[str, Any]:
    """Who signed what and when: the patient's signature (and the witness's, if any)."""
    signatures = [_signature(AUTHOR_SIGNATURE, "Author's Signature", signing.signed_at,
                             {"reference": patient_url})]  # fmt: skip
    if signing.witness_name and signing.witness_signed_at is not None:
        witness = {"display": signing.witness_name}
        signatures.append(
            _signature(WITNESS_SIGNATURE, "Witness Signature", signing.witness_signed_at, witness)
        )
    return {
        "resourceType": "Provenance",
        "target": [{"reference": url} for url in targets],
        "recorded": signing.signed_at.isoformat(),
        "agent": _agents(signing, patient_url),
        "signature": signatures,
    }


def _agents(signing: Signing, patient_url: str) -> list[dict[str, Any]]:
    author = {"coding": [{"system": PARTICIPANT_TYPE, "code": "author"}]}
    agents: list[dict[str, Any]] = [{"type": author, "who": {"reference": patient_url}}]
    if signing.witness_name:
        witness = {"coding": [{"system": PARTICIPATION_TYPE, "code": "WIT"}], "text": "witness"}
        role = f", {signing.witness_role}" if signing.witness_role else ""
        agents.append({"type": witness, "who": {"display": f"{signing.witness_name}{role}"}})
    for name, released in signing.released_by:
        agents.append({"type": {"text": f"released {released}"}, "who": {"display": name}})
    return agents


def _signature(code: str, display: str, when: Any, who: dict[str, str]) -> dict[str, Any]:
    kind = {"system": SIGNATURE_TYPE, "code": code, "display": display}
    return {"type": [kind], "when": when.isoformat(), "who": who}
