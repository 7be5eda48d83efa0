from __future__ import annotations

import pytest

from intake_app.forms.catalog import load_form_file
from intake_app.paths import shipped_forms_dir

SHIPPED_CONSENT = shipped_forms_dir() / "consents" / "exosome-joint-consent-1.0.yaml"


@pytest.fixture(scope="session")
def consent_document():
    return load_form_file(SHIPPED_CONSENT)
