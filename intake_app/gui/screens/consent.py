"""The consent screens: one section per page, then the comprehension check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from intake_app.consent.document import ShownSection
from intake_app.consent.model import ComprehensionQuestion
from intake_app.form_files.translations import localized
from intake_app.gui.touch import (
    WrapButton,
    bottom_bar,
    button,
    hold_width,
    keep_room,
    label,
    one_place,
    scrolling,
)


class ConsentSectionScreen(QWidget):
    """One section; "I understand" works once the patient has reached its end."""

    understood = Signal()
    question_asked = Signal()
    read_aloud_requested = Signal()
    back_requested = Signal()

    def __init__(
        self,
        section: ShownSection,
        step: int,
        steps: int,
        *,
        can_read_aloud: bool,
        question_asked: bool,
        can_ask: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.can_ask = can_ask
        self.first = step == 1
        self.question_noted = question_asked
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._top_bar(step, steps))
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(40, 16, 40, 24)
        layout.setSpacing(14)
        layout.addWidget(label(section.title, "screenTitle", content))
        for paragraph in section.paragraphs:
            layout.addWidget(label(paragraph, "lead", content))
        self.asked = label(
            self.tr("The nurse will talk with you about this part before anything is done."),
            "notice",
            content,
        )
        self.asked.setVisible(question_asked)
        layout.addWidget(self.asked)
        layout.addStretch(1)
        self.area = scrolling(content, self)
        outer.addWidget(self.area, 1)
        outer.addWidget(self._bottom_bar(can_read_aloud))
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(self._check_end)
        bar.rangeChanged.connect(lambda *_: self._check_end())

    def _top_bar(self, step: int, steps: int) -> QFrame:
        top = QFrame(self)
        top.setObjectName("topBar")
        layout = QVBoxLayout(top)
        self.step = label(
            self.tr("Consent, part {step} of {steps}").format(step=step, steps=steps),
            "stepLabel",
            top,
        )
        progress = QProgressBar(top)
        progress.setTextVisible(False)
        progress.setRange(0, steps)
        progress.setValue(step)
        progress.setAccessibleName(self.step.text())
        layout.addWidget(self.step)
        layout.addWidget(progress)
        return top

    def _bottom_bar(self, can_read_aloud: bool) -> QFrame:
        back = button(self.tr("Back"), self, description=self.tr("Go to the part before this one."))
        back.clicked.connect(self.back_requested)
        # Not on the first part (the answers before it are confirmed), but its room is kept:
        # Read aloud and the question stay in one place from part to part.
        keep_room(back).setVisible(not self.first)
        self.read_aloud = button(
            self.tr("Read aloud"), self, description=self.tr("The tablet reads this part to you.")
        )
        self.read_aloud.clicked.connect(self.read_aloud_requested)
        self.read_aloud.setVisible(can_read_aloud)
        self.question = WrapButton(self.tr("I have a question for the nurse"), self)
        self.question.setAccessibleDescription(
            self.tr("A nurse will talk with you about this part before you decide.")
        )
        self.question.clicked.connect(self._on_question)
        self.question.setEnabled(not self.question_noted)
        self.question.setVisible(self.can_ask)
        self.understand = button(self.tr("I understand"), self, primary=True)
        hold_width(self.understand, [self.tr("I understand"), self.tr("Read more")])
        self.understand.clicked.connect(self._on_understand)
        return bottom_bar(self, [back, self.read_aloud, self.question], [self.understand])

    def _on_question(self) -> None:
        self.asked.show()
        self.question.setEnabled(False)  # one question per part is enough to call the nurse
        self.question_asked.emit()
        self.area.ensureWidgetVisible(self.asked)

    def reached_end(self) -> bool:
        bar = self.area.verticalScrollBar()
        return bar.maximum() == 0 or bar.value() >= bar.maximum() - 4

    def _on_understand(self) -> None:
        """At the end: "I understand". Before it, the same button shows the next part."""
        if self.reached_end():
            self.understood.emit()
            return
        bar = self.area.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep())

    def _check_end(self) -> None:
        at_end = self.reached_end()
        text = self.tr("I understand") if at_end else self.tr("Read more")
        self.understand.setText(text)
        self.understand.setAccessibleName(text)
        self.understand.setAccessibleDescription(
            self.tr("You have read this part. Go on to the next one.")
            if at_end
            else self.tr("Please read to the end first. This shows the next lines.")
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._check_end()


class ComprehensionScreen(QWidget):
    """A few questions; a wrong answer shows the right one and where it is explained."""

    checked = Signal(dict)  # question id -> chosen value
    finished = Signal()

    def __init__(
        self,
        questions: list[ComprehensionQuestion],
        section_titles: dict[str, str],
        language: str,
        given: dict[str, str] | None = None,
        parent: QWidget | None = None,
        *,
        orders: dict[str, list[str]] | None = None,
        again: bool = False,
    ) -> None:
        super().__init__(parent)
        self.questions = questions
        self.orders = orders or {}
        self.section_titles = section_titles
        self.language = language
        self.choices: dict[str, dict[str, WrapButton]] = {}
        self.feedback: dict[str, QLabel] = {}
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(40, 16, 40, 24)
        layout.setSpacing(14)
        layout.addWidget(
            label(self.tr("Let's check a few things together"), "screenTitle", content)
        )
        intro = (
            self.tr("You talked about this with the nurse. Please answer it again.")
            if again
            else self.tr(
                "Choose one answer for each question. "
                "If an answer is not right, we will show you the right one."
            )
        )
        layout.addWidget(label(intro, "help", content))
        for question in questions:
            layout.addWidget(self._question_box(question, content))
        self.problem = label("", "problem", content)
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self), 1)
        bar = QFrame(self)
        bar.setObjectName("bottomBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        row.addStretch(1)
        self.check = button(
            self.tr("Check my answers"),
            bar,
            primary=True,
            description=self.tr("Your answers are kept; you will see the right ones."),
        )
        self.check.clicked.connect(self._on_check)
        self.go_on = button(
            self.tr("Continue"), bar, primary=True, description=self.tr("Go on to your decision.")
        )
        self.go_on.hide()
        self.go_on.clicked.connect(self.finished)
        row.addWidget(one_place(bar, self.check, self.go_on))  # Continue comes where Check was
        outer.addWidget(bar)
        if given and all(q.id in given for q in questions):
            self._show_checked(given)  # answered before a pause or a language switch

    def _question_box(self, question: ComprehensionQuestion, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("item")
        layout = QVBoxLayout(box)
        text = localized(question.question, self.language)
        layout.addWidget(label(text, "question", box))
        buttons: dict[str, WrapButton] = {}
        order = self.orders.get(question.id) or [o.value for o in question.options]
        options = {o.value: o for o in question.options}
        for option in (options[value] for value in order):
            choice = WrapButton(localized(option.text, self.language), box)
            choice.setCheckable(True)
            choice.setAccessibleDescription(text)
            choice.clicked.connect(
                lambda _c=False, q=question.id, v=option.value: self._choose(q, v)
            )
            buttons[option.value] = choice
            layout.addWidget(choice)
        self.choices[question.id] = buttons
        feedback = label("", "problem", box)
        feedback.hide()
        self.feedback[question.id] = feedback
        layout.addWidget(feedback)
        return box

    def _choose(self, question_id: str, value: str) -> None:
        for other, choice in self.choices[question_id].items():
            choice.setChecked(other == value)
        if len(self.chosen()) == len(self.questions):
            self.problem.hide()  # "answer every question" is out of date

    def chosen(self) -> dict[str, str]:
        picked = {}
        for question_id, buttons in self.choices.items():
            for value, choice in buttons.items():
                if choice.isChecked():
                    picked[question_id] = value
        return picked

    def _on_check(self) -> None:
        picked = self.chosen()
        if len(picked) < len(self.questions):
            self.problem.setText(self.tr("Please answer every question."))
            self.problem.show()
            return
        self.problem.hide()
        self._show_checked(picked)
        self.checked.emit(picked)

    def _show_checked(self, picked: dict[str, str]) -> None:
        for question in self.questions:
            self._choose(question.id, picked[question.id])
            self._show_result(question, picked[question.id])
            for choice in self.choices[question.id].values():
                choice.setEnabled(False)  # no silent retry: a wrong answer brings the nurse
        self.check.hide()
        self.go_on.show()
        self.go_on.setFocus()

    def _show_result(self, question: ComprehensionQuestion, value: str) -> None:
        feedback = self.feedback[question.id]
        if value == question.correct:
            feedback.setObjectName("notice")
            feedback.setText(self.tr("Right."))
        else:
            where = self.section_titles.get(question.section, "")
            explanation = localized(question.explanation, self.language)
            text = self.tr(
                "Not quite. {explanation} (See: {section}.) The nurse will go over this with you."
            )
            feedback.setText(text.format(explanation=explanation, section=where))
        feedback.style().unpolish(feedback)
        feedback.style().polish(feedback)
        feedback.show()
