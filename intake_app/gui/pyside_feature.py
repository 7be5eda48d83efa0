"""Modules imported after Qt are not kept in memory as source text.

Once PySide6 is imported, its import hook asks of every module imported afterwards
whether its source mentions "PySide6" (for ``from __feature__ import ...``, which the
app does not use). It reads the source through ``inspect.getsource``, which keeps each
file's text in ``linecache`` for good: with the app's heavy libraries loaded only when
first needed (after Qt: SQLAlchemy, pydantic, reportlab, pyHanko and cryptography for
the chart document), that was about 40 MB of source text held through a patient's
visit. ``keep_no_source`` gives the hook the same answer from the file's bytes, read
and let go; a module without a ``.py`` file is asked the hook's own way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6  # noqa: F401  (the hook exists once the binding is imported)

# Where PySide6 6.x keeps its import hook's question (not a public interface: when it
# moves, nothing is replaced and the hook keeps its own way).
FEATURE_MODULE = "PySide6.support.feature"
QUESTION = "_mod_uses_pyside"
MARK = "_reads_bytes"


def keep_no_source() -> None:
    """The binding's import hook reads each module's file without caching its text."""
    feature = sys.modules.get(FEATURE_MODULE)
    asked: Callable[[ModuleType], bool] | None = getattr(feature, QUESTION, None)
    if feature is None or asked is None or getattr(asked, MARK, False):
        return
    setattr(feature, QUESTION, _mentions_pyside(asked))


def _mentions_pyside(asked: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return asked(module)

    setattr(mentions_pyside, MARK, True)
    return mentions_pyside
