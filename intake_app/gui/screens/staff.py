"""Staff mode: enter or look up the patient, pick language and form, hand over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.answers.base import UnreadableAnswer
from intake_app.gui.answers.dates import DateAnswer
from intake_app.gui.background import Background
from intake_app.gui.screens.patient_search import FoundPatient, PatientMatches, Search
from intake_app.gui.screens.registration import RegistrationWords, read_registration
from intake_app.gui.touch import (
    Message,
    button,
    choice_list,
    keep_room,
    label,
    limit_length,
    refuse_invisible,
    scrolling,
)
from intake_app.kiosk.limits import MRN_MAX, PERSON_NAME_MAX
from intake_app.questionnaire.model import DateItem
from intake_app.questionnaire.typed_text import isolated
from intake_app.services.front_desk import PatientDetails

LANGUAGES = {"en": "English", "es": "Español"}


SEARCH_PAUSE_MS = 300


@dataclass(frozen=True)
class FormChoice:
    form_id: str
    version: str
    title: str
    languages: tuple[str, ...] = ("en", "es")


@dataclass(frozen=True)
class UnfinishedIntake:
    intake_id: str
    patient_name: str
    started: str
    where: str  # how far the patient got, in staff words


@dataclass(frozen=True)
class HandOver:
    """What staff entered to start an intake."""

    patient: PatientDetails
    language: str
    form: FormChoice


class StaffScreen(QWidget):
    start_requested = Signal(object)  # HandOver
    resume_requested = Signal(str)
    withdrawal_requested = Signal(str)  # a signed agreement's record id
    end_requested = Signal(str)
    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        forms: list[FormChoice],
        unfinished: list[UnfinishedIntake],
        search: Search | None = None,
        parent: QWidget | None = None,
        *,
        not_ready: list[str] | None = None,
        signed_in: str = "",
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.forms = forms
        self.signed_in_name = signed_in  # the person who unlocked: shown in the bottom bar
        self.search = search
        self.background = background  # where searches run: off the GUI thread
        self._searches = 0  # searches asked for; an older one's answer is not shown
        self._search_pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self._look_up)
        # Two columns: the patient's details and Start on the left; on the right, the
        # unfinished intakes, then the patients on file who match what is typed, so a
        # match shows beside the fields as staff type, not below the screen's edge.
        content = QWidget(self)
        columns = self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        columns.setContentsMargins(40, 24, 40, 24)
        columns.setSpacing(32)
        layout = QVBoxLayout()
        side = QVBoxLayout()
        columns.addLayout(layout, 3)
        columns.addLayout(side, 2)
        layout.addWidget(
            label(self.tr("Start a patient's health questions"), "screenTitle", content)
        )
        layout.addLayout(self._patient_form(content))
        self.start = button(
            self.tr("Start and hand the tablet to the patient"),
            content,
            primary=True,
            description=self.tr("The patient then sees only their own questions."),
        )
        self.start.clicked.connect(self._on_start)
        # No patient begins until the consent can name the product, its source, maker and
        # price: what the clinic file still lacks is listed here.
        self.not_ready = [label(text, "setupNotice", content) for text in not_ready or []]
        for notice in self.not_ready:
            layout.addWidget(notice)
        self.start.setEnabled(not self.not_ready)
        layout.addWidget(self.start)
        # The problem line under Start keeps its room and the patients found come last, so
        # nothing moves while staff type.
        self.problem = Message("problem", content, lines=2)
        self.problem.reserve(*self._problems())
        self._problem_fields: set[QWidget] = set()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.matches = PatientMatches(content)
        self.matches.picked.connect(self.use_patient)
        self.matches.withdrawal_requested.connect(self.withdrawal_requested)
        if unfinished:
            side.addWidget(label(self.tr("Unfinished on this tablet"), "screenTitle", content))
            for entry in unfinished:
                side.addWidget(self._unfinished_row(entry, content))
        side.addWidget(self.matches)  # last: the patients found never move a button
        side.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))
        outer.addWidget(self._bottom_bar())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side while a line of about 100 characters fits (1280 px at the usual
        text size); at larger text one column, the patients found below the details."""
        wide = self.width() >= 100 * self.given_names.fontMetrics().averageCharWidth()
        self._columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)

    def _patient_form(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.given_names = self._field(self.tr("First name"), parent)
        self.family_name = self._field(self.tr("Last name"), parent)
        birth_item = DateItem(id="date_of_birth", type="date", text={"en": "Date of birth"})
        self.birth_date = DateAnswer(birth_item, "en", parent)
        self.birth_date.describe(self.tr("Date of birth"), self.tr("Required"))
        self.birth_date.answer_changed.connect(lambda: self._changed(self.birth_date))
        self.birth_date.answer_changed.connect(self._search_pause.start)
        self.mrn = self._field(self.tr("Medical record number (optional)"), parent, MRN_MAX)
        self.mrn.setAccessibleDescription(self.tr("Optional"))
        form.addRow(self.tr("First name"), self.given_names)
        form.addRow(self.tr("Last name"), self.family_name)
        form.addRow(self.tr("Date of birth"), self.birth_date)
        form.addRow(self.tr("MRN (optional)"), self.mrn)
        form.addRow(self.tr("Language"), self._language_buttons(parent))
        self.form_choice = choice_list(parent)
        self.form_choice.setAccessibleName(self.tr("Form"))
        self.form_choice.setAccessibleDescription(self.tr("The questions the patient answers"))
        self.form_choice.currentIndexChanged.connect(lambda _i: self._offer_languages())
        self.form_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form_choice.setMinimumContentsLength(12)
        for choice in self.forms:
            self.form_choice.addItem(f"{choice.title} ({choice.version})", choice)
        form.addRow(self.tr("Form"), self.form_choice)
        self._offer_languages()
        return form

    def _field(self, name: str, parent: QWidget, limit: int = PERSON_NAME_MAX) -> QLineEdit:
        field = QLineEdit(parent)
        field.setAccessibleName(name)
        field.setAccessibleDescription(self.tr("Required"))
        field.textEdited.connect(lambda: self._changed(field))
        limit_length(field, limit, lambda: self._cut(field, limit))
        refuse_invisible(field)
        field.textEdited.connect(self._search_pause.start)
        return field

    def _cut(self, field: QLineEdit, limit: int) -> None:
        self.show_problem(self._too_long(field, limit), field)

    def _too_long(self, field: QLineEdit, limit: int) -> str:
        if field is not self.mrn:
            return RegistrationWords().name_cut()
        return self.tr("The MRN is too long. It was cut at {n} characters.").format(n=limit)

    def _changed(self, field: QWidget) -> None:
        """A problem about this field is out of date as soon as the field changes."""
        if field in self._problem_fields:
            self.show_problem(None)

    def _offer_languages(self) -> None:
        """Only the languages the chosen form is written in."""
        choice = self.form_choice.currentData()
        offered = choice.languages if isinstance(choice, FormChoice) else tuple(LANGUAGES)
        for code, choice_button in self.language_buttons.items():
            choice_button.setVisible(code in offered)
        if not self.language_buttons[self.language()].isVisible():
            next(b for c, b in self.language_buttons.items() if c in offered).setChecked(True)

    def _look_up(self) -> None:
        """Look up what is typed, off the GUI thread when a worker is given (typing goes
        on meanwhile); only the answer to the newest search is shown."""
        if self.search is None:
            return
        try:
            birth = self.birth_date.value()
        except UnreadableAnswer:
            birth = None
        name = f"{self.given_names.text()} {self.family_name.text()}".strip()
        mrn = self.mrn.text().strip()
        self._searches += 1
        asked, search = self._searches, self.search
        if not (name or birth or mrn):
            self.matches.show_found([])
        elif self.background is None:
            self.matches.show_found(search(name, birth, mrn))
        else:
            self.background.run(
                lambda: search(name, birth, mrn),
                lambda found: self._found(asked, found),
                lambda _error: self._found(asked, []),  # nobody shown; the next pause tries again
                owner=self,
            )

    def _found(self, asked: int, found: list[FoundPatient]) -> None:
        if asked == self._searches:  # a newer search's answer wins
            self.matches.show_found(found)

    def use_patient(self, details: PatientDetails) -> None:
        """Fill the form with a patient on file, exactly as stored."""
        self.given_names.setText(details.given_names)
        self.family_name.setText(details.family_name)
        self.birth_date.set_value(details.date_of_birth.isoformat())
        self.mrn.setText(details.mrn or "")
        self.show_problem(None)
        self.start.setFocus()

    def _language_buttons(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.language_group = QButtonGroup(box)
        self.language_buttons: dict[str, QPushButton] = {}
        for code, name in LANGUAGES.items():
            choice = button(name, box, description=self.tr("The patient's language"))
            choice.setCheckable(True)
            choice.setChecked(code == "en")
            self.language_group.addButton(choice)
            self.language_buttons[code] = choice
            row.addWidget(choice)
        row.addStretch(1)
        return box

    def _unfinished_row(self, entry: UnfinishedIntake, parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName("item")
        row = QHBoxLayout(frame)
        summary = f"{isolated(entry.patient_name)} — {entry.started} — {entry.where}"
        row.addWidget(label(summary, "help", frame), 1)
        resume = button(
            self.tr("Resume"),
            frame,
            name=self.tr("Resume {name}").format(name=entry.patient_name),
            description=summary,
        )
        resume.clicked.connect(lambda: self.resume_requested.emit(entry.intake_id))
        end = button(
            self.tr("End"),
            frame,
            name=self.tr("End {name}").format(name=entry.patient_name),
            description=self.tr("Stop this intake. What was answered is kept."),
        )
        end.clicked.connect(lambda: self.end_requested.emit(entry.intake_id))
        row.addWidget(resume)
        row.addWidget(end)
        return frame

    def _bottom_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("bottomBar")
        row = QHBoxLayout(bar)
        lock = button(
            self.tr("Lock the tablet"),
            bar,
            description=self.tr("Sign out: back to the start screen."),
        )
        lock.clicked.connect(self.lock_requested)
        signed_in = self.tr("Signed in: {name}").format(name=isolated(self.signed_in_name))
        self.signed_in = label(signed_in, "help", bar, centred=True)  # wraps only when long
        keep_room(self.signed_in).setVisible(bool(self.signed_in_name))
        leave = button(
            self.tr("Close the app"),
            bar,
            description=self.tr("Quit the intake app on this tablet."),
        )
        leave.clicked.connect(self.quit_requested)
        row.addWidget(lock)
        row.addWidget(self.signed_in, 1)
        row.addWidget(leave)
        return bar

    def language(self) -> str:
        return next(code for code, b in self.language_buttons.items() if b.isChecked())

    def _problems(self) -> list[str]:
        """Every problem this screen may show, so their line keeps room for the longest."""
        return [
            *RegistrationWords().every(),
            self._mrn_on_file(),
            self._too_long(self.mrn, MRN_MAX),
        ]

    def _mrn_on_file(self) -> str:
        return self.tr(
            "This MRN is on file for another patient: the name or the date of "
            "birth differs. Check the details, or pick the patient on file."
        )

    def _patient_fields(self) -> set[QWidget]:
        return {self.given_names, self.family_name, self.birth_date, self.mrn}

    def show_problem(self, problem: str | None, *fields: QWidget) -> None:
        """Show (or clear) a problem about ``fields`` (when none are named: all the
        patient's details); it goes as soon as one of them changes."""
        self.problem.say(problem)
        self._problem_fields = (set(fields) or self._patient_fields()) if problem else set()

    def mrn_on_file(self) -> None:
        """The MRN is on file for someone else."""
        self.show_problem(self._mrn_on_file())

    def _on_start(self) -> None:
        details = self._read_patient()
        if details is None:
            return
        self.show_problem(None)
        if not self.forms:
            return
        form = self.form_choice.currentData()
        self.start_requested.emit(HandOver(details, self.language(), form))

    def _read_patient(self) -> PatientDetails | None:
        """The details typed, or None after showing what is missing or wrong."""
        reading = read_registration(
            self.given_names, self.family_name, self.birth_date, dt.date.today()
        )
        if reading.born is None:
            self.show_problem(reading.problem, *reading.fields)
            return None
        mrn = self.mrn.text().strip() or None
        return PatientDetails(reading.given, reading.family, reading.born, mrn)
