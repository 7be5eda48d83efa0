"""The Qt binding the app runs on does not lose track of None.

PySide6 6.12.0 dropped a reference to None each time Python called a Qt method
that returns nothing; on Python 3.11 (None is not immortal there) a kiosk left
running aborts with "none_dealloc" after some thousands of such calls. The app
pins a binding without the fault; this test fails if an upgrade brings it back.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CALLS = 20_000
PROBE = textwrap.dedent(
    f"""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel("x")
    before = sys.getrefcount(None)
    for _ in range({CALLS}):
        label.update()
        label.setText("y")
    print(before - sys.getrefcount(None))
    """
)


def test_calling_qt_methods_that_return_nothing_keeps_none_alive():
    # In a child process: the fault aborts the interpreter, which must not take the suite.
    child = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert child.returncode == 0, "the Qt binding aborted: " + child.stderr[-300:]
    lost = int(child.stdout.strip())
    assert lost < 100, f"None lost {lost} references in {CALLS} calls"
