"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import settings

from intake_app.forms.catalog import load_questionnaire
from intake_app.paths import shipped_forms_dir
from intake_app.questionnaire.form import Questionnaire

# Time limits belong to benchmarks; a slow CI machine must not fail a property test.
settings.register_profile("intake", deadline=None, print_blob=True)
settings.load_profile("intake")

TESTS_DIR = Path(__file__).resolve().parent
MINI_FORM = TESTS_DIR / "questionnaire" / "data" / "mini-form.yaml"
SHIPPED_INTAKE = shipped_forms_dir() / "questionnaires" / "exosome-joint-intake-1.0.yaml"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's data folder or clinic file."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    for name in ("INTAKE_DATABASE_URL", "INTAKE_CLINIC_FILE", "INTAKE_FORMS_DIR"):
        monkeypatch.delenv(name, raising=False)
    yield


# Argon2 at its cheapest: the app's own parameters (PasswordHasher's defaults, which cost
# a tenth of a second or more per password or PIN) would be paid by every test that adds
# a person or unlocks a tablet. tests/staff check the real ones (``real_password_hashing``).
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
HASHERS = ("intake_app.staff.rules", "intake_app.services.settings_record")


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in HASHERS:
        monkeypatch.setattr(f"{module}._HASHER", QUICK_HASHER)


@pytest.fixture
def real_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own Argon2 parameters, for the tests of hashing itself."""
    for module in HASHERS:
        monkeypatch.setattr(f"{module}._HASHER", PasswordHasher())


# The product facts a consent needs before any patient may read it (README: clinic.toml).
PRODUCT_TOML = """
[product]
name = "ExoJoint"
source = { en = "donated placental tissue", es = "tejido de placenta donado" }
manufacturer = "Acme Biologics Inc."
price_usd = 2500
"""
CLINIC_TOML = '[clinic]\nname = "Riverside Joint Clinic"\nphone = "(555) 010-0000"\n'


@pytest.fixture
def configured_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic file with the clinic's name and the product facts the consent needs."""
    path = tmp_path / "configured-clinic.toml"
    path.write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(path))
    return path


@pytest.fixture(scope="session")
def mini_form() -> Questionnaire:
    return load_questionnaire(MINI_FORM)


@pytest.fixture(scope="session")
def intake_form() -> Questionnaire:
    """The clinic's shipped intake questionnaire."""
    return load_questionnaire(SHIPPED_INTAKE)
