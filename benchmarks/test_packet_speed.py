"""Benchmarks: ./run-tests benchmarks --benchmark-only (CI runs them once each, with
--benchmark-disable, so they cannot rot).

The sample chart packet must build and seal in well under a second.
"""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.chart.packet import build_packet
from intake_app.chart.seal import ensure_clinic_keys, seal_pdf
from intake_app.commands.packet import run_packet
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The sample intake stored as ``intake-app packet --sample`` stores it, and its
    chart content gathered as the documents service gathers it."""
    from sqlmodel import select

    from intake_app.services.document_content import packet_content
    from intake_app.storage.db import Database
    from intake_app.storage.tables import Intake

    data_dir = tmp_path_factory.mktemp("bench")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("INTAKE_DATA_DIR", str(data_dir))
        settings = load_settings()
        assert run_packet(None, True, tmp_path_factory.mktemp("out")) == 0
    catalog = FormCatalog.from_folder(settings.forms_dir)
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
    database.dispose()
    keys = ensure_clinic_keys(settings.keys_dir, "Bench clinic")
    return built, keys


def test_build_and_seal_the_sample_packet(benchmark, content):
    packet, keys = content
    result = benchmark(lambda: seal_pdf(build_packet(packet), keys, reason="bench"))
    assert result.startswith(b"%PDF")
    if benchmark.enabled:  # a timing only when measured (not in CI's single run)
        assert benchmark.stats.stats.median < 1.0
