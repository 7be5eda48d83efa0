"""`intake-app screenshots` renders every patient screen in every variant, without a display."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from intake_app.gui.screenshots import VARIANTS

SCREENS = (
    "locked",
    "staff",
    "hand-over",
    "identity-hold",
    "question-problems",
    "page-about_you",
    "review",
    "idle-prompt",
    "paused",
    "hold-before-decision",
    "hold-before-consent",
    "signature",
    "thank-you",
)


@pytest.mark.exhaustive
def test_the_command_writes_every_screen_for_every_variant(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "intake_app", "screenshots", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in tmp_path.glob("*.png"))
    assert result.stdout.startswith(f"{len(files)} screenshots written")
    for variant in VARIANTS:
        for screen in SCREENS:
            assert any(
                f.startswith(variant.name) and f.endswith(f"-{screen}.png") for f in files
            ), (variant.name, screen)
    image = QImage(str(next(tmp_path.glob("en-normal-100-*-review.png"))))
    assert (image.width(), image.height()) == (1280, 800)
    # The high-contrast picture really is different (mostly black), not a copy.
    normal = QImage(str(next(tmp_path.glob("en-normal-100-*-locked.png"))))
    contrast = QImage(str(next(tmp_path.glob("en-contrast-100-*-locked.png"))))
    assert normal.pixelColor(5, 5).lightness() > 200
    assert contrast.pixelColor(5, 5).lightness() < 50
