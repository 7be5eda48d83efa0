"""One intake as a FHIR R4 transaction Bundle, checked before anyone may write it.

The entries are created with POST under ``urn:uuid:`` full URLs that the other entries
point to; the Patient is created only if the receiver has no patient with the same MRN
(``ifNoneExist``), so sending two intakes of one patient makes one Patient. Every
resource is validated with the R4B models of ``fhir.resources`` (the element sets of
these six resources are the same in R4 and R4B), and every reference must resolve
inside the Bundle: a bad export fails with a message naming the resource and the
element, not the value (it may be a patient's), instead of producing a broken file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from intake_app.fhir.canonical import full_url
from intake_app.fhir.records import IntakeFacts
from intake_app.fhir.resources import consent, document_reference, patient, provenance
from intake_app.fhir.response import questionnaire_response


class InvalidExport(ValueError):
    """The Bundle would not be valid FHIR; the message names what, never a value."""


def transaction_bundle(facts: IntakeFacts) -> dict[str, Any]:
    """The intake's Patient, answers, consent, documents and signatures, validated."""
    entries = list(_entries(facts))
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    unresolved = unresolved_references(bundle)
    if unresolved:
        raise InvalidExport(f"the export points to resources it does not hold: {unresolved}")
    validate(bundle)
    return bundle


def _entries(facts: IntakeFacts) -> Iterator[dict[str, Any]]:
    urls = _Urls(facts.intake_id)
    yield _patient_entry(facts, urls.patient)
    yield _post(urls.of("response"), questionnaire_response(facts, patient_url=urls.patient))
    chart = facts.document("chart_packet")
    chart_url = urls.of("document", chart.document_id) if chart else None
    withdrawn = facts.consent is not None and facts.consent.withdrawal is not None
    for document in facts.documents:
        resource = document_reference(
            document,
            canonical_base=facts.canonical_base,
            patient_url=urls.patient,
            chart_url=chart_url,
            superseded=withdrawn and document is chart,
        )
        yield _post(urls.of("document", document.document_id), resource)
    if facts.consent is None:
        return
    consent_url = urls.of("consent")
    yield _post(consent_url, consent(facts.consent, canonical_base=facts.canonical_base,
                                     patient_url=urls.patient, source_url=chart_url))  # fmt: skip
    signed = [consent_url] + ([chart_url] if chart_url else [])
    yield _post(urls.of("signature"), provenance(facts.consent.signing, patient_url=urls.patient,
                                                 targets=signed))  # fmt: skip
    if facts.consent.withdrawal is not None:
        withdrawal = facts.document("withdrawal")
        targets = [consent_url] + (
            [urls.of("document", withdrawal.document_id)] if withdrawal else []
        )
        yield _post(urls.of("withdrawal-signature"), provenance(
            facts.consent.withdrawal, patient_url=urls.patient, targets=targets))  # fmt: skip


class _Urls:
    def __init__(self, intake_id: str) -> None:
        self.intake_id = intake_id
        self.patient = self.of("patient")

    def of(self, *parts: str) -> str:
        return full_url(self.intake_id, "/".join(parts))


def _patient_entry(facts: IntakeFacts, url: str) -> dict[str, Any]:
    resource = patient(facts.patient, mrn_system=facts.mrn_system)
    entry = _post(url, resource)
    identifiers = resource.get("identifier", [])
    if identifiers:
        mrn = identifiers[0]
        entry["request"]["ifNoneExist"] = f"identifier={mrn['system']}|{mrn['value']}"
    return entry


def _post(url: str, resource: dict[str, Any]) -> dict[str, Any]:
    request = {"method": "POST", "url": resource["resourceType"]}
    return {"fullUrl": url, "resource": resource, "request": request}


def references(node: Any) -> Iterator[str]:
    """Every ``reference`` string anywhere in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def unresolved_references(bundle: dict[str, Any]) -> list[str]:
    """The references no entry's ``fullUrl`` answers, in the order found."""
    held = {entry["fullUrl"] for entry in bundle.get("entry", [])}
    return [ref for ref in references(bundle) if ref not in held]


def validate(bundle: dict[str, Any]) -> None:
    """Raise ``InvalidExport`` unless the Bundle and each resource in it are valid."""
    from fhir.resources.R4B.bundle import Bundle  # about 0.5 s: only when exporting
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as error:
        places = "; ".join(_place(bundle, problem) for problem in error.errors())
        raise InvalidExport(f"the export is not valid FHIR R4: {places}") from None


def _place(bundle: dict[str, Any], problem: Any) -> str:
    """Where one problem is, as ``Consent.provision.type (missing)``: no value."""
    location = list(problem.get("loc", ()))
    name = "Bundle"
    if location[:1] == ["entry"] and len(location) > 3 and location[2] == "resource":
        entry = bundle["entry"][location[1]] if isinstance(location[1], int) else {}
        name = entry.get("resource", {}).get("resourceType", "resource")
        location = location[3:]
    path = ".".join(str(part) for part in location if not isinstance(part, int))
    return f"{name}.{path} ({problem.get('type', 'invalid')})"
