"""Reviewing one intake: the record on the left, the sealed chart document on the right.

The page displays and reports; each call on the record is a service call made for
the person logged in, run off the GUI thread (``Background``): opening the intake
(an ``intake_viewed`` event), acknowledging a flag, signing off, making the review
addendum, checking the chart document's seal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from intake_app.gui.background import Background
from intake_app.gui.desk.document_preview import DocumentPreview
from intake_app.gui.desk.look import named, restyled
from intake_app.gui.desk.review_view import (
    FlagCard,
    consent_html,
    header_html,
    history_html,
    review_html,
    sections_html,
    text_label,
)
from intake_app.gui.desk.sign_off import AttestDialog, SignatureDialog, SignOffDialog
from intake_app.services.attestation import Attestations
from intake_app.services.review import DECISION_WORDS, Reviews
from intake_app.services.review_record import ReviewRecord
from intake_app.services.seal_status import SealStatus

CANNOT_OPEN = "This intake could not be opened: the database did not answer. Try again."
NO_FORMS = (
    "This intake cannot be shown: the form files on this computer cannot be read. "
    "Run 'intake-app forms check' to see why."
)


class FormsUnreadable(ValueError):
    """The form files cannot be read here, so an intake's questions cannot be shown."""


@dataclass
class ReviewCalls:
    """The service calls the page makes, each for the person logged in."""

    open: Callable[[str], ReviewRecord]  # intake id
    reviews: Reviews
    seal_status: Callable[[str], SealStatus]  # document id
    make_addendum: Callable[[str], Any]  # review id; the addendum's document row
    attestations: Attestations | None  # None: the person is not a clinician
    may_acknowledge: bool
    may_clear_stop: bool
    now: Callable[[], dt.datetime]


class ReviewPage(QWidget):
    """One intake, its flags to acknowledge, and Sign off."""

    back_requested = Signal()

    def __init__(self, calls: ReviewCalls, background: Background) -> None:
        super().__init__()
        self.calls, self.background = calls, background
        self.record: ReviewRecord | None = None
        self.cards: list[FlagCard] = []
        self.back = QPushButton("← Back to the queue")
        self.title = named(QLabel(" "), "title")
        self.title.setWordWrap(True)  # a long name wraps; it never widens the window
        self.attest = QPushButton("Attest the explanation…")
        self.attest.setVisible(calls.attestations is not None)
        self.sign_off = named(QPushButton("Sign off…"), "primary")
        self.sign_off.setEnabled(False)
        self.notice = named(QLabel(" "), "muted")
        self.notice.setWordWrap(True)
        self.notice.setMinimumHeight(self.notice.fontMetrics().lineSpacing() * 2 + 12)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.attest)
        top.addWidget(self.sign_off)
        self.body = QWidget()
        self.column = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.preview = DocumentPreview()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.split = split
        self._split_shared = False  # the record gets 3/5 of the width when first shown
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        self.back.clicked.connect(self.back_requested)
        self.sign_off.clicked.connect(self.open_sign_off)
        self.attest.clicked.connect(self.open_attest)

    def showEvent(self, event: QShowEvent) -> None:  # Qt calls it by this name
        super().showEvent(event)
        if not self._split_shared and self.split.width() > 0:
            # Stretch factors alone let the preview's wide toolbar take the room.
            width = self.split.width()
            self.split.setSizes([width * 3 // 5, width - width * 3 // 5])
            self._split_shared = True

    def show_intake(self, intake_id: str) -> None:
        """Read the intake (off the GUI thread) and draw it."""
        self._clear()
        self.notice.setText(" ")
        restyled(self.notice, "muted")
        self.title.setText("Opening…")
        self.background.run(
            lambda: self.calls.open(intake_id), self.show_record, self._not_opened, owner=self
        )

    def _not_opened(self, error: Exception) -> None:
        self.title.setText(" ")
        self.say(NO_FORMS if isinstance(error, FormsUnreadable) else CANNOT_OPEN)

    def show_record(self, record: ReviewRecord) -> None:
        self._clear()
        self.record = record
        self.title.setText(record.header.patient_name)
        self.column.addWidget(text_label(header_html(record.header)))
        if record.reviews:  # what the last person decided, before anything else
            self.column.addWidget(named(QLabel("Review in force"), "heading"))
            self.column.addWidget(text_label(review_html(record.reviews[-1])))
        self.column.addWidget(named(QLabel(_flags_title(record)), "heading"))
        for flag in record.flags:
            card = FlagCard(flag, may_acknowledge=self.calls.may_acknowledge)
            card.acknowledge_requested.connect(self.acknowledge)
            self.cards.append(card)
            self.column.addWidget(card)
        for title, html in (
            ("Answers", sections_html(record)),
            ("Consent", consent_html(record)),
            ("Reviews", history_html(record)),
        ):
            self.column.addWidget(named(QLabel(title), "heading"))
            self.column.addWidget(text_label(html))
        self.column.addStretch(1)
        self._update_sign_off()
        self._check_seal(record)

    def acknowledge(self, flag_id: str, note: str) -> None:
        card = next(c for c in self.cards if c.flag.id == flag_id)
        by = self.calls.reviews.by.name
        self.background.run(
            lambda: self.calls.reviews.acknowledge(flag_id, note),
            lambda _none: self._acknowledged(card, by, note),
            lambda error: card.refused(_plain(error)),
            owner=self,
        )

    def _acknowledged(self, card: FlagCard, by: str, note: str) -> None:
        card.show_acknowledged(by, f"{self.calls.now().astimezone():%Y-%m-%d %H:%M}", note)
        self._update_sign_off()
        waiting = [c for c in self.cards if not c.acknowledge.isHidden()]
        (waiting[0].note if waiting else self.sign_off).setFocus()  # where the work goes on

    def open_sign_off(self) -> None:
        record = self.record
        if record is None:
            return
        has_stop = any(flag.severity == "STOP" for flag in record.flags)
        dialog = SignOffDialog(
            self.calls.reviews,
            record.intake_id,
            self.background,
            patient=_patient(record),
            may_clear=self.calls.may_clear_stop or not has_stop,
            now=self.calls.now,
            corrects=record.reviews[-1].id if record.reviews else None,
            parent=self,
        )
        dialog.signed.connect(self.signed)
        dialog.open()
        self.dialog: SignatureDialog = dialog

    def open_attest(self) -> None:
        if self.record is None or self.calls.attestations is None:
            return
        dialog = AttestDialog(
            self.calls.attestations, self.record.intake_id, self.background,
            patient=_patient(self.record), now=self.calls.now, parent=self,
        )  # fmt: skip
        dialog.signed.connect(self._attested)
        dialog.open()
        self.dialog = dialog

    def _attested(self, attestation: Any) -> None:
        self.say(f"{attestation.meaning}.", problem=False)
        self.attest.setEnabled(False)
        self.attest.setText("Attested")

    def signed(self, review: Any) -> None:
        """Stored: make the addendum off the GUI thread, then show the intake as it is now."""
        self.say(f"Signed. {review.meaning}. Making the review addendum…", problem=False)
        intake_id = review.intake_id
        self.background.run(
            lambda: self.calls.make_addendum(review.id),
            lambda document: self._addendum_made(document, intake_id),
            lambda _error: self.say(
                "The review is signed and stored, but its addendum could not be made now. "
                "It is made at the next start or with 'intake-app documents make-missing'."
            ),
            owner=self,
        )

    def _addendum_made(self, document: Any, intake_id: str) -> None:
        self.say(
            f"Signed. The review addendum is filed as {Path(document.path).name}.", problem=False
        )
        self.background.run(
            lambda: self.calls.open(intake_id), self.show_record, lambda _e: None, owner=self
        )

    def say(self, text: str, *, problem: bool = True) -> None:
        self.notice.setText(text)
        restyled(self.notice, "error" if problem else "notice")

    def _update_sign_off(self) -> None:
        waiting = [
            c for c in self.cards if c.flag.severity in ("STOP", "REVIEW") and not c.acknowledged
        ]
        allowed = self.calls.may_acknowledge and self.record is not None
        self.sign_off.setEnabled(allowed and not waiting)
        self.sign_off.setText(_sign_off_words(self.record))
        if waiting and allowed:
            self.sign_off.setToolTip(
                f"Acknowledge every STOP and REVIEW flag first ({len(waiting)} left)."
            )

    def _check_seal(self, record: ReviewRecord) -> None:
        chart = record.chart_document
        if chart is None:
            self.preview.show_document(None, None)
            return
        self.preview.check_seal(
            Path(chart.path), self.background, lambda: self.calls.seal_status(chart.id)
        )

    def _clear(self) -> None:
        self.record, self.cards = None, []
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.sign_off.setEnabled(False)


def _patient(record: ReviewRecord) -> str:
    return f"{record.header.patient_name}, born {record.header.date_of_birth}"


def _sign_off_words(record: ReviewRecord | None) -> str:
    """Sign off; the clinician's decision on an intake routed to them; or a correction."""
    if record is None or not record.reviews:
        return "Sign off…"
    if record.reviews[-1].decision == DECISION_WORDS["needs_clinician"]:
        return "Decide as clinician…"
    return "Correct the review…"


def _flags_title(record: ReviewRecord) -> str:
    if not record.flags:
        return "Flags: none raised"
    return f"Flags, worst first ({len(record.flags)})"


def _plain(error: Exception) -> str:
    if isinstance(error, (ValueError, PermissionError)):
        return str(error)
    return "Not stored: the database did not answer. Try again."
