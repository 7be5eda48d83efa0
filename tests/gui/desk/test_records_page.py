"""The records page: documents to file, checked, previewed, filed as a batch with
progress, a failure on one file named while the rest are filed, and exports."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from sqlmodel import select

from intake_app.gui.desk import records_export
from intake_app.gui.desk.records_export import export_csv_to, export_fhir_to, print_on
from intake_app.gui.desk.records_page import CHECK_COLUMN, CHOOSE_ONE, RecordsPage
from intake_app.storage.tables import AuditEvent
from tests.conftest import TODAY
from tests.gui.desk.conftest import Desk, close_desk, open_desk, signed_visit

PATIENTS = (
    ("ليلى", "الحسن", "MRN-1001"),
    ("Nguyễn Thị", "Minh Khai", "MRN-1002"),
    ("Sam", "..Okafor..", "MRN-1003"),
)


@pytest.fixture
def records(qtbot, qapp, tmp_path) -> Desk:
    chart = tmp_path / "chart"
    chart.mkdir()
    desk = open_desk(qtbot, qapp, tmp_path, f'[documents]\nchart_folder = "{chart}"\n')
    for given, family, mrn in PATIENTS:
        signed_visit(desk, tmp_path, given, family, mrn)
    desk.log_in("lee")
    yield desk
    close_desk(desk)


def page_of(desk: Desk) -> RecordsPage:
    page = desk.window.current_page()
    assert isinstance(page, RecordsPage)
    return page


def listed_and_checked(desk: Desk, count: int) -> RecordsPage:
    page = page_of(desk)
    desk.qtbot.waitUntil(lambda: len(page.documents) == count and len(page.checks) == count,
                         timeout=20_000)  # fmt: skip
    return page


def chart_folder(desk: Desk) -> Path:
    return Path(desk.services.settings.clinic.documents.chart_folder)


def test_a_clerk_files_a_batch_under_safe_chart_names_and_they_leave_the_list(records):
    page = listed_and_checked(records, 3)
    assert [page.table.item(r, CHECK_COLUMN).text() for r in range(3)] == ["OK"] * 3
    assert page.preview.message.text() == CHOOSE_ONE, "nothing chosen yet: the clerk is told how"
    page.table.selectAll()
    assert page.file.text() == "File 3 selected"
    page.file.click()
    records.qtbot.waitUntil(lambda: page.message.text().startswith("Filed 3 of 3"), timeout=20_000)
    names = sorted(p.name for p in chart_folder(records).iterdir())
    assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
    assert all("/" not in name and not name.startswith(".") for name in names)
    assert any(name.startswith("MRN-1003_OKAFOR") for name in names), "no dots from the name"
    assert any("ليلى" in name for name in names), "the Arabic name is kept, made safe"
    assert all("_CONSENT_" in name for name in names)
    records.qtbot.waitUntil(lambda: len(page.documents) == 0)
    page.filters.include_filed.setChecked(True)
    records.qtbot.waitUntil(lambda: len(page.documents) == 3)
    assert all(page.table.item(r, 6).text().endswith("by Lee Park") for r in range(3))


def test_a_failed_write_names_the_file_and_the_reason_and_the_others_are_filed(
    records, monkeypatch
):
    page = listed_and_checked(records, 3)
    failing = next(d for d in page.documents if d.mrn == "MRN-1002")
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:  # the disk is full while writing that one copy
        if failing.document_id in os.readlink(f"/proc/self/fd/{descriptor}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    page.table.selectAll()
    page.file.click()
    records.qtbot.waitUntil(lambda: page.message.text().startswith("Filed 2 of 3"), timeout=20_000)
    assert "MRN-1002" in page.message.text()
    assert "the disk of the chart folder is full" in page.message.text()
    records.qtbot.waitUntil(lambda: [d.mrn for d in page.documents] == ["MRN-1002"])
    assert len(list(chart_folder(records).iterdir())) == 2, "no partial or temporary file"


def test_a_document_changed_after_sealing_fails_its_check_and_is_not_filed(records):
    page = page_of(records)
    records.qtbot.waitUntil(lambda: len(page.documents) == 3, timeout=20_000)
    changed = page.documents[0]
    data = bytearray(changed.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.path.write_bytes(bytes(data))
    page.refresh()  # the earlier listing's checks may stand until the new ones arrive
    records.qtbot.waitUntil(
        lambda: page.table.item(0, CHECK_COLUMN).text().startswith("FAILS"), timeout=20_000
    )
    page.table.selectRow(0)
    page.file.click()
    assert "fail their check" in page.message.text()
    assert list(chart_folder(records).iterdir()) == []


def test_the_selected_intake_exports_as_fhir_and_the_answers_as_csv(records, tmp_path, monkeypatch):
    page = listed_and_checked(records, 3)
    page.table.selectRow(0)
    offered = []
    monkeypatch.setattr(records_export.QFileDialog, "getSaveFileName",
                        lambda *args: offered.append(Path(args[2])) or ("", ""))  # fmt: skip
    page.export_fhir.click()
    assert offered[0].name == page.documents[0].path.stem + ".fhir.json", "named for the chart"
    assert page.documents[0].mrn in offered[0].name
    out = tmp_path / "bundle.json"
    export_fhir_to(page, page.documents[0].intake_id, out)
    records.qtbot.waitUntil(lambda: "exported to" in page.message.text(), timeout=20_000)
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "transaction"
    assert out.stat().st_mode & 0o077 == 0, "an export is readable by its owner only"
    export_fhir_to(page, page.documents[0].intake_id, out)
    records.qtbot.waitUntil(lambda: "exists already" in page.message.text())
    answers = tmp_path / "answers.csv"
    export_csv_to(page, TODAY.replace(year=TODAY.year - 1), TODAY.replace(year=TODAY.year + 1),
                  answers)  # fmt: skip
    records.qtbot.waitUntil(answers.exists, timeout=20_000)
    rows = list(csv.reader(io.StringIO(answers.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 + 3, "two header rows, one row per intake"
    assert {row[0] for row in rows[2:]} == {d.intake_id for d in page.documents}


def test_a_printed_document_is_recorded_in_the_audit_trail(records, tmp_path):
    page = listed_and_checked(records, 3)
    page.table.selectRow(0)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # quick: the pages are images
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    print_on(page, page.documents[0], printer)
    records.qtbot.waitUntil(lambda: "Sent to" in page.message.text(), timeout=30_000)
    records.qtbot.waitUntil(lambda: printed_events(records) == 1, timeout=10_000)
    assert (tmp_path / "paper.pdf").stat().st_size > 10_000


def printed_events(desk: Desk) -> int:
    with desk.services.database.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == "document_printed")
        return len(list(session.exec(query)))


def test_choosing_a_document_at_200_percent_text_does_not_move_the_list(records):
    """The preview gains a seal line, a page count and a zoom when a document is chosen;
    the list beside it must not narrow, nor the buttons under it move down."""
    for _ in range(4):
        records.window.bar.larger.click()
    page = listed_and_checked(records, 3)
    records.qtbot.wait(50)

    def place():
        return (page.table.mapTo(records.window, page.table.rect().topLeft()), page.table.width(),
                page.file.mapTo(records.window, page.file.rect().topLeft()))  # fmt: skip

    before = place()
    page.table.selectRow(0)
    records.qtbot.waitUntil(lambda: page.preview.page_label.text().startswith("Page 1 of"))
    records.qtbot.wait(50)
    assert place() == before
    page.filters.made_from.setText("last Tuesday, or the week before that one, whichever")
    page.filters.search_button.click()
    assert page.message.text().startswith("“From” is not a date")
    assert place() == before, "a message does not push the buttons either"
    gap = page.file.mapTo(page, page.file.rect().topLeft()).y() - page.message.geometry().bottom()
    assert 0 < gap < page.fontMetrics().lineSpacing(), "the outcome is read next to the buttons"
