"""The chart document preview: the sealed PDF itself, its pages, zoom and seal status."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView

from intake_app.gui.background import Background
from intake_app.gui.desk.document_preview import NO_DOCUMENT, DocumentPreview
from intake_app.services.seal_status import SealStatus
from tests.chart.test_packet import cli
from tests.conftest import CLINIC_TOML, PRODUCT_TOML

VALID = (
    "Seal valid: signed by Riverside Joint Clinic chart seal, unchanged since 2026-12-01 14:05 CST"
)


@pytest.fixture(scope="module")
def chart_pdf(tmp_path_factory) -> Path:
    """A sealed chart document made by `intake-app packet --sample`."""
    data_dir = tmp_path_factory.mktemp("data")
    (data_dir / "clinic.toml").write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = cli("packet", "--sample", "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def pages_in(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert found is not None
    return int(found.group(1))


def status(state: str, words: str, path: Path) -> SealStatus:
    return SealStatus("DOC1", state, words, path)  # type: ignore[arg-type]


@pytest.fixture
def preview(qtbot) -> DocumentPreview:
    widget = DocumentPreview()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drawn_text(preview: DocumentPreview) -> int:
    """How many dark pixels the page area shows (text drawn on the white page)."""
    image = preview.view.viewport().grab().toImage()
    step = 4
    return sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def test_a_sealed_chart_document_is_shown_from_its_first_page_with_its_seal(
    preview, chart_pdf, qtbot
):
    preview.show_document(chart_pdf, status("valid", VALID, chart_pdf))

    count = pages_in(chart_pdf)
    assert count > 2
    assert preview.page_label.text() == f"Page 1 of {count}"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    assert preview.seal_line.isVisible()
    assert preview.seal_line.text() == f"\u2714  {VALID}"
    assert "#1b5e20" in preview.seal_line.styleSheet(), "valid is green"
    qtbot.waitUntil(lambda: drawn_text(preview) > 200, timeout=5000)


def test_next_and_previous_page_move_by_one_and_stop_at_the_ends(preview, chart_pdf, qtbot):
    preview.show_document(chart_pdf, status("valid", VALID, chart_pdf))
    count = pages_in(chart_pdf)

    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page 2 of {count}"
    assert preview.previous_button.isEnabled()

    qtbot.mouseClick(preview.previous_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page 1 of {count}"
    assert not preview.previous_button.isEnabled()

    for _ in range(count + 2):
        if preview.next_button.isEnabled():
            qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page {count} of {count}"
    assert not preview.next_button.isEnabled() and preview.previous_button.isEnabled()


def test_page_down_and_page_up_turn_the_pages(preview, chart_pdf, qtbot):
    preview.show_document(chart_pdf, status("valid", VALID, chart_pdf))
    count = pages_in(chart_pdf)
    preview.view.setFocus()

    qtbot.keyClick(preview.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(preview.view, Qt.Key.Key_PageDown)
    assert preview.page_label.text() == f"Page 3 of {count}"
    qtbot.keyClick(preview.view, Qt.Key.Key_PageUp)
    assert preview.page_label.text() == f"Page 2 of {count}"


def test_zoom_in_and_out_change_the_zoom_and_fit_width_restores_it(preview, chart_pdf, qtbot):
    preview.show_document(chart_pdf, status("valid", VALID, chart_pdf))
    fitted = preview.zoom_factor
    assert preview.zoom_label.text() == "Fit width"
    assert not preview.fit_width_button.isEnabled()

    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    larger = preview.view.zoomFactor()
    assert larger > fitted
    assert preview.zoom_label.text() == f"{larger:.0%}"

    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoomFactor() < larger

    qtbot.mouseClick(preview.fit_width_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.zoom_label.text() == "Fit width"


def test_zoom_stops_at_its_smallest_and_largest(preview, chart_pdf, qtbot):
    preview.show_document(chart_pdf, None)
    for _ in range(12):
        if preview.zoom_in_button.isEnabled():
            qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert (preview.zoom_label.text(), preview.zoom_in_button.isEnabled()) == ("300%", False)
    for _ in range(12):
        if preview.zoom_out_button.isEnabled():
            qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert (preview.zoom_label.text(), preview.zoom_out_button.isEnabled()) == ("50%", False)


def test_a_missing_file_is_said_in_words_with_a_grey_seal_line(preview, tmp_path):
    gone = tmp_path / "CHART_ABC123.pdf"
    missing = f"File missing: {gone.name} is not in the documents folder"

    preview.show_document(gone, status("missing", missing, gone))

    assert preview.pages.currentWidget() is preview.message
    assert preview.message.text() == (
        "The chart document cannot be shown: CHART_ABC123.pdf is not in the documents folder."
    )
    assert preview.seal_line.text() == f"\u25cb  {missing}"
    assert "#eceff1" in preview.seal_line.styleSheet(), "missing is grey"
    assert preview.page_label.text() == ""
    buttons = [preview.previous_button, preview.next_button, preview.zoom_in_button,
               preview.zoom_out_button, preview.fit_width_button]  # fmt: skip
    assert not any(button.isEnabled() for button in buttons)


def test_a_damaged_file_shows_a_plain_message_and_an_invalid_seal_in_red(preview, tmp_path):
    damaged = tmp_path / "CHART_DEF456.pdf"
    damaged.write_bytes(b"%PDF-1.7\nthis is not a PDF any more")
    invalid = "Seal INVALID: the file cannot be read as a PDF (PdfReadError)"

    preview.show_document(damaged, status("invalid", invalid, damaged))

    assert preview.message.text() == (
        "The chart document cannot be shown: CHART_DEF456.pdf is not a readable PDF "
        "(it may be damaged)."
    )
    assert preview.seal_line.text() == f"\u2716  {invalid}"
    assert "#8a1010" in preview.seal_line.styleSheet(), "invalid is red"


def test_no_document_yet_says_so_and_shows_no_seal_line(preview, chart_pdf):
    preview.show_document(chart_pdf, status("valid", VALID, chart_pdf))

    preview.show_document(None, None)

    assert preview.pages.currentWidget() is preview.message
    assert preview.message.text() == NO_DOCUMENT == "No chart document yet"
    assert not preview.seal_line.isVisible()
    assert preview.page_label.text() == "" and not preview.next_button.isEnabled()


def test_the_seal_is_checked_off_the_gui_thread_and_shown_when_it_answers(
    preview, chart_pdf, qtbot
):
    background = Background()
    answered = status("valid", VALID, chart_pdf)

    preview.check_seal(chart_pdf, background, lambda: answered)

    assert preview.seal_line.text().endswith("Checking the seal...")
    assert preview.page_label.text().startswith("Page 1 of ")
    qtbot.waitUntil(lambda: preview.seal_line.state == "valid", timeout=5000)
    assert preview.seal_line.text() == f"\u2714  {VALID}"
    background.wait()


def test_a_seal_check_that_fails_says_the_seal_was_not_checked(preview, chart_pdf, qtbot):
    background = Background()

    def broken() -> SealStatus:
        raise OSError("share unreachable")

    preview.check_seal(chart_pdf, background, broken)

    qtbot.waitUntil(lambda: preview.seal_line.state == "unchecked", timeout=5000)
    assert preview.seal_line.text().endswith("Seal not checked: the check failed (OSError)")
    background.wait()


def test_an_answer_for_a_document_no_longer_shown_is_dropped(preview, chart_pdf, qtbot, tmp_path):
    background = Background()
    other = tmp_path / "OTHER.pdf"
    preview.check_seal(chart_pdf, background, lambda: status("valid", VALID, chart_pdf))
    preview.show_document(other, status("missing", "File missing: OTHER.pdf", other))

    background.wait()
    qtbot.wait(50)  # the answer reaches the GUI thread

    assert preview.seal_line.text().endswith("File missing: OTHER.pdf")
