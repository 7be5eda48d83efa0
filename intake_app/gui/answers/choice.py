"""Yes/no, single and multiple choice as large buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QWidget

from intake_app.form_files.translations import localized
from intake_app.gui.answers.base import AnswerWidget
from intake_app.gui.touch import WrapButton
from intake_app.questionnaire.display import word
from intake_app.questionnaire.model import MultipleChoiceItem, Option, SingleChoiceItem, YesNoItem


class ChoiceAnswer(AnswerWidget):
    """One button per option; one can be on (single, yes/no) or several (multiple)."""

    def __init__(
        self,
        item: YesNoItem | SingleChoiceItem | MultipleChoiceItem,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(item, language, parent)
        self.multiple = isinstance(item, MultipleChoiceItem)
        self.choices = self._choices(item, language)
        self.exclusive = {o.value for o in getattr(item, "options", []) if o.exclusive}
        # No QButtonGroup: a group gives the Tab key only one of its buttons, and
        # every option must be reachable from the keyboard. One-of-many is kept here.
        self.buttons: dict[Any, WrapButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        columns = 2 if isinstance(item, YesNoItem) else 1
        for index, (code, text) in enumerate(self.choices):
            button = WrapButton(text, self)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked, c=code: self._on_clicked(c))
            self.buttons[code] = button
            layout.addWidget(button, index // columns, index % columns)

    @staticmethod
    def _choices(item: Any, language: str) -> list[tuple[Any, str]]:
        if isinstance(item, YesNoItem):
            return [(True, word("yes", language)), (False, word("no", language))]
        options: list[Option] = item.options
        return [(o.value, localized(o.text, language)) for o in options]

    def _on_clicked(self, code: Any) -> None:
        pressed = self.buttons[code]
        if not self.multiple:
            for other, button in self.buttons.items():
                button.setChecked(other == code and pressed.isChecked())
        elif pressed.isChecked():
            clash = (
                (lambda c: c != code) if code in self.exclusive else (lambda c: c in self.exclusive)
            )
            for other, button in self.buttons.items():
                if clash(other):
                    button.setChecked(False)
        self.answer_changed.emit()

    def value(self) -> Any:
        chosen = [code for code, button in self.buttons.items() if button.isChecked()]
        if self.multiple:
            return chosen or None
        return chosen[0] if chosen else None

    def set_value(self, value: Any) -> None:
        chosen = value if isinstance(value, list) else [value]
        for code, button in self.buttons.items():
            button.setChecked(any(code is c if isinstance(c, bool) else code == c for c in chosen))

    def focus_target(self) -> QWidget:
        return next(iter(self.buttons.values()))

    def controls(self) -> list[QWidget]:
        return list(self.buttons.values())
