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

    @property
    def current(self) -> QWidget | None:
        return self.screens.currentWidget()

    def show_screen(self, screen: QWidget, *, patient_mode: bool) -> None:
        """Replace the current screen (the old one, and anything it showed, is destroyed)."""
        old = self.screens.currentWidget()
        self.screens.addWidget(screen)
        self.screens.setCurrentWidget(screen)
        if old is not None:
            self.screens.removeWidget(old)
            old.deleteLater()
        self.patient_bar.setVisible(patient_mode)
        self.idle_prompt.hide()

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
