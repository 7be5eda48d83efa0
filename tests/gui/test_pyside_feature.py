"""Modules loaded after Qt (the chart document's libraries, the database's) are not kept
in memory as source text by the Qt binding's import hook, and the hook still tells a
module that uses the binding from one that does not."""

from __future__ import annotations

import importlib
import linecache
import sys

import pytest

import intake_app.gui  # noqa: F401  (the app's Qt package, as the tablet imports it)
from intake_app.gui.pyside_feature import FEATURE_MODULE

QUIET = "from decimal import Decimal\n\nFEE = Decimal('12.50')\n"
QT_USER = "from PySide6.QtCore import QObject\n\n\nclass Helper(QObject):\n    pass\n"


@pytest.fixture
def module_folder(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("late_fee_table", "late_qt_helper"):
        sys.modules.pop(name, None)


def _import(folder, name: str, text: str) -> str:
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    importlib.invalidate_caches()
    __import__(name)  # as an import statement does (the hook watches __import__)
    return str(path)


def test_a_module_imported_after_qt_leaves_no_source_text_in_memory(module_folder):
    path = _import(module_folder, "late_fee_table", QUIET)

    assert path not in linecache.cache


def test_the_hook_still_tells_which_modules_use_the_binding(module_folder):
    _import(module_folder, "late_fee_table", QUIET)
    _import(module_folder, "late_qt_helper", QT_USER)

    seen = sys.modules[FEATURE_MODULE].pyside_feature_dict
    assert seen["late_qt_helper"] == 0  # uses PySide6: may switch features
    assert seen["late_fee_table"] == -1  # does not: left alone
