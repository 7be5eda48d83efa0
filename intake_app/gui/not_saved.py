"""A step the clinic's computer did not take: kept on screen, said not saved, tried again.

An answer that could not be stored stays on its page of questions (``QuestionsFlow``).
Every other step of a visit goes through ``Saving``: staff starting a patient or ending
an unfinished intake, the "Is this you?" answer, the review confirmed, a page change,
each consent step (a section understood, a question, the comprehension answers, the
decision, a signature), a hold released by staff, a withdrawal signed, a language
switch. When the database cannot be reached, the screen stays as it is (a signature
drawn stays drawn) under a notice that says in plain words that this step is not saved
yet; the tablet tries again every few seconds and at a tap on "Try again now", and once
the step is stored it goes on as the tap asked. Nothing else can be tapped meanwhile,
so nothing is taken as stored that is not.

If the patient leaves the tablet, the idle lock pauses it as usual: the step is not
stored, the paused screen says so, and after the birth date the step is asked again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from intake_app.gui.touch import Message, button, label, scrolling
from intake_app.services.connection import DatabaseUnavailable

RETRY_MS = 3000  # how often a step that could not be stored is tried again
CARD_WIDTH = 860  # at the usual text size
MARGIN, SPACING = 32, 16


class NotSavedNotice(QWidget):
    """Over the whole window: the screen beneath is kept but cannot be tapped."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notSavedLayer")
        self.card = QFrame(self)
        self.card.setObjectName("item")
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        words = QWidget(self.card)
        words.setObjectName("place")  # no background of its own: it sits on the card
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.setSpacing(SPACING)
        self.title = label("", "clinicName", words, centred=True)
        self.explanation = label("", "lead", words, centred=True)
        words_layout.addWidget(self.title)
        words_layout.addWidget(self.explanation)
        self.words = scrolling(words, self.card)  # at large text sizes the words scroll
        self.words.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # fixed text
        self.words.setObjectName("onCard")
        self.try_now = button("", self.card, primary=True)
        self.status = Message("lead", self.card, lines=2, centred=True)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.try_now)
        layout.addWidget(self.status)
        parent.installEventFilter(self)  # follows the window's size
        self._translate()
        self.hide()

    def _translate(self) -> None:
        """The notice outlives the screens, so it follows a language switch itself."""
        self.title.setText(self.tr("Not saved yet"))
        self.explanation.setText(
            self.tr(
                "The tablet lost its connection to the clinic's computer, so what you just "
                "did is not saved yet. It stays on the screen and is saved as soon as the "
                "connection is back. Everything before it is safe. If this does not go away "
                "in a minute, please ask a member of staff."
            )
        )
        self.try_now.setText(self.tr("Try again now"))
        self.try_now.setAccessibleName(self.try_now.text())
        self.try_now.setAccessibleDescription(self.tr("The tablet also tries by itself."))
        self.status.reserve(self._still_not())

    def _still_not(self) -> str:
        return self.tr("Still not connected. The tablet keeps trying.")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._translate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def appear(self) -> None:
        self.status.say(None)
        self._place()
        self.show()
        self.raise_()
        self.try_now.setFocus()

    def still_not_saved(self) -> None:
        """A try failed again; said below the button, so the button never moves."""
        self.status.say(self._still_not())

    def _place(self) -> None:
        """The card as wide as about 50 characters of its text (within the window) and as
        tall as its words, button and status need; when that is taller than the window, the
        words scroll and the button stays in view."""
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        characters = 50 * self.explanation.fontMetrics().averageCharWidth()
        width = min(max(CARD_WIDTH, characters), parent.width() - 40)
        inside = width - 2 * MARGIN
        text = inside - self.words.verticalScrollBar().sizeHint().width()
        words = self.title.heightForWidth(text) + SPACING + self.explanation.heightForWidth(text)
        rest = self.try_now.sizeHint().height() + self.status.heightForWidth(inside)
        height = min(words + rest + 2 * SPACING + 2 * MARGIN + 4, parent.height() - 20)
        self.card.setGeometry(
            (parent.width() - width) // 2, max(10, (parent.height() - height) // 3), width, height
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        """The screen beneath, dimmed: still there, but not what to tap now."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 140))
        painter.end()

    def mousePressEvent(self, event: object) -> None:  # taps beside the card go nowhere
        pass


class Saving(QObject):
    """Stores one step now, or keeps it (and the screen) until it can be stored.

    ``over``: the widget the notice covers (the window's whole content); ``covered``:
    the parts of it that take no input meanwhile (the patient bar and the screens)."""

    def __init__(
        self, over: QWidget, covered: Callable[[], list[QWidget]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._over, self._covered = over, covered
        self._notice: NotSavedNotice | None = None  # built when first needed
        self._waiting: tuple[Callable[[], object], Callable[[], object] | None] | None = None
        self.retry = QTimer(self, interval=RETRY_MS, singleShot=True)
        self.retry.timeout.connect(self.try_again)

    @property
    def notice(self) -> NotSavedNotice:
        if self._notice is None:
            self._notice = NotSavedNotice(self._over)
            self._notice.try_now.clicked.connect(self.try_again)
        return self._notice

    @property
    def waiting(self) -> bool:
        """A step is on screen, not stored yet."""
        return self._waiting is not None

    def store(self, save: Callable[[], object], then: Callable[[], object] | None = None) -> None:
        """``save()``, then ``then()``; when the database cannot be reached, the step is kept
        and tried again until it is stored (any other error goes to the caller)."""
        try:
            save()
        except DatabaseUnavailable:
            self.keep(save, then)
            return
        if then is not None:
            then()

    def keep(self, save: Callable[[], object], then: Callable[[], object] | None = None) -> None:
        """A step that could not be stored just now: say so over the screen, try again."""
        if self._waiting is None:
            for widget in self._covered():
                widget.setEnabled(False)  # nor reached by the keyboard
            self.notice.appear()
        self._waiting = (save, then)
        self.retry.start()

    def try_again(self) -> None:
        if self._waiting is None:
            return
        save, then = self._waiting
        try:
            save()
        except DatabaseUnavailable:
            self.notice.still_not_saved()
            self.retry.start()
            return
        self.forget()
        if then is not None:
            then()

    def forget(self) -> bool:
        """Stop trying (another screen replaces this one); True when a step was dropped."""
        dropped = self._waiting is not None
        self._waiting = None
        self.retry.stop()
        if dropped:
            self.notice.hide()
            for widget in self._covered():
                widget.setEnabled(True)
        return dropped
