"""Every input file here is for a clinic whose clinic file names its product."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clinic(configured_clinic):
    return configured_clinic
