"""The patient's name and date of birth as staff type them: one set of checks and words.

The staff screen registers a patient with them; the "Is this you?" hold corrects
them. Both say the same thing about the same mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QWidget

from intake_app.gui.answers.base import UnreadableAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.kiosk.limits import PERSON_NAME_MAX


class RegistrationWords(QObject):
    """What staff are told about a name or a date of birth (translated in one place)."""

    def missing_name(self) -> str:
        return self.tr("Enter the patient's first and last name.")

    def missing_birth_date(self) -> str:
        return self.tr("Choose the patient's date of birth.")

    def no_such_date(self) -> str:
        return self.tr("That date of birth does not exist.")

    def future_birth_date(self) -> str:
        return self.tr("The date of birth is in the future.")

    def name_cut(self) -> str:
        return self.tr("The name is too long. It was cut at {n} characters.").format(
            n=PERSON_NAME_MAX
        )

    def identity_kept(self) -> str:
        return self.tr(
            "This patient has signed records, so the name and date of birth cannot be "
            "changed here. If the details are right, go on; if not, end the visit and ask "
            "the records desk."
        )

    def every(self) -> list[str]:
        """Each of them, so a problem line can keep room for the longest."""
        return [
            self.missing_name(),
            self.missing_birth_date(),
            self.no_such_date(),
            self.future_birth_date(),
            self.name_cut(),
            self.identity_kept(),
        ]


@dataclass(frozen=True)
class Registration:
    """The details read, or what is wrong and the fields it is about."""

    given: str
    family: str
    born: dt.date | None
    problem: str | None = None
    fields: tuple[QWidget, ...] = ()


def read_registration(
    given_names: QLineEdit, family_name: QLineEdit, birth_date: DateAnswer, today: dt.date
) -> Registration:
    """The name and date of birth typed; a problem when one is missing or cannot be."""
    words = RegistrationWords()
    given, family = given_names.text().strip(), family_name.text().strip()
    if not given or not family:
        return Registration(given, family, None, words.missing_name(), (given_names, family_name))
    try:
        typed = birth_date.value()
    except UnreadableAnswer:
        typed = None
    if not typed:
        return Registration(given, family, None, words.missing_birth_date(), (birth_date,))
    try:
        born = dt.date.fromisoformat(typed)
    except ValueError:
        return Registration(given, family, None, words.no_such_date(), (birth_date,))
    if born > today:
        return Registration(given, family, None, words.future_birth_date(), (birth_date,))
    return Registration(given, family, born)
