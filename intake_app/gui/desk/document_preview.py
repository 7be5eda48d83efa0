"""The sealed chart document inside the review page, with its seal status.

A nurse reviewing an intake reads the very PDF that went into the chart, not a
re-rendering of the data: the file is shown with QtPdf, one page after another,
with Previous page / Next page (and PgUp / PgDn), "Page 2 of 5", Zoom out / Zoom
in / Fit width. Above it one line says whether the file is still as the clinic
sealed it (``services.seal_status``), in color and in words, so neither a
color-blind reader nor a glance at the color alone can mistake it.

Checking a seal is slow (cryptography), so ``check_seal`` runs the check on the
``Background`` worker and shows "Checking the seal..." until it answers; an
answer for a document no longer shown is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.services.seal_status import SealStatus

NO_DOCUMENT = "No chart document yet"
LONGEST_PAGE = "Page 88 of 88"  # a chart document of up to 99 pages keeps the bar still
CHECKING = "Checking the seal..."
# Zoom in and out step through these factors (1.0: the page at its printed size).
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)

# Each state has a mark and a color, and its words say it too.
SEAL_LOOKS = {
    "valid": ("\u2714", "#1b5e20", "#e8f5e9", "#2e7d32"),  # check mark, green
    "invalid": ("\u2716", "#8a1010", "#fde8e8", "#c62828"),  # heavy x, red
    "missing": ("\u25cb", "#37414b", "#eceff1", "#9aa7b4"),  # circle, grey
    "unchecked": ("\u26a0", "#5c3500", "#fff4e0", "#d99a3a"),  # warning sign, amber
    "checking": ("\u2026", "#37414b", "#f4f6f9", "#dfe4ea"),  # ellipsis, quiet
}

LOAD_PROBLEMS = {
    QPdfDocument.Error.FileNotFound: "{name} is not in the documents folder.",
    QPdfDocument.Error.InvalidFileFormat: "{name} is not a readable PDF (it may be damaged).",
    QPdfDocument.Error.IncorrectPassword: "{name} is locked with a password.",
    QPdfDocument.Error.UnsupportedSecurityScheme: "{name} is locked in a way this app cannot open.",
}


class SealLine(QLabel):
    """One line: a mark, a color and the words of a seal status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sealLine")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the words name the file
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = ""
        self.hide()

    def show_status(self, status: SealStatus | None) -> None:
        """The status's words; None hides the line (nothing to check)."""
        if status is None:
            self.state = ""
            self.hide()
            return
        self.show_words(status.state, status.words)

    def show_checking(self) -> None:
        self.show_words("checking", CHECKING)

    def show_words(self, state: str, words: str) -> None:
        """``state`` one of ``SEAL_LOOKS``."""
        mark, text, background, border = SEAL_LOOKS[state]
        self.state = state
        self.setText(f"{mark}  {words}")
        self.setAccessibleName(words)
        self.setStyleSheet(
            f"QLabel#sealLine {{ color: {text}; background: {background}; "
            f"border: 2px solid {border}; border-radius: 4px; padding: 6px; font-weight: bold; }}"
        )
        self.show()


class DocumentPreview(QWidget):
    """A chart PDF with page navigation, zoom and its seal status."""

    def __init__(self, parent: QWidget | None = None, nothing: str = NO_DOCUMENT) -> None:
        """``nothing``: the words shown while there is no document to show."""
        super().__init__(parent)
        self.nothing = nothing
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel(nothing, self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # may name the file
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.view)
        self.seal_line = SealLine(self)
        self._checking: Path | None = None  # the file whose seal check is running
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.seal_line)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.pages, 1)
        self._add_shortcuts()
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(self._refresh_controls)
        self.view.zoomModeChanged.connect(self._refresh_controls)
        self.view.zoomFactorChanged.connect(self._refresh_controls)
        self.show_document(None, None)

    def _build_toolbar(self) -> None:
        # Short marks on the buttons keep the bar narrow at 200% text; each button's
        # words are its tooltip and its accessible name.
        self.previous_button = self._button("\u25c0", "Previous page", self.previous_page)
        self.page_label = QLabel(self)
        self.next_button = self._button("\u25b6", "Next page", self.next_page)
        self.zoom_out_button = self._button("\u2212", "Zoom out", self.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_in_button = self._button("+", "Zoom in", self.zoom_in)
        self.fit_width_button = self._button("Fit", "Fit width", self.fit_width)
        self.toolbar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            self.toolbar.addWidget(widget)
        self.toolbar.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            self.toolbar.addWidget(widget)
        self.toolbar.addWidget(self.fit_width_button)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Room for the longest words the labels show, at the text size shown now: the
        preview is as wide with a document as without, so the list beside it never
        narrows under the clerk's finger when a row is chosen."""
        for label, longest in ((self.page_label, LONGEST_PAGE), (self.zoom_label, "Fit width")):
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(longest) + 8)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it by this name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_labels()

    def _button(self, mark: str, words: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(mark, self)
        button.setToolTip(words)
        button.setAccessibleName(words)
        button.clicked.connect(action)
        return button

    def _add_shortcuts(self) -> None:
        for key, action in ((Qt.Key.Key_PageUp, self.previous_page),
                            (Qt.Key.Key_PageDown, self.next_page)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    # -- what the review page calls -------------------------------------------------

    def show_document(self, path: Path | None, status: SealStatus | None) -> None:
        """Show the PDF at ``path`` from its first page, fit to width, with ``status``.

        ``path`` None: the words for nothing to show. A file that cannot be opened is said
        in words in place of the pages. ``status`` None: no seal line (or, with
        ``check_seal``, "Checking the seal..." until the check answers).
        """
        self._checking = None
        self.document.close()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.seal_line.show_status(status)
        if path is None:
            self._say(self.nothing)
        else:
            self._load(path)
        self._refresh_controls()

    def show_seal_status(self, status: SealStatus | None) -> None:
        """Replace the seal line, e.g. when a check made elsewhere answers."""
        self._checking = None
        self.seal_line.show_status(status)

    def check_seal(
        self, path: Path, background: Background, check: Callable[[], SealStatus]
    ) -> None:
        """Show ``path`` now and its seal status once ``check`` has run off the GUI thread."""
        self.show_document(path, None)
        self._checking = path
        self.seal_line.show_checking()
        background.run(
            check,
            lambda status: self._checked(path, status),
            lambda error: self._check_failed(path, error),
            owner=self,
        )

    # -- loading -------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_ or self.document.pageCount() == 0:
            self.document.close()
            problem = LOAD_PROBLEMS.get(error, "{name} could not be opened.")
            self._say("The chart document cannot be shown: " + problem.format(name=path.name))
            return
        self.pages.setCurrentWidget(self.view)
        self.navigator.jump(0, QPointF(), self.navigator.currentZoom())

    def _say(self, words: str) -> None:
        self.message.setText(words)
        self.pages.setCurrentWidget(self.message)

    def _checked(self, path: Path, status: SealStatus) -> None:
        if self._checking == path:
            self.show_seal_status(status)

    def _check_failed(self, path: Path, error: Exception) -> None:
        if self._checking != path:
            return
        self._checking = None
        self.seal_line.show_words(
            "unchecked", f"Seal not checked: the check failed ({type(error).__name__})"
        )

    # -- pages and zoom ------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt calls it by this name
        super().resizeEvent(event)
        self._refresh_controls()  # the factor that fits the width changed

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.pages.currentWidget() is self.view else 0

    @property
    def current_page(self) -> int:
        """The page shown, from 0."""
        return self.navigator.currentPage()

    def previous_page(self) -> None:
        self.go_to_page(self.current_page - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page + 1)

    def go_to_page(self, page: int) -> None:
        """Jump to ``page`` (from 0); nothing happens outside the document."""
        if 0 <= page < self.page_count:
            self.navigator.jump(page, QPointF(), self.navigator.currentZoom())

    def zoom_in(self) -> None:
        larger = [step for step in ZOOM_STEPS if step > self.zoom_factor + 0.01]
        if larger:
            self._zoom_to(larger[0])

    def zoom_out(self) -> None:
        smaller = [step for step in ZOOM_STEPS if step < self.zoom_factor - 0.01]
        if smaller:
            self._zoom_to(smaller[-1])

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @property
    def zoom_factor(self) -> float:
        """The factor the page is drawn at (at fit width: the one that fits it)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        return self._fit_width_factor()

    def _fit_width_factor(self) -> float:
        """As QPdfView computes it: the viewport's width over the page's width on screen."""
        if self.page_count == 0:
            return 1.0
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        screen = QGuiApplication.primaryScreen()
        dots_per_point = (screen.logicalDotsPerInch() if screen else 72.0) / 72.0
        page_width = self.document.pagePointSize(self.current_page).width() * dots_per_point
        return room / page_width if page_width > 0 else 1.0

    def _zoom_to(self, factor: float) -> None:
        """Zoom, staying on the page shown (not scrolled back into the one before)."""
        page = self.current_page
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.navigator.jump(page, QPointF(), factor)

    def _refresh_controls(self) -> None:
        count, page = self.page_count, self.current_page
        self.page_label.setText(f"Page {page + 1} of {count}" if count else "")
        self.previous_button.setEnabled(count > 0 and page > 0)
        self.next_button.setEnabled(count > 0 and page < count - 1)
        fitted = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.zoom_label.setText(
            ("Fit width" if fitted else f"{self.zoom_factor:.0%}") if count else ""
        )
        self.fit_width_button.setEnabled(count > 0 and not fitted)
        self.zoom_out_button.setEnabled(count > 0 and self.zoom_factor > ZOOM_STEPS[0] + 0.01)
        self.zoom_in_button.setEnabled(count > 0 and self.zoom_factor < ZOOM_STEPS[-1] - 0.01)
        self.fit_width_button.setEnabled(count > 0 and not fitted)
