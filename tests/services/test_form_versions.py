"""Publishing a new form or consent version: the next intake uses it, an intake begun on
the earlier one keeps its own to the end, and nothing published is replaced or lost."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.cli import main
from intake_app.consent.document import show_consent
from intake_app.consent.progress import Acknowledgment
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.paths import shipped_forms_dir
from intake_app.services.actor import Actor
from intake_app.services.consenting import Consenting
from intake_app.services.documents import Documents
from intake_app.services.form_versions import PUBLISHED, FormVersions, PublishRefused
from intake_app.services.intake_session import IntakeSession
from intake_app.services.permissions import NotPermitted
from intake_app.services.review_record import open_review
from intake_app.settings import Settings, load_settings
from intake_app.storage.consents import (
    ConsentSteps,
    Signature,
    record_acknowledgment,
    record_consent,
)
from intake_app.storage.db import Database, utc_now
from intake_app.storage.patients import PatientDetails
from intake_app.storage.tables import AuditEvent, Intake
from tests.conftest import SHIPPED_INTAKE, TODAY
from tests.services.people_on_file import on_file
from tests.services.test_pending_documents import write_clinic_file

SHIPPED_CONSENT = shipped_forms_dir() / "consents" / "exosome-joint-consent-1.0.yaml"
OLD_TITLE, NEW_TITLE = "About you", "Tell us about yourself"
OLD_SECTION, NEW_SECTION = "What this treatment is", "About the treatment"
ANA = PatientDetails("Ana", "Ruiz", dt.date(1958, 3, 2))
BEA = PatientDetails("Bea", "Soto", dt.date(1961, 7, 9))


def new_version(folder: Path, source: Path = SHIPPED_INTAKE, version: str = "1.1") -> Path:
    """A copy of a shipped form with a new version and (for the intake) a changed title."""
    text = source.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"', 1)
    text = text.replace(f'en: "{OLD_TITLE}"', f'en: "{NEW_TITLE}"', 1)
    text = text.replace(f'en: "{OLD_SECTION}"', f'en: "{NEW_SECTION}"', 1)
    path = folder / f"{source.stem}-new.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def clinic():
    write_clinic_file()
    settings = load_settings()
    database = Database(settings.database_url)
    yield settings, database
    database.dispose()


def versions(settings: Settings, database: Database, by: Actor) -> FormVersions:
    return FormVersions(database, settings.form_folders, by)


def test_the_next_intake_uses_the_new_version_and_a_begun_one_keeps_its_own(clinic, tmp_path):
    settings, database = clinic
    admin, nurse = on_file(database, "admin"), on_file(database, "nurse")
    before = FormCatalog.from_folders(settings.form_folders)
    ana = IntakeSession.start(database, before.get("exosome-joint-intake"), ANA, language="en",
                              by=nurse, today=lambda: TODAY)  # fmt: skip
    ana.answer("decides_for_self", True)

    published = versions(settings, database, admin).publish(new_version(tmp_path))

    assert published.new.what_changes() == (
        "New intakes will use version 1.1 of the questionnaire exosome-joint-intake; "
        "intakes in progress keep 1.0."
    )
    after = FormCatalog.from_folders(settings.form_folders)
    bea = IntakeSession.start(database, after.get("exosome-joint-intake"), BEA, language="en",
                              by=nurse, today=lambda: TODAY)  # fmt: skip
    assert (bea.intake.form_version, bea.pages()[0].section.title["en"]) == ("1.1", NEW_TITLE)
    resumed = IntakeSession.resume(
        database, after.get(ana.intake.form_id, ana.intake.form_version), ana.intake,
        by=nurse, today=lambda: TODAY,
    )  # fmt: skip
    for item_id, value in SAMPLE_ANSWERS.items():
        resumed.answer(item_id, value)
    resumed.complete()
    sign(database, after, ana.intake.id)
    documents = Documents(database, settings, after, Actor.system("tablet-1"))
    chart = documents.for_signing(ana.intake.id, today=TODAY).chart

    text = pdf_text(Path(chart.path))
    assert "exosome-joint-intake version 1.0" in text and OLD_TITLE in text
    assert NEW_TITLE not in text
    review = open_review(database, ana.intake.id, catalog=after, today=TODAY, by=nurse)
    assert review.header.form.endswith("1.0")


def sign(database: Database, catalog: FormCatalog, intake_id: str) -> None:
    document = catalog.consent()
    shown = show_consent(document, "en", load_settings().clinic)
    strokes = sample_strokes()
    signature = Signature("Ana Ruiz", strokes, render_png(strokes), utc_now(), "UTC")
    with database.session() as session:
        record_consent(session, intake=session.get(Intake, intake_id), shown=shown,
                       decision="agree", meaning="I agree.", signature=signature,
                       steps=ConsentSteps())  # fmt: skip


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_a_patient_reading_the_consent_keeps_its_version_when_a_new_one_is_published(
    clinic, tmp_path
):
    settings, database = clinic
    admin, nurse = on_file(database, "admin"), on_file(database, "nurse")
    catalog = FormCatalog.from_folders(settings.form_folders)
    ana = IntakeSession.start(database, catalog.get("exosome-joint-intake"), ANA, language="en",
                              by=nurse, today=lambda: TODAY)  # fmt: skip
    consenting = Consenting(database, ana.intake, ana.actor)
    first = consenting.document(catalog)
    shown = show_consent(first, "en", settings.clinic)
    progress = consenting.progress(ana.questionnaire, first, shown)
    with consenting.step(progress) as steps:
        steps.acknowledged(
            shown.sections[0].id, progress.acknowledge(shown.sections[0].id, utc_now())
        )

    versions(settings, database, admin).publish(new_version(tmp_path, SHIPPED_CONSENT))
    after = FormCatalog.from_folders(settings.form_folders)

    assert after.consent().version == "1.1", "a patient who has read nothing gets 1.1"
    assert consenting.document(after).version == "1.0"
    review = open_review(database, ana.intake.id, catalog=after, today=TODAY, by=nurse)
    assert [a.section for a in review.consent.acknowledgments] == [OLD_SECTION]


def test_an_intake_whose_steps_name_no_version_gets_the_newest_consent(clinic, tmp_path):
    # Steps stored before they named their version: the consent in force, as before.
    settings, database = clinic
    admin, nurse = on_file(database, "admin"), on_file(database, "nurse")
    catalog = FormCatalog.from_folders(settings.form_folders)
    ana = IntakeSession.start(database, catalog.get("exosome-joint-intake"), ANA, language="en",
                              by=nurse, today=lambda: TODAY)  # fmt: skip
    with database.session() as session:
        record_acknowledgment(session, intake=session.get(Intake, ana.intake.id),
                              section_id="evidence", ack=Acknowledgment(utc_now(), "en", "ab"))  # fmt: skip
    versions(settings, database, admin).publish(new_version(tmp_path, SHIPPED_CONSENT))
    after = FormCatalog.from_folders(settings.form_folders)
    assert Consenting(database, ana.intake, ana.actor).document(after).version == "1.1"


def test_a_published_version_is_read_only_audited_and_listed_with_its_intakes(clinic, tmp_path):
    settings, database = clinic
    admin, nurse = on_file(database, "admin"), on_file(database, "nurse")
    source = new_version(tmp_path)
    published = versions(settings, database, admin).publish(source)

    path = published.path
    assert path.parent == settings.data_dir / "forms" / "questionnaires"
    assert stat.S_IMODE(path.stat().st_mode) == 0o440
    assert path.read_bytes() == source.read_bytes()
    sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    with database.session() as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == PUBLISHED)).all()
    assert (event.actor, event.actor_role) == (f"staff:{admin.staff_id}", "admin")
    assert event.detail == {
        "kind": "questionnaire", "form": "exosome-joint-intake", "version": "1.1",
        "status": "active", "file": "exosome-joint-intake-1.1.yaml",
        "source_file": source.name, "sha256": sha256, "replaces": "1.0",
    }  # fmt: skip

    catalog = FormCatalog.from_folders(settings.form_folders)
    for form in (catalog.get("exosome-joint-intake", "1.0"), catalog.get("exosome-joint-intake")):
        IntakeSession.start(database, form, ANA, language="en", by=nurse, today=lambda: TODAY)
    listed = {(v.form_id, v.version): v for v in versions(settings, database, admin).listed()}
    old, new = listed[("exosome-joint-intake", "1.0")], listed[("exosome-joint-intake", "1.1")]
    assert (old.status_words, old.intakes, old.published) == ("earlier version", 1, False)
    assert (new.status_words, new.intakes, new.published) == ("in use for new intakes", 1, True)
    assert (new.file_name, new.sha256) == ("exosome-joint-intake-1.1.yaml", sha256)
    assert listed[("exosome-joint-consent", "1.0")].kind == "consent"


def test_an_existing_id_and_version_is_refused_and_never_overwritten(clinic, tmp_path):
    settings, database = clinic
    admin = on_file(database, "admin")
    first = versions(settings, database, admin).publish(new_version(tmp_path))
    kept = first.path.read_bytes()
    changed = tmp_path / "other.yaml"
    changed.write_text(kept.decode().replace(NEW_TITLE, "Yet another title"), encoding="utf-8")

    for source in (changed, SHIPPED_INTAKE):
        with pytest.raises(PublishRefused) as refused:
            versions(settings, database, admin).publish(source)
        assert refused.value.problems == [
            f"{source}: version {'1.1' if source == changed else '1.0'} of exosome-joint-intake "
            "is published already: give the new file a new version"
        ]
    assert first.path.read_bytes() == kept
    assert audit_count(database) == 1


def audit_count(database: Database) -> int:
    with database.session() as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == PUBLISHED)).all())


def test_a_broken_file_is_refused_with_its_file_and_line(clinic, tmp_path):
    settings, database = clinic
    admin = on_file(database, "admin")
    source = new_version(tmp_path)
    text = source.read_text(encoding="utf-8")
    line = text[: text.index("status: active")].count("\n") + 1
    source.write_text(text.replace("status: active", "status: live", 1), encoding="utf-8")

    with pytest.raises(PublishRefused) as refused:
        versions(settings, database, admin).publish(source)

    assert refused.value.problems[0].startswith(f"{source}:{line}: ")
    assert not (settings.data_dir / "forms").exists()
    assert audit_count(database) == 0


def test_only_an_administrator_or_the_command_line_may_publish(clinic, tmp_path):
    settings, database = clinic
    nurse = on_file(database, "nurse")
    with pytest.raises(NotPermitted, match="may not publish a form version"):
        versions(settings, database, nurse).publish(new_version(tmp_path))
    assert not (settings.data_dir / "forms").exists()


def test_the_command_line_publishes_as_itself_and_lists_the_intakes(clinic, tmp_path, capsys):
    settings, database = clinic
    nurse = on_file(database, "nurse")
    source = new_version(tmp_path)
    assert main(["forms", "publish", str(source)]) == 0
    assert "intakes in progress keep 1.0" in capsys.readouterr().out
    with database.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == PUBLISHED)).one()
    assert (event.actor, event.detail["via"]) == ("system", "command line")
    assert main(["forms", "publish", str(source)]) == 1
    assert "is published already" in capsys.readouterr().err

    catalog = FormCatalog.from_folders(settings.form_folders)
    IntakeSession.start(database, catalog.get("exosome-joint-intake"), ANA, language="en",
                        by=nurse, today=lambda: TODAY)  # fmt: skip
    assert main(["forms", "list"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    counts = {(row[0], row[1]): row[6] for row in rows}
    assert counts[("exosome-joint-intake", "1.0")] == "0 intakes"
    assert counts[("exosome-joint-intake", "1.1")] == "1 intakes"


def test_the_same_version_in_both_folders_is_one_form_if_identical_else_a_problem(clinic):
    settings, _database = clinic
    copy = settings.clinic_forms_dir / "questionnaires" / SHIPPED_INTAKE.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(SHIPPED_INTAKE.read_bytes())
    assert len(FormCatalog.from_folders(settings.form_folders).all()) == 1

    copy.write_text(SHIPPED_INTAKE.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert main(["forms", "list"]) == 1
