"""Patients on file that match what staff typed, for picking instead of retyping."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from intake_app.gui.touch import button, label
from intake_app.questionnaire.typed_text import isolated
from intake_app.services.front_desk import PatientOnFile

FoundPatient = PatientOnFile  # one patient on file, as the staff screen lists them

Search = Callable[[str, str | None, str], list[FoundPatient]]  # name, birth date, MRN


class PatientMatches(QWidget):
    """A short list of matching patients; "Use" fills the form with the stored details."""

    picked = Signal(object)  # PatientDetails
    withdrawal_requested = Signal(str)  # the consent record to withdraw

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.title = label(self.tr("Patients on file"), "question", self)
        self.box.addWidget(self.title)
        self.rows: list[QFrame] = []
        self.show_found([])

    def show_found(self, found: list[FoundPatient]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = [self._row(entry) for entry in found]
        for row in self.rows:
            self.box.addWidget(row)
        self.setVisible(bool(found))

    def _row(self, entry: FoundPatient) -> QFrame:
        details = entry.details
        frame = QFrame(self)
        frame.setObjectName("item")
        row = QHBoxLayout(frame)
        # Name and MRN set apart: a name in Arabic keeps "born" and the MRN after it.
        name = f"{details.given_names} {details.family_name}"
        parts = [
            isolated(name),
            self.tr("born {date}").format(date=details.date_of_birth.isoformat()),
        ]
        if details.mrn:
            parts.append(self.tr("MRN {mrn}").format(mrn=isolated(details.mrn)))
        if entry.unfinished_intakes:
            parts.append(self.tr("{n} unfinished").format(n=entry.unfinished_intakes))
        summary = " · ".join(parts)
        row.addWidget(label(summary, "help", frame), 1)
        use = button(
            self.tr("Use"),
            frame,
            name=self.tr("Use {name}").format(name=name),
            description=summary,
        )
        use.clicked.connect(lambda: self.picked.emit(details))
        row.addWidget(use)
        if entry.agreement_id is not None:
            withdraw = button(
                self.tr("Withdraw consent"),
                frame,
                name=self.tr("Withdraw consent: {name}").format(name=name),
                description=self.tr("The patient reads and signs a withdrawal on the tablet."),
            )
            record = entry.agreement_id
            withdraw.clicked.connect(lambda: self.withdrawal_requested.emit(record))
            row.addWidget(withdraw)
        return frame
