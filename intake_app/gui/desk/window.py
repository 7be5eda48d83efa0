"""The desk's window: a normal, resizable window with the login or the person's pages.

It only displays: the controller (``gui.desk.controller``) decides what is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.desk.login_page import LoginPage
from intake_app.gui.desk.look import named
from intake_app.gui.theme import Look

LOOK_BUTTON_WIDTH = 96  # room for "A+" at 200% text
PAGE_TITLES = {
    "queue": "Review queue",
    "records": "Records",
    "people": "People",
    "forms": "Forms",
    "settings": "Clinic settings",
}


class DeskBar(QWidget):
    """Who is logged in, the text size and contrast, and Log out; always at the top."""

    log_out_requested = Signal()
    look_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.look = Look()
        self.who = named(QLabel(), "heading")
        self.who.setWordWrap(True)
        self.smaller = QPushButton("A−")
        self.smaller.setAccessibleName("Smaller text")
        self.larger = QPushButton("A+")
        self.larger.setAccessibleName("Larger text")
        self.contrast = QPushButton("High contrast")
        self.contrast.setCheckable(True)
        self.log_out = QPushButton("Log out")
        # The text size buttons come first and keep their width at every size, so A+
        # stays under the pointer while it is pressed again and again.
        for button in (self.smaller, self.larger):
            button.setFixedWidth(LOOK_BUTTON_WIDTH)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        for button in (self.smaller, self.larger, self.contrast):
            row.addWidget(button)
        row.addSpacing(16)
        row.addWidget(self.who, 1)
        row.addWidget(self.log_out)
        self.smaller.clicked.connect(lambda: self._set(self.look.smaller()))
        self.larger.clicked.connect(lambda: self._set(self.look.larger()))
        self.contrast.toggled.connect(lambda on: self._set(Look(self.look.scale, on)))
        self.log_out.clicked.connect(self.log_out_requested)

    def _set(self, look: Look) -> None:
        self.look = look
        self.look_changed.emit(look)


class DeskWindow(QMainWindow):
    """The login page, or the bar and a tab per page the person's roles open."""

    def __init__(self, title: str, login: LoginPage) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.login = login
        self.bar = DeskBar()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        signed_in = QWidget()
        column = QVBoxLayout(signed_in)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.bar)
        column.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(login)
        self.stack.addWidget(signed_in)
        self.setCentralWidget(self.stack)
        self.resize(1280, 800)

    def show_login(self, message: str = "") -> None:
        """Back to the login, every page closed (they showed patients)."""
        self.stack.setCurrentWidget(self.login)
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None:
                page.deleteLater()
        self.bar.who.clear()
        self.login.clear(message)
        self.login.ready()

    def show_pages(self, who: str, pages: list[tuple[str, QWidget]]) -> None:
        """The person's pages, the first one open."""
        self.bar.who.setText(who)
        for name, page in pages:
            self.tabs.addTab(_scrolling(page), PAGE_TITLES[name])
        self.stack.setCurrentIndex(1)
        self.tabs.setCurrentIndex(0)
        first = self.page(0)
        if first is not None:
            first.setFocus()  # not Log out: a stray Enter must not log the person out

    def page(self, index: int) -> QWidget | None:
        """The page in tab ``index`` (inside the scroll area that holds it)."""
        holder = self.tabs.widget(index)
        return holder.widget() if isinstance(holder, QScrollArea) else None

    def current_page(self) -> QWidget | None:
        return self.page(self.tabs.currentIndex())

    def page_names(self) -> list[str]:
        titles = {title: name for name, title in PAGE_TITLES.items()}
        return [titles[self.tabs.tabText(i)] for i in range(self.tabs.count())]


def _scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: at 200% text a page wider than the screen scrolls
    instead of pushing the window (and Log out) past the screen's edge."""
    holder = QScrollArea()
    holder.setWidgetResizable(True)
    holder.setFrameShape(QScrollArea.Shape.NoFrame)
    holder.setWidget(page)
    return holder
