"""Watching for a patient who walked away: a prompt, then the lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from intake_app.gui.touch import button, label
from intake_app.kiosk.idle import IdleState, IdleTracker

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Sees every input in the app; once a second asks the tracker where things stand."""

    warning = Signal(int)  # seconds left
    active = Signal()
    locked = Signal()

    def __init__(self, tracker: IdleTracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.running = False
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.tick)
        self._last = IdleState.ACTIVE

    def start(self) -> None:
        self.tracker.reset()
        self.running = True
        self._last = IdleState.ACTIVE
        self._timer.start()

    def stop(self) -> None:
        self.running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.running and event.type() in INPUT_EVENTS:
            self.tracker.input_seen()
        return False

    def tick(self) -> None:
        if not self.running:
            return
        state = self.tracker.state()
        if state is IdleState.WARNING:
            self.warning.emit(self.tracker.seconds_left())
        elif state is IdleState.LOCKED:
            self.stop()
            self.locked.emit()
        elif self._last is IdleState.WARNING:
            self.active.emit()
        self._last = state


class IdlePrompt(QFrame):
    """ "Are you still there?" over the current screen, with a countdown."""

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("item")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        self.title = label("", "clinicName", self, centred=True)
        layout.addWidget(self.title)
        self.countdown = label("", "lead", self, centred=True)
        layout.addWidget(self.countdown)
        self.yes = button("", self, primary=True)
        self.yes.clicked.connect(self.still_here)
        layout.addWidget(self.yes)
        self._seconds = 0
        self._translate()
        self.hide()

    def _translate(self) -> None:
        """The prompt outlives the screens, so it follows a language switch itself."""
        self.title.setText(self.tr("Are you still there?"))
        self.yes.setText(self.tr("Yes, I am here"))
        self.yes.setAccessibleName(self.yes.text())
        self.yes.setAccessibleDescription(self.tr("Keep going where you were."))
        text = self.tr("To keep your answers private, this screen will lock in {n} seconds.")
        self.countdown.setText(text.format(n=self._seconds))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._translate()
        super().changeEvent(event)

    def show_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self._translate()
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(800, parent.width() - 80)
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout else self.sizeHint().height()
        self.setFixedSize(width, min(height, parent.height() - 20))
        self.move((parent.width() - width) // 2, max(10, (parent.height() - self.height()) // 3))
        was_shown = self.isVisible()
        self.show()
        self.raise_()
        if not was_shown:
            self.yes.setFocus()
