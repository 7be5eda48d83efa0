"""The kiosk flow: locked -> staff -> hand-over -> questions -> review -> thank you.

The controller decides which screen shows and talks to the intake session;
screens only display and report. In patient mode the patient sees only their
own intake; leaving it needs the staff PIN.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from intake_app.chart.filing import make_chart_document
from intake_app.gui.answers.base import UnreadableAnswer
from intake_app.gui.app_services import AppServices
from intake_app.gui.background import Background
from intake_app.gui.consent_flow import ConsentFlow
from intake_app.gui.i18n import Translator
from intake_app.gui.idle import IdleWatcher
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.printing import PatientCopy
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.review import MissingLine, ReviewLine, ReviewScreen, ReviewSection
from intake_app.gui.screens.simple import HandOverScreen, ThankYouScreen
from intake_app.gui.screens.staff import FormChoice, HandOver, StaffScreen, UnfinishedIntake
from intake_app.gui.screens.wizard import QuestionPage, WizardScreen
from intake_app.gui.speech import Reader
from intake_app.gui.theme import Look, stylesheet
from intake_app.kiosk.idle import IdleTracker
from intake_app.kiosk.session import CONSENT_PAGE, REVIEW_PAGE, IntakeSession
from intake_app.kiosk.staff_pin import pin_matches
from intake_app.questionnaire.answers import localized
from intake_app.questionnaire.display import format_answer
from intake_app.storage.intakes import (
    IncompleteIntake,
    InvalidAnswer,
    end_intake,
    intakes_in_progress,
)
from intake_app.storage.tables import Intake, Patient

LOG = logging.getLogger(__name__)
MAX_PIN_TRIES = 5
PIN_LOCKOUT_SECONDS = 60


class KioskController(QObject):
    """Owns the window's screens and the current patient session."""

    def __init__(
        self,
        services: AppServices,
        window: KioskWindow,
        app: QApplication,
        *,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self.services = services
        self.window = window
        self.app = app
        self.clock = clock
        self.today = today
        self.look = Look()
        self.language = "en"
        self.session: IntakeSession | None = None
        self.from_review = False
        self.translator = Translator(app)
        self.idle = IdleWatcher(IdleTracker(services.idle_policy, clock), self)
        self.reader = Reader(parent=self)
        self.background = Background(self)
        self.last_document: Path | None = None
        self.consent = ConsentFlow(self, self.reader)
        app.installEventFilter(self.idle)
        self._wrong_pins: list[float] = []
        self._rebuild: Callable[[], None] = self.show_locked
        self._connect()

    def _connect(self) -> None:
        bar, prompt = self.window.patient_bar, self.window.idle_prompt
        bar.language_requested.connect(self.set_language)
        bar.larger_requested.connect(lambda: self.set_look(self.look.larger()))
        bar.smaller_requested.connect(lambda: self.set_look(self.look.smaller()))
        bar.contrast_requested.connect(lambda: self.set_look(self.look.toggled_contrast()))
        bar.pause_requested.connect(self._on_pause_requested)
        self.idle.warning.connect(prompt.show_seconds)
        self.idle.active.connect(prompt.hide)
        self.idle.locked.connect(self.pause)
        prompt.still_here.connect(prompt.hide)
        prompt.still_here.connect(self.idle.tracker.input_seen)

    # --- start-up and staff --------------------------------------------------------

    def start(self) -> None:
        """Open on the locked screen, or on the paused screen of an interrupted intake."""
        self.set_look(self.look)
        unfinished = self._unfinished()
        if unfinished:
            self.session = self._resume_session(unfinished[0])
            self.pause()
        else:
            self.show_locked()

    def show_locked(self) -> None:
        self._end_patient_mode()
        clinic = self.services.settings.clinic.clinic.name
        screen = LockedScreen(clinic, self.services.problems + self._setup_notices())
        screen.pin_entered.connect(
            lambda pin: self._check_pin(pin, screen.pin_rejected, self.show_staff)
        )
        self._show(screen, self.show_locked, patient_mode=False)

    def _setup_notices(self) -> list[str]:
        notices = []
        if not self.services.settings.clinic.is_configured:
            text = self.tr("For staff: enter the clinic's details in {path} and restart the app.")
            notices.append(text.format(path=self.services.settings.clinic_file))
        if not self.services.settings.clinic.kiosk.staff_pin_hash:
            notices.append(
                self.tr(
                    "For staff: set a staff PIN first with the command: intake-app set-staff-pin"
                )
            )
        return notices

    def _check_pin(
        self, pin: str, rejected: Callable[[str], None], accepted: Callable[[], None]
    ) -> None:
        now = self.clock()
        self._wrong_pins = [t for t in self._wrong_pins if now - t < PIN_LOCKOUT_SECONDS]
        if len(self._wrong_pins) >= MAX_PIN_TRIES:
            rejected(self.tr("Too many wrong PINs. Please wait one minute and try again."))
        elif pin_matches(self.services.settings.clinic.kiosk.staff_pin_hash, pin):
            self._wrong_pins.clear()
            accepted()
        else:
            self._wrong_pins.append(now)
            rejected(self.tr("That PIN is not right. Please try again."))

    def show_staff(self) -> None:
        self._end_patient_mode()
        self.session = None
        self.set_language("en", rebuild=False)
        screen = StaffScreen(self.form_choices(), self._unfinished_entries())
        screen.start_requested.connect(self.start_intake)
        screen.resume_requested.connect(self.resume_intake)
        screen.end_requested.connect(self.end_unfinished)
        screen.lock_requested.connect(self.show_locked)
        screen.quit_requested.connect(self.quit)
        self._show(screen, self.show_staff, patient_mode=False)

    def form_choices(self) -> list[FormChoice]:
        catalog = self.services.catalog
        if catalog is None:
            return []
        active = [q for q in catalog.all() if q.definition.status == "active"]
        return [
            FormChoice(q.form_id, q.version, localized(q.definition.title, "en")) for q in active
        ]

    def _unfinished(self) -> list[Intake]:
        with self.services.database.session() as session:
            return intakes_in_progress(session, device=self.services.device_id)

    def _unfinished_entries(self) -> list[UnfinishedIntake]:
        entries = []
        with self.services.database.session() as session:
            for intake in intakes_in_progress(session, device=self.services.device_id):
                patient = session.get(Patient, intake.patient_id)
                name = f"{patient.given_names} {patient.family_name}" if patient else "?"
                started = intake.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
                entries.append(UnfinishedIntake(intake.id, name, started))
        return entries

    def start_intake(self, hand_over: HandOver) -> None:
        assert self.services.catalog is not None
        questionnaire = self.services.catalog.get(hand_over.form.form_id, hand_over.form.version)
        self.session = IntakeSession.start(
            self.services.database,
            questionnaire,
            hand_over.patient,
            language=hand_over.language,
            device=self.services.device_id,
            today=self.today,
        )
        self.show_hand_over()

    def resume_intake(self, intake_id: str) -> None:
        intake = next((i for i in self._unfinished() if i.id == intake_id), None)
        if intake is not None:
            self.session = self._resume_session(intake)
            self.show_hand_over()

    def _resume_session(self, intake: Intake) -> IntakeSession:
        assert self.services.catalog is not None
        questionnaire = self.services.catalog.get(intake.form_id, intake.form_version)
        return IntakeSession.resume(self.services.database, questionnaire, intake, self.today)

    def end_unfinished(self, intake_id: str) -> None:
        with self.services.database.session() as session:
            intake = session.get(Intake, intake_id)
            if intake is not None and intake.status == "in_progress":
                end_intake(session, intake=intake, actor="staff")
        self.show_staff()

    def quit(self) -> None:
        self.window.may_close = True
        self.window.close()
        self.app.quit()

    # --- patient mode ----------------------------------------------------------------

    def show_hand_over(self) -> None:
        assert self.session is not None
        self.set_language(self.session.language, rebuild=False)
        screen = HandOverScreen(self.session.patient.given_names)
        screen.begin_requested.connect(self.begin)
        self._show(screen, self.show_hand_over, patient_mode=True)

    def begin(self) -> None:
        assert self.session is not None
        self.idle.start()
        self.go_to(self.session.resume_page())

    def go_to(self, page_id: str, *, from_review: bool | None = None) -> None:
        """Show one page of questions (or the review), and remember it for a restart."""
        assert self.session is not None
        if from_review is not None:
            self.from_review = from_review
        self.session.go_to(page_id)
        if page_id == REVIEW_PAGE:
            self.show_review()
            return
        if page_id == CONSENT_PAGE:
            if not self.consent.start():
                self.consent_done()
            return
        page = self.session.page(page_id)
        assert page is not None
        wizard = WizardScreen()
        question_page = QuestionPage(page, self.session.language)
        question_page.load(self.session.view, self.session.questionnaire)
        question_page.answer_given.connect(self._on_answer)
        pages = [p.id for p in self.session.pages()]
        step = pages.index(page_id) + 1 if page_id in pages else 1
        wizard.show_page(question_page, step, len(pages) + 1, from_review=self.from_review)
        wizard.next_requested.connect(self.next_page)
        wizard.back_requested.connect(self._on_back)
        wizard.review_requested.connect(lambda: self.go_to(REVIEW_PAGE))
        self._show(wizard, lambda: self.go_to(page_id), patient_mode=True)

    @property
    def wizard(self) -> WizardScreen | None:
        current = self.window.current
        return current if isinstance(current, WizardScreen) else None

    def _on_answer(self, item_id: str) -> None:
        wizard, session = self.wizard, self.session
        if wizard is None or wizard.page is None or session is None:
            return
        page = wizard.page
        try:
            value = page.read(item_id)
            if value != session.answers.get(item_id) or type(value) is not type(
                session.answers.get(item_id)
            ):
                session.answer(item_id, value)
        except (UnreadableAnswer, InvalidAnswer) as problem:
            page.views[item_id].show_problem(str(problem))
            return
        page.views[item_id].show_problem(None)
        page.refresh(session.view, session.questionnaire)

    def next_page(self) -> None:
        wizard, session = self.wizard, self.session
        if wizard is None or wizard.page is None or session is None:
            return
        page = wizard.page
        page.flush()
        problems = self._page_problems(page, session)
        missing = session.problems_on(page.page)
        for entry in missing:
            text = (
                entry.problem
                if entry.child_id is None
                else self.tr("Please answer the questions marked below.")
            )
            problems.setdefault(entry.item_id, text)
        if problems:
            focus = page.show_problems(problems, missing)
            if focus is not None:
                focus.setFocus()
                self._scroll_to(wizard, focus)
            return
        self.go_to(self._next_page_id(page.page.id))

    def _page_problems(self, page: QuestionPage, session: IntakeSession) -> dict[str, str]:
        problems: dict[str, str] = {}
        for item_id in page.shown_answerable():
            try:
                value = page.read(item_id)
                if value != session.answers.get(item_id):
                    session.answer(item_id, value)
            except (UnreadableAnswer, InvalidAnswer) as problem:
                problems[item_id] = str(problem)
        page.refresh(session.view, session.questionnaire)
        return problems

    @staticmethod
    def _scroll_to(wizard: WizardScreen, widget: QWidget) -> None:
        area = wizard.findChild(QScrollArea)
        if area is not None:
            area.ensureWidgetVisible(widget, 50, 120)

    def _next_page_id(self, page_id: str) -> str:
        assert self.session is not None
        pages = [p.id for p in self.session.pages()]
        if self.from_review or page_id not in pages or pages.index(page_id) == len(pages) - 1:
            return REVIEW_PAGE
        return pages[pages.index(page_id) + 1]

    def _on_back(self) -> None:
        wizard, session = self.wizard, self.session
        if wizard is None or wizard.page is None or session is None:
            return
        wizard.page.flush()
        pages = [p.id for p in session.pages()]
        current = wizard.page.page.id
        if current in pages and pages.index(current) > 0:
            self.go_to(pages[pages.index(current) - 1])

    def show_review(self) -> None:
        assert self.session is not None
        self.from_review = True
        screen = ReviewScreen(self._review_sections(), self._missing_lines())
        screen.edit_requested.connect(lambda page_id: self.go_to(page_id, from_review=True))
        screen.back_requested.connect(self._back_from_review)
        screen.confirmed.connect(self.finish)
        self._show(screen, self.show_review, patient_mode=True)

    def _back_from_review(self) -> None:
        if self.session is not None:
            self.go_to(self.session.pages()[-1].id, from_review=False)

    def _review_sections(self) -> list[ReviewSection]:
        assert self.session is not None
        session, language = self.session, self.session.language
        sections: dict[str, ReviewSection] = {}
        for page in session.pages():
            title = localized(page.section.title, language)
            section = sections.setdefault(page.section.id, ReviewSection(title, []))
            for item in page.items:
                if item.type == "display" or item.id not in session.view.visible_items:
                    continue
                answer = format_answer(item, session.answers.get(item.id), language)
                section.lines.append(ReviewLine(localized(item.text, language), answer, page.id))
        return list(sections.values())

    def _missing_lines(self) -> list[MissingLine]:
        assert self.session is not None
        session = self.session
        pages = {item.id: page.id for page in session.pages() for item in page.items}
        lines = []
        for entry in session.all_problems():
            question = localized(session.questionnaire.item(entry.item_id).text, session.language)
            lines.append(MissingLine(question, entry.problem, pages.get(entry.item_id, "")))
        return lines

    def finish(self) -> None:
        """The patient confirmed the answers: freeze them, then the consent."""
        assert self.session is not None
        try:
            self.session.complete()
        except IncompleteIntake:
            self.show_review()
            return
        self.go_to(CONSENT_PAGE)

    def consent_done(self, *, signed: bool = False) -> None:
        """Signed or refused: thank the patient, make the chart PDF in the background."""
        self.idle.stop()
        self.consent.progress = None
        screen = self._thank_you_screen()
        self._show(screen, self.show_thank_you, patient_mode=True)
        if signed and self.session is not None:
            screen.preparing()
            self._make_chart_document(self.session.intake.id)
        QTimer.singleShot(  # with the screen as context, the timer goes when the screen goes
            120_000,
            screen,
            lambda s=screen: self.show_locked() if self.window.current is s else None,
        )

    def show_patient_screen(self, screen: QWidget, rebuild: Callable[[], None]) -> None:
        self._show(screen, rebuild, patient_mode=True)

    def show_thank_you(self) -> None:
        screen = self._thank_you_screen()
        self._show(screen, self.show_thank_you, patient_mode=True)
        if self.last_document is not None:
            screen.copy_ready()

    def _thank_you_screen(self) -> ThankYouScreen:
        screen = ThankYouScreen()
        screen.done.connect(self.show_locked)
        screen.print_requested.connect(self._print_copy)
        return screen

    def _make_chart_document(self, intake_id: str) -> None:
        """Build, seal and file the chart PDF off the GUI thread."""
        services, today = self.services, self.today()
        self.last_document = None

        def work() -> Path:
            with services.database.session() as db:
                intake = db.get(Intake, intake_id)
                assert intake is not None and services.catalog is not None
                document = make_chart_document(
                    db,
                    intake=intake,
                    catalog=services.catalog,
                    settings=services.settings,
                    today=today,
                )
                return Path(document.path)

        self.background.run(work, self._chart_document_made, self._chart_document_failed)

    def _chart_document_made(self, path: Path) -> None:
        self.last_document = path
        screen = self.window.current
        if isinstance(screen, ThankYouScreen):
            screen.copy_ready()

    def _chart_document_failed(self, error: Exception) -> None:
        # No patient data in the log: only what kind of failure it was.
        LOG.error("chart document could not be made: %s", type(error).__name__)
        screen = self.window.current
        if isinstance(screen, ThankYouScreen):
            screen.copy_failed()

    def _print_copy(self) -> None:
        if self.last_document is not None:
            PatientCopy.ask(self.window, self.last_document)

    def _on_pause_requested(self) -> None:
        """The patient (or staff taking over) hides the answers; the PIN or birth date resumes."""
        if self.session is not None and not isinstance(self.window.current, PausedScreen):
            self.pause()

    def pause(self) -> None:
        """Idle lock or restart: hide every answer until the patient confirms who they are."""
        assert self.session is not None
        self.idle.stop()
        if self.wizard is not None and self.wizard.page is not None:
            self.wizard.page.flush()  # keep what was being typed
        self.set_language(self.session.language, rebuild=False)
        screen = PausedScreen(self.session.language)
        screen.birth_date_entered.connect(lambda day: self._confirm_birth_date(day, screen))
        screen.staff_pin_entered.connect(
            lambda pin: self._check_pin(pin, screen.pin_rejected, self.show_staff)
        )
        self._show(screen, self.pause, patient_mode=True)

    def _confirm_birth_date(self, day: dt.date, screen: PausedScreen) -> None:
        assert self.session is not None
        if self.session.birth_date_matches(day):
            self.begin()
        else:
            screen.show_problem(
                self.tr("That date does not match. Please try again, or ask the front desk.")
            )

    def _end_patient_mode(self) -> None:
        self.idle.stop()
        self.from_review = False

    # --- look and language -------------------------------------------------------------

    def set_look(self, look: Look) -> None:
        self.look = look
        self.app.setStyleSheet(stylesheet(look))
        self._update_bar()

    def set_language(self, language: str, *, rebuild: bool = True) -> None:
        """Switch the interface and the questions; every answer is kept."""
        self.language = language
        self.translator.use(language)
        if self.session is not None and self.session.language != language:
            self.session.switch_language(language)
            self.consent.relanguage(language)
        self._update_bar()
        if rebuild:
            self._rebuild()

    def _update_bar(self) -> None:
        clinic = self.services.settings.clinic.clinic.name
        self.window.patient_bar.show_state(clinic, self.language, self.look)

    def _show(self, screen: QWidget, rebuild: Callable[[], None], *, patient_mode: bool) -> None:
        self._rebuild = rebuild
        self.window.show_screen(screen, patient_mode=patient_mode)
