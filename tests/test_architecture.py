"""The domain core and the command line never load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DOMAIN_MODULES = [
    "intake_app.forms.catalog",
    "intake_app.questionnaire.flags",
    "intake_app.commands.input_template",
    "intake_app.questionnaire.completeness",
    "intake_app.storage.intakes",
    "intake_app.settings",
    "intake_app.commands.forms",
    "intake_app.cli",
]


def test_importing_the_domain_core_does_not_import_qt():
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in DOMAIN_MODULES)
        + "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        + "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_import_contract_holds():
    # lint-imports reads the contract from pyproject.toml; it sits beside this Python.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The domain core does not import Qt KEPT" in result.stdout
    assert "Document rendering reads no storage KEPT" in result.stdout
    assert "Screens and commands reach records only through services KEPT" in result.stdout
    # lint-imports wraps a long contract name over lines.
    report = " ".join(result.stdout.split())
    assert (
        "forms above consent and questionnaire (siblings) above the shared form files KEPT"
        in report
    )


def test_reportlab_and_pyhanko_load_only_when_a_document_is_made():
    # Start-up stays fast: the PDF libraries cost about 0.7 s to import.
    code = (
        "import sys\n"
        "import intake_app.gui.kiosk, intake_app.gui.app, intake_app.services.filing\n"
        "print(sorted(m for m in ('reportlab', 'pyhanko') if m in sys.modules))\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "[]"
