"""The kiosk window: a bar for the patient, one screen at a time, and no way out.

The bar and the "Are you still there?" prompt are built when first used, after the
first screen is drawn: the window opens before their code is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from intake_app.gui.idle import IdlePrompt
    from intake_app.gui.screens.patient_bar import PatientBar


class KioskWindow(QMainWindow):
    """Shows screens; refuses to close unless staff asked for it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self._central = QWidget(self)
        self._layout = QVBoxLayout(self._central)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.screens = QStackedWidget(self._central)
        self._layout.addWidget(self.screens, 1)
        self.setCentralWidget(self._central)
        self._patient_bar: PatientBar | None = None
        self._idle_prompt: IdlePrompt | None = None
        self.may_close = False
        self._kept: list[QWidget] = []  # screens shown again later (see ``keep``)

    @property
    def content(self) -> QWidget:
        """Everything inside the window: the patient bar and the screens."""
        return self._central

    @property
    def patient_bar(self) -> PatientBar:
        """The bar above the patient's screens (hidden in staff mode)."""
        if self._patient_bar is None:
            from intake_app.gui.screens.patient_bar import PatientBar

            self._patient_bar = PatientBar(self._central)
            self._patient_bar.hide()
            self._layout.insertWidget(0, self._patient_bar)
        return self._patient_bar

    @property
    def idle_prompt(self) -> IdlePrompt:
        """ "Are you still there?", over the current screen."""
        if self._idle_prompt is None:
            from intake_app.gui.idle import IdlePrompt

            self._idle_prompt = IdlePrompt(self._central)
        return self._idle_prompt

    @property
    def current(self) -> QWidget | None:
        return self.screens.currentWidget()

    def show_screen(self, screen: QWidget, *, patient_mode: bool) -> None:
        """Show ``screen``; the screen it replaces (and anything it showed) is destroyed,
        unless it is kept to be shown again (``keep``)."""
        old = self.screens.currentWidget()
        if self.screens.indexOf(screen) < 0:
            self.screens.addWidget(screen)
        self.screens.setCurrentWidget(screen)
        if old is not None and old is not screen and old not in self._kept:
            self.screens.removeWidget(old)
            old.deleteLater()
        if patient_mode or self._patient_bar is not None:
            self.patient_bar.setVisible(patient_mode)
        if self._idle_prompt is not None:
            self._idle_prompt.hide()

    def keep(self, screen: QWidget) -> None:
        """Keep ``screen`` (made with ``screens`` as its parent) when another replaces it, so
        it is shown again as it was, without being built and styled again."""
        self._kept.append(screen)
        if self.screens.indexOf(screen) < 0:
            self.screens.addWidget(screen)

    def discard(self, screen: QWidget) -> None:
        """A kept screen is no longer needed: destroyed now, or when it is replaced."""
        if screen in self._kept:
            self._kept.remove(screen)
        if screen is not self.screens.currentWidget():
            self.screens.removeWidget(screen)
            screen.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the window's close button: refused unless staff chose to close."""
        if self.may_close:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
