"""The role matrix, enforced: each cell tried through the service that does the act.

For every act a service does today and every column of ``docs/roles.md``, the
actor of that column tries it on a real database: where the table says yes (or
"own", for the patient's own intake) it is done; where it says no the service
refuses with ``NotPermitted`` and nothing is written, not even an audit event.
Removing a service's permission check makes the "no" cells of its act fail.
Changing settings joins ``ACTS`` with the administrator's page.
"""

from __future__ import annotations

import functools
import itertools
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import func, select

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.consent.document import show_consent
from intake_app.consent.progress import CONTINUE, IDENTITY_HOLD, HoldRelease
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.paths import shipped_forms_dir
from intake_app.questionnaire.form import Questionnaire
from intake_app.services.actor import Actor
from intake_app.services.attestation import Attestations
from intake_app.services.audit_trail import AuditTrail
from intake_app.services.chart_filing import ChartFiling
from intake_app.services.consenting import Consenting, Signature
from intake_app.services.document_list import DocumentList
from intake_app.services.documents import Documents
from intake_app.services.fhir_export import fhir_bundle
from intake_app.services.intake_record import open_intake
from intake_app.services.intake_session import IntakeSession
from intake_app.services.people import NewPerson, People
from intake_app.services.permissions import NotPermitted, Permission
from intake_app.services.review import Reviews
from intake_app.services.visit_import import Signed, Visit, import_visit
from intake_app.settings import Settings, StaffSettings, load_settings
from intake_app.storage.consents import ConsentSteps, record_consent
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import AuditEvent, Flag, Intake
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.services.test_permissions import COLUMNS, documented
from tests.storage.test_consents import Shown, signature

P = Permission
STAFF_COLUMNS = ("nurse", "clinician", "records", "admin")
_user_names = itertools.count(1)
PASSWORD = "correct horse battery"  # people_on_file's
ANSWERED = SAMPLE_ANSWERS | {"fever_recent": True, "product_component_allergy": "no"}
CONSENT = functools.cache(lambda: FormCatalog.from_folder(shipped_forms_dir()).consent())


@dataclass
class Clinic:
    """A database with an intake a nurse started, one answered with a fever (a STOP flag)
    whose flags the nurse acknowledged, and one person of each role."""

    database: Database
    settings: Settings
    form: Questionnaire
    session: IntakeSession
    staff: dict[str, Actor]
    answered: str  # the intake waiting for its review

    def actor(self, column: str) -> Actor:
        if column in STAFF_COLUMNS:
            return self.staff[column]
        if column == "patient":
            return Actor.patient(self.session.intake.id, "tablet-1")
        if column == "system":
            return Actor.system("tablet-1")
        return Actor.console("station-1")


@pytest.fixture(scope="module")
def clinic_file(tmp_path_factory, intake_form) -> tuple[Path, dict[str, Actor], str, str]:
    """The clinic's database, made once (hashing four passwords takes a while)."""
    path = tmp_path_factory.mktemp("clinic") / "clinic.sqlite3"
    database = Database(f"sqlite:///{path}")
    staff = {column: on_file(database, column) for column in STAFF_COLUMNS}
    session = IntakeSession.start(
        database, intake_form, SAMPLE_PATIENT, language="en", by=staff["nurse"], device="tablet-1"
    )
    answered = IntakeSession.start(
        database, intake_form, SAMPLE_PATIENT, language="en", by=staff["nurse"], device="tablet-2"
    )
    for item_id, value in ANSWERED.items():
        answered.answer(item_id, value)
    reviews = Reviews(database, staff["nurse"], StaffSettings())
    for flag in answered.complete():
        with database.session() as db:
            flag_id = db.exec(select(Flag.id).where(Flag.rule_id == flag.rule_id)).one()
        reviews.acknowledge(flag_id, "Checked with the patient.")
    with database.session() as db:  # the patient signed: the clinician may attest
        record_consent(db, intake=db.get(Intake, answered.intake.id), shown=Shown(),
                       decision="agree", meaning="I agree.", signature=signature(),
                       steps=ConsentSteps([], [], []))  # fmt: skip
    database.dispose()
    return path, staff, session.intake.id, answered.intake.id


@pytest.fixture
def clinic(tmp_path, intake_form, clinic_file) -> Clinic:
    """A fresh copy of the clinic's database for each test."""
    template, staff, intake_id, answered = clinic_file
    copy = tmp_path / "clinic.sqlite3"
    shutil.copyfile(template, copy)
    database = Database(f"sqlite:///{copy}")
    with database.session() as db:
        intake = db.get(Intake, intake_id)
    patient = Actor.patient(intake_id, "tablet-1")
    session = IntakeSession.resume(database, intake_form, intake, by=patient)
    return Clinic(database, load_settings(), intake_form, session, staff, answered)


def _start(clinic: Clinic, actor: Actor) -> None:
    IntakeSession.start(clinic.database, clinic.form, SAMPLE_PATIENT, language="en", by=actor)


def _resume(clinic: Clinic, actor: Actor) -> None:
    IntakeSession.resume(clinic.database, clinic.form, clinic.session.intake, by=actor)


def _answer(clinic: Clinic, actor: Actor) -> None:
    clinic.session.answer("pain_now", 6, by=actor)


def _sign_consent_step(clinic: Clinic, actor: Actor) -> None:
    """A consent step (here: "I want more time"), taken as ``actor``."""
    document = CONSENT()
    shown = show_consent(document, "en", clinic.settings.clinic)
    intake, patient = clinic.session.intake, clinic.actor("patient")
    progress = Consenting(clinic.database, intake, patient).progress(clinic.form, document, shown)
    with Consenting(clinic.database, intake, actor).step(progress) as steps:
        steps.deferred()


def _release_hold(clinic: Clinic, actor: Actor) -> None:
    release = HoldRelease(IDENTITY_HOLD, actor.name, utc_now(), CONTINUE)
    clinic.session.release_identity_hold(release, None, by=actor)


def _make_documents(clinic: Clinic, actor: Actor) -> None:
    Documents(clinic.database, clinic.settings, None, actor).missing(today=TODAY)


def _list_documents(clinic: Clinic, actor: Actor) -> None:
    DocumentList(clinic.database, actor).oldest_first()


def _file_document(clinic: Clinic, actor: Actor) -> None:
    """The records page's list of documents to file (filing itself: test_chart_filing)."""
    ChartFiling(clinic.database, actor, clinic.settings, folder=Path("charts")).unfiled()


def _manage_people(clinic: Clinic, actor: Actor) -> None:
    user = f"person{next(_user_names)}"
    People(clinic.database, actor).add(NewPerson("Sam Lee", user, ["nurse"], "a long password!"))


def _read_audit(clinic: Clinic, actor: Actor) -> None:
    AuditTrail(clinic.database, actor).history(clinic.session.intake.id)


def _import_visit(clinic: Clinic, actor: Actor) -> None:
    """A visit recorded elsewhere, from an input file: here with no consent step to replay."""
    strokes = sample_strokes()
    signature = Signature("María José Núñez García", strokes, render_png(strokes), utc_now(), "UTC")
    answers = SAMPLE_ANSWERS | {"product_component_allergy": "no"}  # a product is set up
    visit = Visit(SAMPLE_PATIENT, clinic.form, "en", answers, CONSENT())
    import_visit(
        clinic.database,
        visit,
        replay=lambda _progress, _steps: [],
        signed=Signed("refuse", signature, None),
        clinic=clinic.settings.clinic,
        today=TODAY,
        by=actor,
    )


def _read_intake(clinic: Clinic, actor: Actor) -> None:
    catalog = FormCatalog.from_folder(shipped_forms_dir())
    open_intake(clinic.database, clinic.session.intake.id, catalog=catalog, today=TODAY, by=actor)


def _acknowledge_flag(clinic: Clinic, actor: Actor) -> None:
    with clinic.database.session() as db:
        flag_id = db.exec(select(Flag.id).where(Flag.intake_id == clinic.answered)).first()
    assert flag_id is not None
    Reviews(clinic.database, actor, StaffSettings()).acknowledge(flag_id, "Checked again.")


def _sign_off(clinic: Clinic, actor: Actor) -> None:
    Reviews(clinic.database, actor, StaffSettings()).sign_off(
        clinic.answered, "not_eligible", "Fever.", PASSWORD
    )


def _decide_stop(clinic: Clinic, actor: Actor) -> None:
    """Clear an intake despite its STOP flag (the fever)."""
    Reviews(clinic.database, actor, StaffSettings()).sign_off(
        clinic.answered, "cleared", "", PASSWORD
    )


def _export(clinic: Clinic, actor: Actor) -> None:
    """The answered intake (signed, no document made yet) as a FHIR Bundle."""
    catalog = FormCatalog.from_folder(shipped_forms_dir())
    fhir_bundle(clinic.database, clinic.answered, catalog=catalog, settings=clinic.settings,
                by=actor)  # fmt: skip


def _attest(clinic: Clinic, actor: Actor) -> None:
    Attestations(clinic.database, actor, StaffSettings()).attest(clinic.answered, PASSWORD)


ACTS: dict[Permission, Callable[[Clinic, Actor], None]] = {
    P.START_INTAKE: _start,
    P.RESUME_INTAKE: _resume,
    P.ANSWER: _answer,
    P.SIGN_CONSENT: _sign_consent_step,
    P.RELEASE_HOLD: _release_hold,
    P.MAKE_DOCUMENTS: _make_documents,
    P.LIST_DOCUMENTS: _list_documents,
    P.FILE_DOCUMENT: _file_document,
    P.MANAGE_PEOPLE: _manage_people,
    P.READ_AUDIT: _read_audit,
    P.IMPORT_VISIT: _import_visit,
    P.READ_INTAKE: _read_intake,
    P.ACKNOWLEDGE_FLAG: _acknowledge_flag,
    P.SIGN_OFF_REVIEW: _sign_off,
    P.DECIDE_STOP: _decide_stop,
    P.ATTEST_CONSENT: _attest,
    P.EXPORT: _export,
}


def events(clinic: Clinic) -> int:
    with clinic.database.session() as session:
        return session.exec(select(func.count()).select_from(AuditEvent)).one()


@pytest.mark.parametrize(("permission", "column"), list(itertools.product(ACTS, COLUMNS)))
def test_the_service_does_the_act_only_for_whom_the_table_allows(clinic, permission, column):
    expected = documented()[(permission.value, column)]
    actor, act = clinic.actor(column), ACTS[permission]
    if expected == "no":
        before = events(clinic)
        with pytest.raises(NotPermitted, match=permission.value):
            act(clinic, actor)
        assert events(clinic) == before, "a refused act leaves no trace but the refusal"
    else:
        act(clinic, actor)


def test_a_patient_may_answer_only_their_own_intake(clinic):
    other = Actor.patient("another-intake", "tablet-1")
    with pytest.raises(NotPermitted, match="answer the questions"):
        clinic.session.answer("pain_now", 6, by=other)
    assert "pain_now" not in clinic.session.answers
