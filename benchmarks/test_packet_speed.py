"""Benchmarks (not part of ./run-tests): ./run-tests benchmarks --benchmark-only

The sample chart packet must build and seal in well under a second.
"""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.chart.packet import build_packet
from intake_app.chart.seal import ensure_clinic_keys, seal_pdf
from intake_app.commands.packet import _sample_input, check_input
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    from intake_app.commands.packet import _store_and_file
    from intake_app.services.document_content import packet_content

    settings = load_settings({"INTAKE_DATA_DIR": str(tmp_path_factory.mktemp("bench"))})
    catalog = FormCatalog.from_folder(settings.forms_dir)
    _, plan = check_input(_sample_input(catalog), catalog)
    from dataclasses import replace

    settings = replace(settings, documents_folder=tmp_path_factory.mktemp("out"))
    _store_and_file(plan, catalog, settings)
    from sqlmodel import select

    from intake_app.storage.db import Database
    from intake_app.storage.tables import Intake

    database = Database(settings.database_url)
    with database.session() as session:
        intake = session.exec(select(Intake)).one()
        built = packet_content(
            session,
            intake=intake,
            catalog=catalog,
            settings=settings,
            today=dt.date.today(),
            document_id="BENCH",
        )
    keys = ensure_clinic_keys(settings.keys_dir, "Bench clinic")
    return built, keys


def test_build_and_seal_the_sample_packet(benchmark, content):
    packet, keys = content
    result = benchmark(lambda: seal_pdf(build_packet(packet), keys, reason="bench"))
    assert result.startswith(b"%PDF")
    assert benchmark.stats.stats.median < 1.0
