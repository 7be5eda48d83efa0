"""Is this you? The patient checks the name and birth date staff registered, and begins.

The registration is the intake's one identity: the patient sees it read-only and
either confirms it or says it is wrong, which holds the tablet for staff, who can
correct it (``IdentityCorrection``) in the hold's staff panel.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.screens.registration import RegistrationWords, read_registration
from intake_app.gui.touch import Message, button, label, limit_length, refuse_invisible, scrolling
from intake_app.kiosk.limits import PERSON_NAME_MAX
from intake_app.questionnaire.model import DateItem


class IdentityCheckScreen(QWidget):
    """The first screen the patient sees: their registered name and date of birth."""

    confirmed = Signal()
    disputed = Signal()

    def __init__(
        self,
        name: str,
        born: str,
        *,
        not_ready: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Is this you?"), "clinicName", content, centred=True))
        self.name = label(name, "screenTitle", content, centred=True)
        self.name.setAccessibleName(self.tr("Your name"))
        layout.addWidget(self.name)
        self.born = label(
            self.tr("Date of birth: {date}").format(date=born), "lead", content, centred=True
        )
        layout.addWidget(self.born)
        text = self.tr(
            "If this is you, tap Begin to answer some questions about your health and your "
            "joint pain. It takes about 15 minutes. Your answers are saved as you go. "
            "You can make the text bigger, change the colours or the language at the top."
        )
        layout.addWidget(label(text, "help", content, centred=True))
        self.not_ready = label(
            self.tr("The questions cannot start yet. Please ask the front desk."),
            "problem",
            content,
            centred=True,
        )
        self.not_ready.setVisible(not_ready)
        layout.addWidget(self.not_ready)
        self.begin = button(
            self.tr("Yes, this is me. Begin"),
            content,
            primary=True,
            description=self.tr("Start the questions."),
        )
        self.begin.setEnabled(not not_ready)
        self.begin.clicked.connect(self.confirmed)
        layout.addWidget(self.begin)
        self.wrong = button(
            self.tr("No, something is wrong"),
            content,
            description=self.tr("The front desk will check your name and date of birth."),
        )
        self.wrong.clicked.connect(self.disputed)
        layout.addWidget(self.wrong)
        layout.addStretch(2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))


class IdentityCorrection(QWidget):
    """For staff: the registered name and date of birth, to correct."""

    def __init__(
        self,
        given: str,
        family: str,
        born: dt.date,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.given_names = self._field(given, self.tr("First name"))
        self.family_name = self._field(family, self.tr("Last name"))
        item = DateItem(id="date_of_birth", type="date", text={"en": "Date of birth"})
        self.birth_date = DateAnswer(item, language, self)
        self.birth_date.describe(self.tr("Date of birth"), self.tr("Required"))
        self.birth_date.set_value(born.isoformat())
        self.birth_date.answer_changed.connect(lambda: self.show_problem(None))
        form.addRow(self.tr("First name"), self.given_names)
        form.addRow(self.tr("Last name"), self.family_name)
        form.addRow(self.tr("Date of birth"), self.birth_date)
        self.problem = Message("problem", self)  # its room kept: the choices below stay put
        self.problem.reserve(*RegistrationWords().every())
        column.addWidget(self.problem)

    def _field(self, text: str, name: str) -> QLineEdit:
        field = QLineEdit(text, self)
        field.setAccessibleName(name)
        field.setAccessibleDescription(self.tr("Required"))
        field.textEdited.connect(lambda _t: self.show_problem(None))
        cut = RegistrationWords().name_cut()
        limit_length(field, PERSON_NAME_MAX, lambda: self.show_problem(cut))
        refuse_invisible(field)
        return field

    def details(self, today: dt.date) -> tuple[str, str, dt.date] | None:
        """The corrected details, or None (and a problem shown) when one is missing or wrong."""
        reading = read_registration(self.given_names, self.family_name, self.birth_date, today)
        if reading.born is None:
            self.show_problem(reading.problem)
            return None
        return reading.given, reading.family, reading.born

    def show_problem(self, message: str | None) -> None:
        self.problem.say(message)
