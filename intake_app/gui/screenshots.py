"""``intake-app screenshots OUT_DIR``: every patient screen as a PNG, no display needed.

Each screen is rendered at 1280x800 in English and Spanish, normal and high
contrast, 100% and 200% text, with a made-up patient's answers, in a throw-away
data folder (nothing touches the clinic's data).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

WINDOW_SIZE = (1280, 800)
TALL_SIZE_ENV = (
    "INTAKE_SCREENSHOT_HEIGHT"  # a taller window shows whole pages when checking layouts
)
SCREENSHOT_DAY = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Variant:
    language: str
    high_contrast: bool
    scale: float

    @property
    def name(self) -> str:
        contrast = "contrast" if self.high_contrast else "normal"
        return f"{self.language}-{contrast}-{round(self.scale * 100)}"


VARIANTS = [
    Variant(language, contrast, scale)
    for language in ("en", "es")
    for contrast in (False, True)
    for scale in (1.0, 2.0)
]


SAMPLE_CLINIC = """\
[clinic]
name = "Riverside Joint Clinic"
phone = "(555) 010-0100"

[product]
name = "EV-Knee"
source = { en = "donated placental tissue", es = "tejido de placenta donado" }
manufacturer = "Acme Biologics"
price_usd = 2500
"""


def render_all(out_dir: Path) -> int:
    """Render every variant; print how many files were written."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="intake-screens-") as data:
        count = _render(out_dir, Path(data))
    print(f"{count} screenshots written to {out_dir}")
    return 0


def _render(out_dir: Path, data_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from intake_app.gui.app import build_kiosk
    from intake_app.gui.app_services import build_services
    from intake_app.settings import load_settings

    env = dict(os.environ) | {"INTAKE_DATA_DIR": str(data_dir)}
    env.pop("INTAKE_DATABASE_URL", None)
    env.pop("INTAKE_CLINIC_FILE", None)
    settings = load_settings(env)
    settings.clinic_file.parent.mkdir(parents=True, exist_ok=True)
    settings.clinic_file.write_text(SAMPLE_CLINIC, encoding="utf-8")
    services = build_services(load_settings(env))
    _add_nurse(services.database)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    window, controller = build_kiosk(services, app, today=lambda: SCREENSHOT_DAY)
    window.resize(WINDOW_SIZE[0], int(os.environ.get(TALL_SIZE_ENV, WINDOW_SIZE[1])))
    window.show()
    count = 0
    for variant in VARIANTS:
        for index, (name, show) in enumerate(_screens(controller, variant)):
            show()
            _settle(app)
            window.grab().save(str(out_dir / f"{variant.name}-{index:02d}-{name}.png"))
            count += 1
    services.database.dispose()
    return count


def _add_nurse(database: object) -> None:
    """A made-up nurse with a PIN, as a clinic has: no notice that nobody can unlock."""
    from intake_app.services.actor import Actor
    from intake_app.services.people import NewPerson, People
    from intake_app.services.this_machine import Database

    assert isinstance(database, Database)
    people = People(database, Actor.console())  # as the clinic adds its people
    people.add(NewPerson("Rosa Díaz", "rosa", ["nurse"], "made-up screenshot nurse"))
    people.set_pin("rosa", "2468")


def _show_staff(controller: object) -> None:
    """The staff screen, as the made-up nurse sees it after unlocking with her PIN."""
    from intake_app.gui.kiosk import KioskController
    from intake_app.services.clock import utc_now
    from intake_app.services.permissions import Permission
    from intake_app.services.tablet_unlock import unlock_tablet

    assert isinstance(controller, KioskController)
    services = controller.services
    unlocked = unlock_tablet(
        services.database,
        "rosa",
        "2468",
        needed=Permission.START_INTAKE,
        now=utc_now(),
        rules=services.settings.clinic.staff,
        device=services.device_id,
    )
    controller.staff = unlocked.actor
    controller.desk.show_staff()


def _settle(app: object) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _screens(controller: object, variant: Variant) -> Iterator[tuple[str, Callable[[], None]]]:
    """Each screen of the patient flow, as a name and a step that shows it."""
    from intake_app.gui.kiosk import KioskController
    from intake_app.gui.screens.staff import FormChoice, HandOver
    from intake_app.gui.theme import Look
    from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT

    assert isinstance(controller, KioskController)
    look = Look(variant.scale, variant.high_contrast)

    def locked() -> None:
        controller.show_locked()
        controller.set_look(look)

    def start() -> None:
        form = controller.desk.form_choices()[0]
        hand_over = HandOver(
            SAMPLE_PATIENT, variant.language, FormChoice(form.form_id, form.version, form.title)
        )
        controller.desk.start_intake(hand_over)

    yield "locked", locked
    yield "staff", lambda: _show_staff(controller)
    yield "hand-over", start
    yield "identity-hold", controller.identity.show_hold

    def empty_page_problems() -> None:
        assert controller.session is not None
        controller.begin()
        controller.questions.go_to(controller.session.pages()[0].id)
        controller.session.answer("phone", None)
        controller.questions.go_to(controller.session.pages()[0].id)
        controller.questions.next_page()

    yield "question-problems", empty_page_problems

    preferred = {"en": "english", "es": "spanish"}.get(variant.language, "other")
    answers = SAMPLE_ANSWERS | {"preferred_language": preferred}  # no hold before the consent

    def fill() -> None:
        assert controller.session is not None
        for item_id, value in answers.items():
            controller.session.answer(item_id, value)

    fill_done = False
    for page_id in _page_ids(controller):

        def show(page_id: str = page_id) -> None:
            nonlocal fill_done
            if not fill_done:
                fill()
                fill_done = True
            controller.questions.go_to(page_id, from_review=False)

        yield f"page-{page_id}", show
    yield "review", controller.questions.show_review

    def idle_prompt() -> None:
        controller.questions.go_to(_page_ids(controller)[0], from_review=False)
        controller.window.idle_prompt.show_seconds(24)

    yield "idle-prompt", idle_prompt
    yield "paused", controller.pause
    yield "consent", controller.questions.finish
    yield from _consent_screens(controller)
    yield "thank-you", controller.consent_done


def _consent_screens(controller: object) -> Iterator[tuple[str, Callable[[], None]]]:
    from intake_app.consent.progress import BEFORE_CONSENT, BEFORE_DECISION
    from intake_app.gui.kiosk import KioskController
    from intake_app.gui.screens.consent import ComprehensionScreen

    assert isinstance(controller, KioskController)
    flow = controller.consent
    document = flow.document()
    count = len(document.definition.sections) if document is not None else 0

    def section(index: int) -> Callable[[], None]:
        return lambda: flow.show_section(index)

    for index in range(1, count):
        yield f"consent-{index + 1:02d}", section(index)

    def comprehension_checked() -> None:
        flow.show_comprehension()
        screen = controller.window.current
        assert isinstance(screen, ComprehensionScreen)
        for number, question in enumerate(screen.questions):
            wrong = next(o.value for o in question.options if o.value != question.correct)
            screen.choices[question.id][question.correct if number else wrong].click()
        screen.check.click()

    def signature() -> None:
        from intake_app.chart.ink import sample_strokes
        from intake_app.gui.screens.signature import SignatureScreen

        assert flow.progress is not None
        flow.progress.decision = "agree"
        flow.signing.show_signature()
        screen = controller.window.current
        assert isinstance(screen, SignatureScreen)
        assert controller.session is not None
        screen.name.setText(controller.session.patient.given_names)
        screen.pad.strokes = sample_strokes()
        screen.pad.update()

    yield "comprehension", comprehension_checked
    yield "talk-with-the-nurse", flow.show_discussion
    yield "hold-before-decision", lambda: flow.show_hold(BEFORE_DECISION)
    yield "hold-before-consent", lambda: flow.show_hold(BEFORE_CONSENT)
    yield "decision", flow.show_decision
    yield "signature", signature


def _page_ids(controller: object) -> list[str]:
    from intake_app.gui.kiosk import KioskController
    from intake_app.kiosk.pages import visible_pages
    from intake_app.kiosk.sample import SAMPLE_ANSWERS
    from intake_app.questionnaire.calculations import IntakeFacts
    from intake_app.questionnaire.visibility import resolve

    assert isinstance(controller, KioskController) and controller.session is not None
    session = controller.session
    facts = IntakeFacts(session.patient.date_of_birth, session.language)
    view = resolve(session.questionnaire, session.answers | SAMPLE_ANSWERS, SCREENSHOT_DAY, facts)
    return [page.id for page in visible_pages(session.questionnaire, view)]
