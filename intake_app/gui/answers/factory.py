"""The answer widget for each item type."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from intake_app.gui.answers.base import AnswerWidget
from intake_app.gui.answers.choice import ChoiceAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.answers.group import GroupAnswer
from intake_app.gui.answers.joints import JointAnswer
from intake_app.gui.answers.number import NumberAnswer
from intake_app.gui.answers.scale import ScaleAnswer
from intake_app.gui.answers.text import TextAnswer
from intake_app.questionnaire.model import (
    ChildItem,
    DateItem,
    DisplayItem,
    GroupItem,
    Item,
    JointSideItem,
    LongTextItem,
    MultipleChoiceItem,
    NumberItem,
    ScaleItem,
    ShortTextItem,
    SingleChoiceItem,
    YesNoItem,
)


def answer_widget(
    item: Item | ChildItem, language: str, parent: QWidget | None = None
) -> AnswerWidget | None:
    """A new input for ``item``; None for display text."""
    if isinstance(item, (ShortTextItem, LongTextItem)):
        return TextAnswer(item, language, parent)
    if isinstance(item, (YesNoItem, SingleChoiceItem, MultipleChoiceItem)):
        return ChoiceAnswer(item, language, parent)
    if isinstance(item, NumberItem):
        return NumberAnswer(item, language, parent)
    if isinstance(item, DateItem):
        return DateAnswer(item, language, parent)
    if isinstance(item, ScaleItem):
        return ScaleAnswer(item, language, parent)
    if isinstance(item, JointSideItem):
        return JointAnswer(item, language, parent)
    if isinstance(item, GroupItem):
        return GroupAnswer(item, language, parent)
    assert isinstance(item, DisplayItem)
    return None
