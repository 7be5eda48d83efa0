"""The kiosk window: a bar for the patient, one screen at a time, and no way out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from intake_app.gui.idle import IdlePrompt
from intake_app.gui.screens.patient_bar import PatientBar


class KioskWindow(QMainWindow):
    """Shows screens; refuses to close unless staff asked for it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setWindowTitle(title)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.patient_bar = PatientBar(central)
        self.patient_bar.hide()
        layout.addWidget(self.patient_bar)
        self.screens = QStackedWidget(central)
        layout.addWidget(self.screens, 1)
        self.setCentralWidget(central)
        self.idle_prompt = IdlePrompt(central)
        self.may_close = False
        self._kept: list[QWidget] = []  # screens shown again later (see ``keep``)

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
        self.patient_bar.setVisible(patient_mode)
        self.idle_prompt.hide()

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
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
