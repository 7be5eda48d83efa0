"""Every input file here is for a clinic whose clinic file names its product."""

from __future__ import annotations

import pytest

from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings


@pytest.fixture(autouse=True)
def _clinic(configured_clinic):
    return configured_clinic


@pytest.fixture(scope="module")
def sample() -> dict:
    """The built-in sample input: valid, so each test breaks one thing."""
    return _sample_input(FormCatalog.from_folder(load_settings().forms_dir))
