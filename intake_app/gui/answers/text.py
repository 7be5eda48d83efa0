"""Short and long text answers, stored shortly after the patient stops typing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from intake_app.gui.answers.base import AnswerWidget
from intake_app.gui.touch import limit_length
from intake_app.questionnaire.model import LongTextItem, ShortTextItem

TYPING_PAUSE_MS = 600


class TextAnswer(AnswerWidget):
    """A line (short text) or a box (long text)."""

    def __init__(
        self, item: ShortTextItem | LongTextItem, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(item, language, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.answer_changed)
        self.field: QLineEdit | QPlainTextEdit
        self._limit = 0  # a line's most characters (a box's are checked when stored)
        if isinstance(item, LongTextItem):
            self.field = QPlainTextEdit(self)
            self.field.setMinimumHeight(140)
            self.field.setTabChangesFocus(True)
            self.field.textChanged.connect(self._pause.start)
            self.field.installEventFilter(self)  # store the text when the box loses focus
        else:
            self.field = QLineEdit(self)
            self.field.textEdited.connect(self._forget_cut)
            self.field.textEdited.connect(self._pause.start)
            self._limit = item.max_length
            # after the pause starts, so a cut stops it: the cut is stored once, at once
            limit_length(self.field, item.max_length, self._on_cut)
            self.field.editingFinished.connect(self.flush)
        layout.addWidget(self.field)
        self._loading = False
        self._cut: str | None = None

    def _forget_cut(self) -> None:
        self._cut = None

    def _too_long(self) -> str:
        return self.tr("Too long: cut at {n} characters.").format(n=self._limit)

    def _on_cut(self) -> None:
        """More than the form allows came in: the first part is kept, and said at once."""
        self._cut = self._too_long()
        self._pause.stop()
        self.answer_changed.emit()

    def note(self) -> str | None:
        return self._cut

    def messages(self) -> list[str]:
        return [self._too_long()] if self._limit else []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False

    def flush(self) -> None:
        """Store now what was typed (leaving the field or the page)."""
        if self._pause.isActive():
            self._pause.stop()
            self.answer_changed.emit()

    def value(self) -> Any:
        text = (
            self.field.toPlainText()
            if isinstance(self.field, QPlainTextEdit)
            else self.field.text()
        )
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        text = "" if value is None else str(value)
        if isinstance(self.field, QPlainTextEdit):
            if self.field.toPlainText() != text:
                self.field.setPlainText(text)
        elif self.field.text() != text:
            self.field.setText(text)
        self._pause.stop()
        self.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.field

    def controls(self) -> list[QWidget]:
        return [self.field]
