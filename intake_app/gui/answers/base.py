"""What every answer widget does, and the frame around one question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.touch import Message, label, one_place
from intake_app.questionnaire.model import ChildItem, DisplayItem, Item


class UnreadableAnswer(ValueError):
    """What the patient entered cannot be read as an answer (e.g. letters in a number)."""


class AnswerWidget(QWidget):
    """An input for one item. Subclasses give ``value``, ``set_value`` and ``focus_target``."""

    answer_changed = Signal()

    def __init__(
        self, item: Item | ChildItem, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.language = language

    def value(self) -> Any:
        """The answer as stored (None when blank); raises UnreadableAnswer."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored answer without emitting ``answer_changed``."""
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def note(self) -> str | None:
        """What to tell the patient about the answer as given (it was cut short), or None."""
        return None

    def messages(self) -> list[str]:
        """What this answer may say about itself, so the room for it is kept."""
        return []

    def flush(self) -> None:
        """Hand over at once anything still being typed (before leaving the page)."""

    def describe(self, name: str, description: str) -> None:
        """Give every control a name and description a screen reader reads."""
        for control in self.controls():
            if control.accessibleName():  # an option button: its own text, then the question
                control.setAccessibleDescription(f"{name} {description}".strip())
            else:
                control.setAccessibleName(name)
                control.setAccessibleDescription(description)

    def controls(self) -> list[QWidget]:
        """The interactive parts (buttons, fields) of this widget."""
        return [self]


class ItemView(QFrame):
    """One question: its text, "Required", help, the answer widget and any problem."""

    def __init__(
        self,
        item: Item | ChildItem,
        answer: AnswerWidget | None,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.answer = answer
        self.setObjectName("item")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        self.question = label(
            localized(item.text, language), "question" if answer else "help", self
        )
        layout.addWidget(self.question)
        # "Required" (or "Optional") and a problem take turns in one place that keeps
        # the room of a problem line: a problem moves nothing on the page.
        self.required = label(self._status_text(), "required", self)
        self.problem = Message("problem", self)
        if answer is not None:
            self.problem.reserve(*answer.messages())
        status = one_place(self, self.required, self.problem)
        status.setVisible(answer is not None and not isinstance(item, DisplayItem))
        layout.addWidget(status)
        help_text = localized(item.help, language)
        if help_text:
            layout.addWidget(label(help_text, "help", self))
        self.description = self._description(help_text)
        if answer is not None:
            layout.addWidget(answer)
            answer.describe(self.question.text(), self.description)

    def _required_text(self) -> str:
        return self.tr("Required")

    def _status_text(self) -> str:
        """Required, or Optional unless the question says so itself ("Email (optional)")."""
        if self.item.required:
            return self._required_text()
        optional = self.tr("Optional")
        return "" if optional.lower() in self.question.text().lower() else optional

    def _description(self, help_text: str) -> str:
        parts = [help_text] if help_text else []
        parts.append(self._required_text() if self.item.required else self.tr("Optional"))
        return " ".join(parts)

    def show_problem(self, message: str | None) -> None:
        """Show (or clear) a problem in plain words next to the question."""
        self.problem.say(message)
        self.required.setText(self._status_text())
        self.required.setVisible(not message)
        self.setProperty("problem", bool(message))
        self.style().unpolish(self)
        self.style().polish(self)
        if self.answer is not None:
            for control in self.answer.controls():
                control.setAccessibleDescription(message or self.description)

    def clear(self) -> None:
        """As the question first looked: no problem and no "Saved." (a page shown again)."""
        if self.property("problem") or self.required.text() != self._status_text():
            self.show_problem(None)

    def show_saved(self) -> None:
        """After an answer that could not be saved at first: say it is saved now (until
        the next problem), where "Required" stands."""
        self.show_problem(None)
        self.required.setText(self.tr("Saved."))
