"""A signed review makes a sealed addendum: VALID to ``verify``, listed by ``documents list``,
made once per review, and made later by ``documents make-missing`` when a crash or a
failed seal left it unmade. Its text names the chart document, every acknowledgment,
the decision, the attestation and the signature's meaning."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from intake_app.chart.seal import clinic_certificate
from intake_app.chart.verify import verify_pdf
from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.services import review_addendum
from intake_app.services.actor import Actor
from intake_app.services.attestation import Attestations
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import NotPermitted
from intake_app.services.review import Reviews
from intake_app.services.review_addendum import file_review_addendum, make_review_addendum
from intake_app.settings import Settings, StaffSettings, load_settings
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import Document, Flag, Intake, Review
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.services.test_pending_documents import write_clinic_file

PASSWORD = "correct horse battery"  # people_on_file's
RULES = StaffSettings()
RELEASED = {"before_decision": {"by": "Dr Ines Ito"}, "before_consent": {"by": "Rosa Díaz"}}


@dataclass
class Ward:
    """A signed intake with a fever (a STOP flag) and its chart document, a nurse and a
    clinician on file."""

    database: Database
    settings: Settings
    catalog: FormCatalog
    intake_id: str
    nurse: Actor
    clinician: Actor

    def flags(self) -> list[Flag]:
        with self.database.session() as session:
            query = select(Flag).where(Flag.intake_id == self.intake_id)
            return list(session.exec(query.order_by(col(Flag.rule_id))))

    def acknowledge_all(self) -> dict[str, str]:
        """Each flag acknowledged by the nurse with a note of its own: rule id -> note."""
        notes = {flag.rule_id: f"Seen {number}, fine." for number, flag in enumerate(self.flags())}
        for flag in self.flags():
            Reviews(self.database, self.nurse, RULES).acknowledge(flag.id, notes[flag.rule_id])
        return notes

    def sign_off(self, *, ago: dt.timedelta = dt.timedelta(0)) -> Review:
        """The nurse routes the fever to the clinician, signed ``ago``."""
        reviews = Reviews(self.database, self.nurse, RULES, clock=lambda: utc_now() - ago)
        return reviews.sign_off(
            self.intake_id, "needs_clinician", "Fever: doctor decides.", PASSWORD
        )

    def addendum(self, review: Review, by: Actor | None = None) -> Document:
        return make_review_addendum(self.database, review.id, settings=self.settings,
                                    catalog=self.catalog, by=by or self.nurse)  # fmt: skip

    def addenda(self) -> list[Document]:
        with self.database.session() as session:
            return list(session.exec(select(Document).where(Document.kind == "review_addendum")))

    def chart(self) -> Document:
        with self.database.session() as session:
            query = select(Document).where(Document.kind == "chart_packet")
            return session.exec(query).one()


@pytest.fixture
def ward(tmp_path) -> Iterator[Ward]:
    write_clinic_file()
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    visit = _sample_input(catalog)
    visit["answers"] |= {"fever_recent": True}
    visit["consent"]["released"] = RELEASED
    source = tmp_path / "visit.json"
    source.write_text(json.dumps(visit), encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(settings.documents_dir)]) == 0
    database = Database(settings.database_url)
    nurse, clinician = on_file(database, "nurse"), on_file(database, "clinician")
    with database.session() as session:
        intake_id = session.exec(select(Intake.id)).one()
    yield Ward(database, settings, catalog, intake_id, nurse, clinician)
    database.dispose()


def pdf_text(path: str) -> str:
    """The PDF's words, one space between each (lines wrap where the page ends)."""
    raw = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(raw.stdout.split())


def test_signing_off_makes_an_addendum_that_verify_calls_valid(ward, capsys):
    ward.acknowledge_all()
    review = ward.sign_off()
    addendum = ward.addendum(review)
    assert (addendum.kind, addendum.review_id, addendum.intake_id) == (
        "review_addendum", review.id, ward.intake_id
    )  # fmt: skip
    path = Path(addendum.path)
    assert path.name.startswith("NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_REVIEW_")
    verdict = verify_pdf(path.read_bytes(), clinic_certificate(ward.settings.keys_dir))
    assert verdict.valid and verdict.document_id == addendum.id
    assert verdict.anchor is not None
    assert (verdict.anchor.sequence, verdict.anchor.sha256) == (
        addendum.audit_sequence, addendum.audit_sha256
    )  # fmt: skip
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0
    assert "VALID" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0, "the trail holds the head the addendum seals"


def test_the_addendum_says_what_was_acknowledged_decided_attested_and_signed(ward):
    notes = ward.acknowledge_all()
    attestation = Attestations(ward.database, ward.clinician, RULES).attest(
        ward.intake_id, PASSWORD
    )
    review = ward.sign_off()
    text = pdf_text(ward.addendum(review).path)
    chart = ward.chart()
    assert f"Chart document: {chart.id} SHA-256: {chart.sha256}" in text
    for note in notes.values():
        assert f"Note: {note}" in text
    assert "Decision: needs a clinician's decision Note: Fever: doctor decides." in text
    assert "I explained the treatment, its risks and alternatives" in text
    assert f"Meaning of this signature: {attestation.meaning}" in text
    assert f"Meaning of this signature: {review.meaning}" in text
    assert "Printed name: Rosa Díaz Role: nurse Signed: " in text
    assert "Page 1 of" in text and "María José Núñez García" in text


def test_an_attestation_signed_after_the_review_is_not_on_its_addendum(ward):
    # The addendum shows the record as it was signed, whenever it is made.
    ward.acknowledge_all()
    review = ward.sign_off(ago=dt.timedelta(minutes=10))
    Attestations(ward.database, ward.clinician, RULES).attest(ward.intake_id, PASSWORD)
    text = pdf_text(ward.addendum(review).path)
    assert "Attestations of the consent explanation None." in text
    assert "Attested by" not in text


def test_the_addendum_of_a_correction_names_the_review_it_corrects(ward):
    ward.acknowledge_all()
    routed = ward.sign_off()
    first = ward.addendum(routed)
    cleared = Reviews(ward.database, ward.clinician, RULES).sign_off(
        ward.intake_id, "cleared", "No fever today.", PASSWORD, corrects=routed.id
    )
    text = pdf_text(ward.addendum(cleared, by=ward.clinician).path)
    assert "Decision: cleared for treatment" in text
    assert "corrects the review signed by Rosa Díaz at" in text
    assert f"review {routed.id}), whose addendum is document {first.id}." in text
    assert "Printed name: Dr Ines Ito Role: clinician" in text
    assert len(ward.addenda()) == 2


def test_a_review_gets_one_addendum_however_often_it_is_asked_for(ward, monkeypatch):
    ward.acknowledge_all()
    review = ward.sign_off()
    first = ward.addendum(review)
    assert ward.addendum(review).id == first.id
    # Another station past the "none yet" check at the same moment: the database files
    # one, and that station is given the one on file.
    looked = []

    def none_yet_at_first(session, review_id):
        looked.append(review_id)
        return None if len(looked) == 1 else on_file(session, review_id)

    on_file = review_addendum.addendum_of
    monkeypatch.setattr(review_addendum, "addendum_of", none_yet_at_first)
    assert ward.addendum(review).id == first.id
    assert [d.id for d in ward.addenda()] == [first.id]
    folder = ward.settings.documents_dir
    assert [p.name for p in folder.glob("*REVIEW*")] == [Path(first.path).name]
    assert not list(folder.glob(".incoming-*")), "the refused one left no staged file"
    with pytest.raises(IntegrityError), ward.database.session() as session:
        file_review_addendum(session, review_id=review.id, catalog=ward.catalog,
                             settings=ward.settings)  # fmt: skip


def test_documents_list_shows_the_addendum(ward, capsys):
    ward.acknowledge_all()
    addendum = ward.addendum(ward.sign_off())
    capsys.readouterr()
    assert main(["documents", "list"]) == 0
    [line] = [row for row in capsys.readouterr().out.splitlines() if addendum.id in row]
    assert line.split("\t")[2:4] == ["review_addendum", Path(addendum.path).name]


def test_make_missing_makes_the_addendum_a_crash_left_unmade(ward, capsys):
    ward.acknowledge_all()
    review = ward.sign_off(ago=dt.timedelta(minutes=10))  # the station went down right after
    assert ward.addenda() == []
    capsys.readouterr()
    assert main(["documents", "make-missing"]) == 0
    assert "Made 1 missing document(s)." in capsys.readouterr().out
    [made] = ward.addenda()
    assert made.review_id == review.id
    assert verify_pdf(Path(made.path).read_bytes(), clinic_certificate(ward.settings.keys_dir))
    assert main(["documents", "make-missing"]) == 0
    assert "Made 0 missing document(s)." in capsys.readouterr().out
    assert len(ward.addenda()) == 1


def test_a_review_signed_moments_ago_is_left_to_the_station_making_its_addendum(ward, capsys):
    ward.acknowledge_all()
    ward.sign_off()
    assert main(["documents", "make-missing"]) == 0
    out = capsys.readouterr().out
    assert "Made 0 missing document(s)." in out and "Left for now: 1" in out
    assert ward.addenda() == []


def test_only_someone_who_may_make_documents_makes_an_addendum(ward):
    ward.acknowledge_all()
    review = ward.sign_off()
    with pytest.raises(NotPermitted, match="make missing documents"):
        ward.addendum(review, by=Actor.patient(ward.intake_id))
    assert ward.addenda() == []


def test_a_review_of_an_intake_never_signed_says_there_is_no_chart_document(tmp_path, intake_form):
    # The patient left before the consent: the nurse still reviews what they answered.
    write_clinic_file()
    settings = load_settings()
    database = Database(settings.database_url)
    nurse = on_file(database, "nurse")
    session = IntakeSession.start(database, intake_form, SAMPLE_PATIENT, language="en", by=nurse,
                                  today=lambda: TODAY)  # fmt: skip
    for item_id, value in (SAMPLE_ANSWERS | {"product_component_allergy": "no"}).items():
        session.answer(item_id, value)
    reviews = Reviews(database, nurse, RULES)
    for flag in session.complete():
        with database.session() as db:
            flag_id = db.exec(select(Flag.id).where(Flag.rule_id == flag.rule_id)).one()
        reviews.acknowledge(flag_id, "Seen.")
    review = reviews.sign_off(session.intake.id, "not_eligible", "Left before the consent.",
                              PASSWORD)  # fmt: skip
    catalog = FormCatalog.from_folder(settings.forms_dir)
    addendum = make_review_addendum(database, review.id, settings=settings, catalog=catalog,
                                    by=nurse)  # fmt: skip
    text = pdf_text(addendum.path)
    assert "No chart document: the patient did not sign or refuse the consent." in text
    assert "Decision: not eligible for treatment" in text
    assert verify_pdf(Path(addendum.path).read_bytes(), clinic_certificate(settings.keys_dir))
    database.dispose()
