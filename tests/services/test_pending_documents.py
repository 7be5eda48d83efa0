"""Chart documents still owed: a signed intake whose sealing failed gets its document later."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from intake_app.chart.seal import clinic_certificate
from intake_app.chart.verify import verify_pdf
from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.services.pending_documents import intakes_missing_documents, make_missing_documents
from intake_app.settings import SealSettings, Settings, load_settings
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import Document
from tests.conftest import PRODUCT_TOML

SOON = dt.timedelta(seconds=5)


def unreachable_url() -> str:
    """A timestamp authority nobody answers for: a local port that was just closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/tsa"


def write_clinic_file(timestamp_url: str = "") -> None:
    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    seal = f'[seal]\ntimestamp_url = "{timestamp_url}"\n' if timestamp_url else ""
    settings.clinic_file.write_text(
        f'[clinic]\nname = "Riverside"\n{seal}{PRODUCT_TOML}', encoding="utf-8"
    )


def sign_while_sealing_fails(tmp_path: Path, decision: str = "agree") -> None:
    """An intake signed through `intake-app packet` while the timestamp authority is down."""
    write_clinic_file(unreachable_url())
    data = _sample_input(FormCatalog.from_folder(load_settings().forms_dir))
    data["consent"]["decision"] = decision
    source = tmp_path / f"{decision}.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 1


def with_seal(settings: Settings, timestamp_url: str) -> Settings:
    seal = SealSettings(timestamp_url=timestamp_url)
    return replace(settings, clinic=settings.clinic.model_copy(update={"seal": seal}))


@pytest.fixture
def database():
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def test_an_intake_whose_sealing_failed_gets_its_document_later(tmp_path, database, caplog):
    sign_while_sealing_fails(tmp_path)
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    later = utc_now() + SOON
    with database.session() as session:
        [intake_id] = intakes_missing_documents(session, signed_before=later)
        with caplog.at_level(logging.INFO):
            [failed] = make_missing_documents(
                session,
                catalog=catalog,
                settings=settings,
                today=dt.date.today(),
                signed_before=later,
            )
        assert (failed.intake_id, failed.made, failed.error) == (
            intake_id,
            False,
            "TimestampUnavailable",
        )
        assert settings.clinic.seal.timestamp_url in failed.detail
        assert (
            intake_id in caplog.text and "Núñez" not in caplog.text and "María" not in caplog.text
        )

        made = make_missing_documents(
            session, catalog=catalog, settings=with_seal(settings, ""), today=dt.date.today(),
            signed_before=later,
        )  # fmt: skip
        assert [(m.made, m.intake_id, m.kind) for m in made] == [
            (True, intake_id, "chart_packet"),
            (True, intake_id, "patient_copy"),
        ]
        rows = session.exec(select(Document)).all()
        assert [(r.id, r.intake_id, r.kind) for r in rows] == [
            (m.document_id, m.intake_id, m.kind) for m in made
        ]
        certificate = clinic_certificate(settings.keys_dir)
        assert all(verify_pdf(Path(r.path).read_bytes(), certificate).valid for r in rows)
        assert intakes_missing_documents(session, signed_before=later) == [], "made once only"
        assert intakes_missing_documents(session, signed_before=later, kind="patient_copy") == []


def test_a_refusal_gets_its_document_too(tmp_path, database):
    sign_while_sealing_fails(tmp_path, decision="refuse")
    with database.session() as session:
        assert len(intakes_missing_documents(session, signed_before=utc_now() + SOON)) == 1


def test_an_intake_signed_moments_ago_is_left_to_the_tablet_making_its_document(tmp_path, database):
    # Another tablet may be sealing it right now; making it twice would file two documents.
    sign_while_sealing_fails(tmp_path)
    settings = with_seal(load_settings(), "")
    with database.session() as session:
        attempts = make_missing_documents(
            session,
            catalog=FormCatalog.from_folder(settings.forms_dir),
            settings=settings,
            today=dt.date.today(),
        )
        assert attempts == []
        assert session.exec(select(Document)).all() == []


def test_an_intake_with_its_document_is_not_made_again(tmp_path, database):
    write_clinic_file()
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    with database.session() as session:
        assert intakes_missing_documents(session, signed_before=utc_now() + SOON) == []


def test_a_withdrawal_signed_without_its_document_gets_one(tmp_path, database):
    from intake_app.chart.ink import render_png, sample_strokes
    from intake_app.consent.document import show_withdrawal
    from intake_app.storage.consents import Signature, withdraw_consent
    from intake_app.storage.tables import ConsentRecord

    write_clinic_file()
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    shown = show_withdrawal(catalog.consent(), "en", settings.clinic)
    strokes = sample_strokes()
    signature = Signature("María José Núñez García", strokes, render_png(strokes), utc_now(), "UTC")
    with database.session() as session:
        [original] = session.exec(select(ConsentRecord)).all()
        withdraw_consent(
            session, original=original, shown=shown, meaning=shown.meaning, signature=signature
        )
        [made] = make_missing_documents(
            session,
            catalog=catalog,
            settings=settings,
            today=dt.date.today(),
            signed_before=utc_now() + SOON,
        )
        assert made.made and made.intake_id == original.intake_id
        kinds = sorted(d.kind for d in session.exec(select(Document)))
    assert kinds == ["chart_packet", "patient_copy", "withdrawal"]


def test_an_intake_with_its_chart_document_but_no_patient_copy_gets_the_copy(tmp_path, database):
    # The chart document was made, then sealing the patient's copy failed.
    from intake_app.services.filing import make_chart_document
    from intake_app.storage.tables import Intake

    sign_while_sealing_fails(tmp_path, decision="refuse")
    settings = with_seal(load_settings(), "")
    catalog = FormCatalog.from_folder(settings.forms_dir)
    later = utc_now() + SOON
    with database.session() as session:
        [intake] = session.exec(select(Intake)).all()
        make_chart_document(
            session, intake=intake, catalog=catalog, settings=settings, today=dt.date.today()
        )
        [made] = make_missing_documents(
            session, catalog=catalog, settings=settings, today=dt.date.today(), signed_before=later
        )
        assert (made.made, made.intake_id, made.kind) == (True, intake.id, "patient_copy")
        copy = session.get(Document, made.document_id)
        assert copy is not None and "_COPY_" in copy.path
        assert intakes_missing_documents(session, signed_before=later, kind="patient_copy") == []
