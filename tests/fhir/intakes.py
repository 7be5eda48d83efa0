"""Signed, refused and withdrawn intakes on file, made the way the clinic makes them:
``intake-app packet --input`` stores the visit and seals its documents."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import select

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.consent.document import show_withdrawal
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.documents import Documents
from intake_app.settings import Settings, load_settings
from intake_app.storage.consents import Signature, withdraw_consent
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import ConsentRecord, Document, Intake
from tests.conftest import TODAY
from tests.services.test_pending_documents import write_clinic_file

FHIR_TOML = '[fhir]\nmrn_system = "urn:oid:1.2.3.4.5"\ncanonical_base = "https://forms.riverside.example/fhir"\n'


@dataclass
class OnFile:
    """One intake on file with its documents, and what the export needs."""

    database: Database
    settings: Settings
    catalog: FormCatalog
    intake_id: str

    def documents(self) -> dict[str, Document]:
        with self.database.session() as session:
            query = select(Document).where(Document.intake_id == self.intake_id)
            return {row.kind: row for row in session.exec(query)}


def clinic_with_fhir_names() -> None:
    """The test clinic file, with the clinic's own MRN system and forms address."""
    write_clinic_file()
    clinic_file = load_settings().clinic_file
    clinic_file.write_text(clinic_file.read_text(encoding="utf-8") + FHIR_TOML, encoding="utf-8")


FEVER = {"fever_recent": True}  # a STOP flag: staff release the hold before the decision
RELEASED = {"before_decision": {"by": "Dr Ines Ito"}, "before_consent": {"by": "Rosa Díaz"}}


def sign(tmp_path: Path, decision: str = "agree", answers: dict[str, Any] | None = None) -> OnFile:
    """The sample visit, signed (or refused) through ``packet --input``; with ``FEVER`` in
    ``answers``, after staff released the holds (``RELEASED``)."""
    clinic_with_fhir_names()
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    visit = _sample_input(catalog)
    visit["answers"] |= answers or {}
    visit["consent"]["decision"] = decision
    if answers and answers.get("fever_recent"):
        visit["consent"]["released"] = RELEASED
    source = tmp_path / "visit.json"
    source.write_text(json.dumps(visit), encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(settings.documents_dir)]) == 0
    database = Database(settings.database_url)
    with database.session() as session:
        intake_id = session.exec(select(Intake.id)).one()
    return OnFile(database, settings, catalog, intake_id)


def withdraw(on_file: OnFile) -> None:
    """The patient withdraws the agreement; the withdrawal document is made."""
    shown = show_withdrawal(on_file.catalog.consent(), "en", on_file.settings.clinic)
    strokes = sample_strokes()
    signature = Signature("María José Núñez García", strokes, render_png(strokes), utc_now(), "UTC")
    with on_file.database.session() as session:
        [original] = session.exec(select(ConsentRecord)).all()
        withdrawal = withdraw_consent(
            session, original=original, shown=shown, meaning=shown.meaning, signature=signature
        )
        record_id = withdrawal.id
    documents = Documents(on_file.database, on_file.settings, on_file.catalog, Actor.system())
    documents.for_withdrawal(record_id, today=TODAY + dt.timedelta(days=1))
