"""The main window: only navigation between screens, nothing clinical."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget


class MainWindow(QMainWindow):
    """Holds the screens in a stack and shows one at a time."""

    def __init__(self, title: str, start_screen: QWidget) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.screens = QStackedWidget(self)
        self.setCentralWidget(self.screens)
        self.start_screen = start_screen
        self.screens.addWidget(start_screen)
