"""Filing the selected documents into the chart: off the GUI thread, one document after
another, with its progress shown on the page and a Cancel that stops the batch after
the file it is on.

A document whose check failed is left out and said so; a failure on one file (the
folder missing, the disk full, no permission) is reported with its file and reason
and the others go on (``services.chart_filing.file_many``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from intake_app.gui.background import Progress
from intake_app.services.chart_filing import FilingProblem, FilingResult

if TYPE_CHECKING:
    from intake_app.gui.desk.records_page import RecordsPage


class FilingProgress(QWidget):
    """Where the page's buttons are while a batch is filed: how far it got, and Cancel
    (at the far right, where no button of the page is, so a second tap on File cannot
    cancel). Part of the page, not a window of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(" ")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel)

    def start(self, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        self.label.setText(f"Filing {total} document(s)…")
        self.cancel.setEnabled(True)

    def step(self, done: int, total: int, name: str) -> None:
        self.bar.setValue(done)
        self.label.setText(f"Filed {done} of {total}")
        self.bar.setToolTip(name)


def file_selected(page: RecordsPage, *, refile: bool) -> Progress | None:
    """File the selected documents not filed yet (``refile``: the filed ones, again)."""
    chosen = [d for d in page.selected() if (d.filed_at is not None) == refile]
    failing = page.failing(chosen)
    ids = [d.document_id for d in chosen if d not in failing]
    left_out = _left_out(len(failing))
    if not ids:
        page.say(left_out or "Choose the documents to file in the list first.")
        return None
    shown = page.progress
    shown.start(len(ids))
    page.busy(True)

    def finished(results: list[FilingResult]) -> None:
        page.busy(False)
        page.say(summary(results, len(ids), left_out), problem=not all(r.ok for r in results))
        page.refresh(keep_message=True)

    def failed(error: Exception) -> None:
        page.busy(False)
        reason = error.reason if isinstance(error, FilingProblem) else _NO_ANSWER
        page.say(f"Nothing was filed: {reason}")

    progress = page.background.run_with_progress(
        lambda report: page.calls.filing.file_many(ids, report.report, refile=refile),
        shown.step, finished, failed, owner=page,
    )  # fmt: skip
    page.cancel_filing = progress.cancel
    return progress


_NO_ANSWER = "the database did not answer. Try again."


def summary(results: list[FilingResult], asked: int, left_out: str = "") -> str:
    """What happened to the batch, in words: how many were filed, which were not and why,
    how many a Cancel left unfiled."""
    filed = [r for r in results if r.ok]
    words = [f"Filed {len(filed)} of {asked} into the chart."]
    words += [f"Not filed: {r.name}: {r.problem}." for r in results if not r.ok]
    if len(results) < asked:
        words.append(f"Stopped: {asked - len(results)} left unfiled.")
    if left_out:
        words.append(left_out)
    return " ".join(words)


def _left_out(failing: int) -> str:
    if not failing:
        return ""
    return (
        f"{failing} selected document(s) fail their check and were left out: an "
        "administrator must look at them."
    )
