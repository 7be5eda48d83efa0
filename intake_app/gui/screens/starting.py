"""The screen of the first moment: the start screen's look while the app gets ready.

It shows the clinic's name and the welcome, nothing about any patient and nothing
to tap: the settings are still being checked and the database opened. Then the app
replaces it with the locked start screen (with its Staff button), the set-up
screen, the paused screen of an interrupted intake, or the screen that says what
is wrong with the clinic file.

It is drawn before any other screen's code is loaded, so it uses no more than two
labels in a layout: no scroll area (Qt's first one costs tens of milliseconds; at
the usual text size these two lines fit any tablet) and no Qt enum (PySide builds
all of the ``Qt`` namespace's enums on first use, about as long again). The style
sheet centres its labels and keeps them plain text (``firstScreen`` in tablet.qss).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from intake_app.gui.text_wrap import breakable

# The locked start screen's scroll bar and Staff button row (tablet.qss: a 32 px scroll
# bar; a 56 px button with 8 px padding and a 2 px border): kept free here so that its
# text stays in place when the locked screen replaces this one.
_SCROLL_BAR = 32
_STAFF_ROW = 56 + 2 * 8 + 2 * 2


class StartingScreen(QWidget):
    """The clinic's name and the welcome, while the app gets ready."""

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48 + _SCROLL_BAR, 32)
        layout.addStretch(1)
        self.clinic_name = _label(clinic_name or self.tr("Clinic name not set"), "clinicName", self)
        layout.addWidget(self.clinic_name)
        welcome = self.tr("Welcome. Please ask the front desk to start your health questions.")
        layout.addWidget(_label(welcome, "screenTitle", self))
        layout.addStretch(2)
        layout.addSpacing(_STAFF_ROW + layout.spacing())


def _label(text: str, name: str, parent: QWidget) -> QLabel:
    """As ``touch.label(..., centred=True)``: plain text, wrapped, centred."""
    widget = QLabel(breakable(text), parent)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setProperty("firstScreen", True)
    return widget
