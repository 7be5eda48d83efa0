"""The administrator's clinic settings page: the clinic file of this computer in labelled
fields, each checked as it is typed, and Save.

The file stays the source of truth: the page reads it when it opens (and again after
each save, or when the file changed meanwhile), and ``services.clinic_settings`` writes
the changed settings into it for the administrator and records who changed what. Save
can be pressed only while every field can be used and something changed. The fields
scroll inside the page (the window's own scroll area has nothing to scroll); the line
that says what happened and Save stay in view below them, at every text size. Tablets
and desks read the file when they start.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.flow import FlowRow
from intake_app.gui.desk.look import named, restyled
from intake_app.gui.desk.settings_fields import GROUPS, SettingField, fields_of
from intake_app.services.clinic_settings import (
    ClinicFileChanged,
    ClinicSettingsFile,
    SettingsOnFile,
    Typed,
)

READABLE_CHARACTERS = 100  # the fields' column: wider is hard to read
SAVED = "Saved. Tablets use the new settings the next time they start, and so does this desk."
NOT_SAVED = (
    "The settings could not be saved: the database did not answer. The clinic file was not "
    "changed. Try again."
)


class FieldsArea(QScrollArea):
    """The fields' own scroll area. It asks for a few lines' height only: the window's
    scroll area sizes a page by what its parts ask for, and would otherwise make the
    page as tall as all the fields and scroll it too, Save with it."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 4)


class SettingsPage(QWidget):
    """Every clinic setting the page offers, grouped, with Save and Undo my changes."""

    def __init__(
        self, settings_file: ClinicSettingsFile, background: Background, languages: Sequence[str]
    ) -> None:
        super().__init__()
        self.settings_file, self.background = settings_file, background
        self.on_file: SettingsOnFile | None = None
        self.saving = False
        self.fields: dict[str, SettingField] = {}
        self.where = named(QLabel(), "muted")
        self.where.setWordWrap(True)
        self.unreadable = named(QLabel(), "error")
        self.unreadable.setWordWrap(True)
        self.unreadable.hide()
        self.area = FieldsArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self._groups(languages))
        self.message = named(QLabel(" "), "muted")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        self.save = named(QPushButton("Save"), "primary")
        self.undo = QPushButton("Undo my changes")
        buttons = FlowRow()
        buttons.addWidget(self.save)
        buttons.addWidget(self.undo)
        column = QVBoxLayout(self)
        column.addWidget(self.area, 1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        self.save.clicked.connect(self.save_changes)
        self.undo.clicked.connect(self.undo_changes)
        self._fit()
        self.reload()

    def _groups(self, languages: Sequence[str]) -> QWidget:
        """A card per group of settings, in a column no wider than reads well."""
        self.column = QWidget()
        cards = QVBoxLayout(self.column)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(16)
        for top in (named(QLabel("Clinic settings"), "title"), self.where, self.unreadable):
            cards.addWidget(top)
        for title, settings in GROUPS:
            card = named(QFrame(), "card")
            card.setAccessibleName(f"{title} settings")
            inside = QVBoxLayout(card)
            inside.setContentsMargins(20, 14, 20, 14)
            inside.addWidget(named(QLabel(title), "heading"))
            for setting in settings:
                for name, label, hint in fields_of(setting, languages):
                    field = SettingField(name, label, hint, setting)
                    field.edited.connect(lambda f=field: self._edited(f))
                    self.fields[name] = field
                    inside.addWidget(field)
            cards.addWidget(card)
        cards.addStretch(1)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 16, 0)  # room for the scroll bar
        row.addWidget(self.column, 1)
        row.addStretch(0)
        return holder

    # -- the file -----------------------------------------------------------------------

    def reload(self, message: str = "", *, problem: bool = False) -> None:
        """Show the clinic file as it is now; ``message`` on the line by Save."""
        on_file = self.settings_file.read()
        self.on_file = on_file
        self.where.setText(
            f"The settings in the clinic file of this computer, {on_file.path}. Tablets and "
            "desks that read this file use a change the next time they start."
        )
        self.unreadable.setText(
            f"The clinic file cannot be read, so it cannot be changed here: {on_file.problem}. "
            "Correct it in a text editor, then press Undo my changes to read it again."
        )
        self.unreadable.setVisible(bool(on_file.problem))
        for name, field in self.fields.items():
            field.show_value(on_file.shown(name))
            field.show_problem("")
            field.setEnabled(on_file.clinic is not None)
        self._update(message, problem=problem)

    def undo_changes(self) -> None:
        """Back to what the file says (read again: it may have been edited meanwhile)."""
        if not self.saving:
            self.reload()

    def typed(self) -> dict[str, Typed]:
        """What each field holds now, by setting name."""
        return {name: field.typed() for name, field in self.fields.items()}

    def save_changes(self) -> None:
        """Write the changes off the GUI thread, then read the file again."""
        if self.on_file is None or not self.save.isEnabled():
            return
        typed, on_file = self.typed(), self.on_file
        self.saving = True
        self._update()
        self.background.run(
            lambda: self.settings_file.save(typed, on_file),
            self._saved,
            self._not_saved,
            owner=self,
        )

    def _saved(self, changed: tuple[str, ...]) -> None:
        self.saving = False
        self.reload(SAVED if changed else "Nothing had changed, so nothing was saved.")

    def _not_saved(self, error: Exception) -> None:
        self.saving = False
        if isinstance(error, ClinicFileChanged):
            self.reload(str(error), problem=True)
        elif isinstance(error, (ValueError, PermissionError)):
            self._update(str(error), problem=True)
        else:
            self._update(NOT_SAVED, problem=True)

    # -- checking as typed ----------------------------------------------------------

    def _edited(self, field: SettingField) -> None:
        if self.on_file is not None:
            field.show_problem(self.on_file.problem_with(field.name, field.typed()))
        self._update()

    def _update(self, message: str = "", *, problem: bool = False) -> None:
        """Save only while every field can be used and something changed; the line by
        Save says why not, or what happened."""
        on_file, typed = self.on_file, self.typed()
        wrong = [
            name for name, value in typed.items()
            if on_file is not None and on_file.problem_with(name, value)
        ]  # fmt: skip
        changed = on_file.changes(typed) if on_file is not None else {}
        readable = on_file is not None and on_file.clinic is not None
        if not message and wrong:
            labels = ", ".join(self.fields[name].editor.accessibleName() for name in wrong)
            message, problem = f"Save waits until every setting can be used. See: {labels}.", True
        elif not message and changed:
            count = len(changed)
            message = f"{count} change{'s' if count != 1 else ''} not saved yet."
        may_save = readable and not wrong and bool(changed) and not self.saving
        if self.save.hasFocus() and not may_save:
            self.undo.setFocus()  # not on to the text size buttons, where Enter would go
        self.save.setEnabled(may_save)
        self.message.setText(message or " ")
        restyled(self.message, "error" if problem else "muted")

    # -- the look -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()

    def _fit(self) -> None:
        """The line by Save keeps room for two lines, so Save does not move when it
        speaks; an address shows its lines at every text size."""
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 12)
        self.column.setMaximumWidth(self.fontMetrics().averageCharWidth() * READABLE_CHARACTERS)
        for field in self.fields.values():
            field.fit()
