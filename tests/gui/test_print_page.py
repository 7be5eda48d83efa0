"""The print page: the patient picks a printer and copies, prints, and is told what happened.

The tablet's printers are pretended (0, 1 or 3); what is printed, and how, is
tested in test_printing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from intake_app.gui.print_flow import PrintFlow
from intake_app.gui.printing import PrinterChoice
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.print_page import PrintPage
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.gui.theme import Look
from intake_app.services.actor import Actor
from tests.gui.conftest import settle
from tests.gui.test_touch_targets import MIN_TOUCH, problems_on_screen

FRONT_DESK = PrinterChoice("front_desk", "Front desk printer")
THREE = [
    PrinterChoice("hall", "Hall printer"),
    FRONT_DESK,
    PrinterChoice("nurses", "Nurses' station printer"),
]


@dataclass
class FakePrinters:
    """The tablet's printers, as a test wants them; remembers what it was asked to print."""

    choices: list[PrinterChoice] = field(default_factory=list)
    default: str = ""
    asked: list[tuple[str, Path, int]] = field(default_factory=list)
    answers: list[Callable[[bool], None]] = field(default_factory=list)

    def available(self) -> list[PrinterChoice]:
        return self.choices

    def default_name(self) -> str:
        return self.default

    def print_pdf(self, printer: str, pdf: Path, copies: int, done: Callable[[bool], None]) -> None:
        self.asked.append((printer, pdf, copies))
        self.answers.append(done)  # the test says when the printer is done

    def finish(self, ok: bool) -> None:
        self.answers.pop()(ok)


@pytest.fixture
def printers(monkeypatch) -> FakePrinters:
    fake = FakePrinters()
    monkeypatch.setattr(PrintFlow, "printers", lambda: fake)
    return fake


@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(b"%PDF-1.7")  # never read: the printers are pretended
    return path


def thank_you_with_copy(kiosk, copy: Path) -> ThankYouScreen:
    """The thank-you screen once the patient's signed copy is ready (as after signing)."""
    kiosk.controller.consent_done()
    kiosk.controller.copies.last_document = copy
    kiosk.controller.copies.owner = Actor.patient("the-patients-intake")
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    thanks.copy_ready()
    return thanks


def open_print_page(kiosk, copy: Path) -> PrintPage:
    thank_you_with_copy(kiosk, copy).print_copy.click()
    page = kiosk.screen
    assert isinstance(page, PrintPage)
    return page


def test_with_no_printer_the_page_says_so_and_print_is_disabled(kiosk, printers, copy):
    page = open_print_page(kiosk, copy)
    assert "No printer is set up on this tablet" in page.notice.text()
    assert "front desk can print your copy" in page.notice.text()
    assert page.notice.isVisible() and not page.choices.isVisible()
    assert page.print_now.isVisible() and not page.print_now.isEnabled()
    page.print_now.click()
    assert printers.asked == []


def test_the_default_printer_is_chosen_and_copies_go_from_1_to_5(kiosk, printers, copy):
    printers.choices, printers.default = THREE, FRONT_DESK.name
    page = open_print_page(kiosk, copy)
    assert [b.accessibleName() for b in page.printer_buttons.values()] == [
        "Hall printer",
        "Front desk printer",
        "Nurses' station printer",
    ]
    assert page.printer_buttons[FRONT_DESK.name].isChecked()
    assert page.count.text() == "1" and not page.fewer.isEnabled()
    for _ in range(7):
        page.more.click()
    assert page.count.text() == "5" and not page.more.isEnabled()
    for _ in range(7):
        page.fewer.click()
    assert page.count.text() == "1"


def test_without_a_default_the_first_printer_is_chosen(kiosk, printers, copy):
    printers.choices = [FRONT_DESK]
    page = open_print_page(kiosk, copy)
    assert page.printer_buttons[FRONT_DESK.name].isChecked() and page.print_now.isEnabled()


def test_print_sends_the_chosen_printer_and_copies_then_says_where(kiosk, printers, copy):
    printers.choices, printers.default = THREE, FRONT_DESK.name
    page = open_print_page(kiosk, copy)
    page.printer_buttons["nurses"].click()
    page.more.click()
    page.more.click()
    page.print_now.click()
    assert printers.asked == [("nurses", copy, 3)]
    assert page.message.text() == "Printing…"
    assert not page.print_now.isEnabled() and not page.back.isEnabled()
    printers.finish(True)
    assert page.message.text() == "Your copy was sent to the printer “Nurses' station printer”."
    assert page.back.isEnabled() and not page.print_now.isEnabled()


def test_a_failed_print_says_so_and_offers_the_way_back(kiosk, printers, copy):
    printers.choices = [FRONT_DESK]
    page = open_print_page(kiosk, copy)
    page.print_now.click()
    printers.finish(False)
    assert not page.message.isVisible() and page.notice.isVisible()
    assert page.notice.text() == (
        "The copy could not be printed. Your signed form is saved; "
        "the front desk can print it for you."
    )
    assert page.back.isEnabled()
    page.back.click()
    assert isinstance(kiosk.screen, ThankYouScreen)


def test_back_shows_the_thank_you_screen_with_its_copy_still_offered(kiosk, printers, copy):
    printers.choices = [FRONT_DESK]
    open_print_page(kiosk, copy).back.click()
    thanks = kiosk.screen
    assert isinstance(thanks, ThankYouScreen)
    assert thanks.print_copy.isVisible() and "copy is ready" in thanks.status.text()
    thanks.print_copy.click()
    assert isinstance(kiosk.screen, PrintPage), "the copy can be printed again"


def test_a_language_switch_keeps_the_choice_and_the_printing(kiosk, printers, copy):
    printers.choices, printers.default = THREE, FRONT_DESK.name
    page = open_print_page(kiosk, copy)
    page.printer_buttons["hall"].click()
    page.more.click()
    kiosk.window.patient_bar.language.click()
    page = kiosk.screen
    assert isinstance(page, PrintPage)
    assert page.printer_buttons["hall"].isChecked() and page.count.text() == "2"
    page.print_now.click()
    kiosk.window.patient_bar.language.click()  # back to English while it prints
    page = kiosk.screen
    assert page.message.text() == "Printing…"
    printers.finish(True)
    assert page.message.text() == "Your copy was sent to the printer “Hall printer”."
    assert printers.asked == [("hall", copy, 2)]


def test_the_page_is_in_spanish(kiosk, printers, copy):
    kiosk.controller.set_language("es", rebuild=False)
    page = open_print_page(kiosk, copy)
    assert page.notice.text().startswith("No hay ninguna impresora")
    assert page.print_now.text() == "Imprimir"


def test_left_alone_the_print_page_locks_the_tablet(kiosk, printers, copy, qtbot, monkeypatch):
    monkeypatch.setattr(PrintFlow, "quiet_lock_ms", 200)
    printers.choices = [FRONT_DESK]
    open_print_page(kiosk, copy)
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, LockedScreen), timeout=5000)
    assert kiosk.controller.copies.last_document is None, "the next patient gets no copy"


def test_after_printing_the_tablet_still_locks_by_itself(kiosk, printers, copy, qtbot, monkeypatch):
    monkeypatch.setattr(PrintFlow, "quiet_lock_ms", 200)
    printers.choices = [FRONT_DESK]
    open_print_page(kiosk, copy).print_now.click()
    printers.finish(True)
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current, LockedScreen), timeout=5000)


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_200_percent_three_printers_and_the_copies_fit_and_print_and_back_never_move(
    kiosk, printers, copy, language
):
    printers.choices, printers.default = THREE, FRONT_DESK.name
    kiosk.controller.set_language(language, rebuild=False)
    kiosk.controller.set_look(Look(2.0, high_contrast=True))
    page = open_print_page(kiosk, copy)
    settle()
    assert problems_on_screen(kiosk.window, "print page") == []
    assert kiosk.window.centralWidget().minimumSizeHint().width() <= kiosk.window.width()
    for control in [*page.printer_buttons.values(), page.fewer, page.more]:
        shown = control.visibleRegion().boundingRect().height()
        assert shown == control.height(), f"{control.accessibleName()} needs scrolling"
    places = []
    for step in (lambda: None, page.print_now.click, lambda: printers.finish(False)):
        step()
        settle()
        for control in (page.print_now, page.back):
            assert control.visibleRegion().boundingRect().height() >= MIN_TOUCH
        places.append(
            [c.mapTo(kiosk.window, c.rect().topLeft()) for c in (page.print_now, page.back)]
        )
    assert places[0] == places[1] == places[2]
    assert kiosk.window.height() == 800


def test_with_no_printer_the_page_fits_at_200_percent_in_spanish(kiosk, printers, copy):
    kiosk.controller.set_language("es", rebuild=False)
    kiosk.controller.set_look(Look(2.0, high_contrast=False))
    open_print_page(kiosk, copy)
    settle()
    assert problems_on_screen(kiosk.window, "print page, no printer") == []
