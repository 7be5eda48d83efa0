"""The FHIR R4 Bundle of a signed, a refused and a withdrawn intake: every resource
valid, every reference inside the Bundle, the Consent's status as the patient decided,
and each document's hashes those of the file the clinic sealed."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from sqlmodel import col, select

from intake_app.fhir.bundle import InvalidExport, references, validate
from intake_app.services.actor import Actor
from intake_app.services.fhir_export import ExportRefused, fhir_bundle
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import Reviews
from intake_app.services.review_addendum import make_review_addendum
from intake_app.settings import StaffSettings
from intake_app.storage.tables import AuditEvent, Flag
from tests.fhir.intakes import FEVER, OnFile, sign, withdraw
from tests.services.people_on_file import on_file

CONSOLE = Actor.console("station-1")


def export(intake: OnFile, by: Actor = CONSOLE) -> dict[str, Any]:
    return fhir_bundle(intake.database, intake.intake_id, catalog=intake.catalog,
                       settings=intake.settings, by=by)  # fmt: skip


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    [resource] = resources(bundle, kind)
    return resource


def by_url(bundle: dict[str, Any], url: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["fullUrl"] == url)


def assert_valid_and_whole(bundle: dict[str, Any]) -> None:
    """Each resource validates on its own, and each reference names an entry."""
    for entry in bundle["entry"]:
        model = get_fhir_model_class(entry["resource"]["resourceType"])
        model.model_validate(entry["resource"])
        assert entry["fullUrl"].startswith("urn:uuid:")
        assert entry["request"]["method"] == "POST"
    held = {entry["fullUrl"] for entry in bundle["entry"]}
    found = list(references(bundle))
    assert found and set(found) <= held


@pytest.fixture
def reviewed(tmp_path) -> OnFile:
    """Signed with a fever (a STOP flag); the nurse signed the review, which has its addendum."""
    intake = sign(tmp_path, answers=FEVER)
    nurse = on_file(intake.database, "nurse")
    reviews = Reviews(intake.database, nurse, StaffSettings())
    with intake.database.session() as session:
        flags = session.exec(select(Flag.id).where(Flag.intake_id == intake.intake_id)).all()
    for flag_id in flags:
        reviews.acknowledge(flag_id, "Seen, fine.")
    review = reviews.sign_off(
        intake.intake_id, "needs_clinician", "Fever.", "correct horse battery"
    )
    make_review_addendum(intake.database, review.id, settings=intake.settings,
                         catalog=intake.catalog, by=nurse)  # fmt: skip
    return intake


def test_a_signed_intake_is_a_valid_bundle_with_an_active_consent(reviewed):
    bundle = export(reviewed)
    assert bundle["type"] == "transaction"
    assert_valid_and_whole(bundle)
    consent = one(bundle, "Consent")
    assert (consent["status"], consent["provision"]["type"]) == ("active", "permit")
    assert consent["scope"]["coding"][0]["code"] == "treatment"
    assert consent["category"][0]["coding"][0] == {"system": "http://loinc.org", "code": "59284-0"}
    chart = by_url(bundle, consent["sourceReference"]["reference"])
    assert chart["resourceType"] == "DocumentReference" and chart["status"] == "current"


def test_each_document_carries_the_sha1_of_its_file_in_base64_and_its_sha256(reviewed):
    bundle = export(reviewed)
    files = {row.id: Path(row.path).read_bytes() for row in reviewed.documents().values()}
    documents = resources(bundle, "DocumentReference")
    assert sorted(d["type"]["text"] for d in documents) == [
        "Chart document: intake answers and signed consent", "Review of the intake"
    ]  # fmt: skip
    for document in documents:
        data = files[document["masterIdentifier"]["value"]]
        attachment = document["content"][0]["attachment"]
        assert attachment["hash"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
        assert attachment["size"] == len(data) and attachment["contentType"] == "application/pdf"
        sha256 = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")
        assert document["identifier"] == [
            {"system": "urn:ietf:rfc:3986", "value": f"ni:///sha-256;{sha256}"}
        ]


def test_the_review_addendum_appends_to_the_chart_document(reviewed):
    bundle = export(reviewed)
    [addendum] = [d for d in resources(bundle, "DocumentReference") if "relatesTo" in d]
    [relation] = addendum["relatesTo"]
    assert relation["code"] == "appends"
    chart = by_url(bundle, relation["target"]["reference"])
    assert chart["masterIdentifier"]["value"] == reviewed.documents()["chart_packet"].id


def test_the_signature_names_the_patient_and_the_staff_who_released_the_holds(reviewed):
    bundle = export(reviewed)
    provenance = one(bundle, "Provenance")
    targets = {by_url(bundle, t["reference"])["resourceType"] for t in provenance["target"]}
    assert targets == {"Consent", "DocumentReference"}
    [signature] = provenance["signature"]
    assert signature["type"][0]["code"] == "1.2.840.10065.1.12.1.1"
    assert by_url(bundle, signature["who"]["reference"])["resourceType"] == "Patient"
    assert "data" not in signature  # the drawing stays in the sealed PDF
    staff = {agent["who"].get("display") for agent in provenance["agent"]}
    assert {"Dr Ines Ito", "Rosa Díaz"} <= staff


def test_the_patient_is_created_once_by_mrn_and_the_answers_name_the_form_version(reviewed):
    bundle = export(reviewed)
    [patient_entry] = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient_entry["request"]["ifNoneExist"] == "identifier=urn:oid:1.2.3.4.5|MRN-204816"
    assert patient_entry["resource"]["birthDate"] == "1961-07-14"
    response = one(bundle, "QuestionnaireResponse")
    assert response["questionnaire"] == (
        "https://forms.riverside.example/fhir/Questionnaire/exosome-joint-intake|1.0"
    )
    assert response["status"] == "completed"
    answers = {
        item["linkId"]: item["answer"]
        for section in response["item"]
        for item in section["item"]
        if "answer" in item
    }
    assert answers["fever_recent"] == [{"valueBoolean": True}]
    assert answers["sex_at_birth"] == [{"valueCoding": {"code": "female", "display": "Female"}}]


def test_a_refused_consent_is_rejected_with_a_deny_provision(tmp_path):
    bundle = export(sign(tmp_path, decision="refuse"))
    assert_valid_and_whole(bundle)
    consent = one(bundle, "Consent")
    assert (consent["status"], consent["provision"]["type"]) == ("rejected", "deny")


def test_a_withdrawn_consent_is_inactive_and_the_withdrawal_replaces_the_chart_document(tmp_path):
    intake = sign(tmp_path)
    withdraw(intake)
    bundle = export(intake)
    assert_valid_and_whole(bundle)
    assert one(bundle, "Consent")["status"] == "inactive"
    [withdrawal] = [d for d in resources(bundle, "DocumentReference") if "relatesTo" in d]
    assert withdrawal["relatesTo"][0]["code"] == "replaces"
    replaced = by_url(bundle, withdrawal["relatesTo"][0]["target"]["reference"])
    assert replaced["status"] == "superseded"
    signed = sorted(p["recorded"] for p in resources(bundle, "Provenance"))
    assert len(signed) == 2  # the agreement, then its withdrawal


def test_exporting_is_in_the_audit_trail_and_needs_the_export_permission(tmp_path):
    intake = sign(tmp_path, decision="refuse")
    nurse = on_file(intake.database, "nurse")
    with pytest.raises(NotPermitted, match="export"):
        export(intake, by=nurse)
    export(intake, by=on_file(intake.database, "records"))
    with intake.database.session() as session:
        query = select(AuditEvent.action).where(AuditEvent.intake_id == intake.intake_id)
        actions = list(session.exec(query.order_by(col(AuditEvent.sequence))))
    assert actions.count("intake_exported") == 1


def test_a_changed_document_file_stops_the_export_naming_the_document_not_the_patient(tmp_path):
    intake = sign(tmp_path, decision="refuse")
    chart = intake.documents()["chart_packet"]
    Path(chart.path).write_bytes(Path(chart.path).read_bytes() + b"%changed\n")
    with pytest.raises(ExportRefused, match=chart.id) as refused:
        export(intake)
    assert "Núñez" not in str(refused.value) and "MRN-204816" not in str(refused.value)


def test_an_invalid_resource_fails_naming_the_element_but_not_the_value():
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [{
        "fullUrl": "urn:uuid:6f7c2b1e-2f2a-4a51-9d0e-6c1b8f1d2a3b",
        "resource": {"resourceType": "Patient", "birthDate": "1961-14-07"},
        "request": {"method": "POST", "url": "Patient"},
    }]}  # fmt: skip
    with pytest.raises(InvalidExport, match=r"Patient\.birthDate") as invalid:
        validate(bundle)
    assert "1961" not in str(invalid.value)
