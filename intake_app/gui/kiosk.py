"""The kiosk: locked -> staff -> hand-over -> questions -> review -> consent -> thank you.

The controller owns the window, the current patient's session, the look and
language, the idle lock and the chart document; the staff desk, the questions
and the consent are flows it passes itself to. Screens only display and report.
In patient mode the patient sees only their own intake; leaving it needs a
member of staff's own user name and PIN (``staff_unlock``). The person who
unlocked is ``staff`` until the tablet goes back to a patient or to the locked
screen, which it does after ``[staff] idle_logout_minutes`` untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.gui.app_services import AppServices
from intake_app.gui.background import Background
from intake_app.gui.consent_flow import ConsentFlow
from intake_app.gui.document_flow import DocumentFlow
from intake_app.gui.first_run import FirstRun
from intake_app.gui.holds import Holds
from intake_app.gui.i18n import Translator
from intake_app.gui.identity_flow import IdentityFlow
from intake_app.gui.idle import IdleWatcher
from intake_app.gui.main_window import KioskWindow
from intake_app.gui.not_saved import Saving
from intake_app.gui.questions_flow import QuestionsFlow
from intake_app.gui.screens.locked import LockedScreen
from intake_app.gui.screens.paused import PausedScreen
from intake_app.gui.screens.pin_pad import PinPad
from intake_app.gui.screens.simple import ThankYouScreen
from intake_app.gui.speech import Reader
from intake_app.gui.staff_desk import StaffDesk
from intake_app.gui.staff_idle import StaffIdleLock
from intake_app.gui.staff_unlock import unlock
from intake_app.gui.theme import Look, stylesheet
from intake_app.gui.withdrawal_flow import WithdrawalFlow
from intake_app.kiosk.idle import IdleTracker
from intake_app.services.actor import Actor
from intake_app.services.birth_date import BirthDateCheck, BirthDateGuard
from intake_app.services.clock import utc_now
from intake_app.services.connection import DatabaseUnavailable
from intake_app.services.front_desk import interrupted_intake
from intake_app.services.intake_session import Intake, IntakeSession
from intake_app.services.permissions import Permission
from intake_app.services.tablet_unlock import someone_can_unlock
from intake_app.settings import consent_not_ready, consent_setup_notices

LOG = logging.getLogger(__name__)
# How a thank-you screen ends the visit (besides a signature).
MORE_TIME, WITHDRAWN, ENDED = "more_time", "withdrawn", "ended"


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
        self.staff: Actor | None = None  # the person who unlocked, while in staff mode
        self.now: Callable[[], dt.datetime] = utc_now  # wall clock, for "locked until"
        self.translator = Translator(app)
        self.idle = IdleWatcher(IdleTracker(services.idle_policy, clock), self)
        self.reader = Reader(parent=self)
        self.background = Background(self)
        self.saving = Saving(window.content, lambda: [window.screens, window.patient_bar], self)
        self.copies = DocumentFlow(self)
        self.holds = Holds(self)
        self.identity = IdentityFlow(self)
        self.consent = ConsentFlow(self, self.reader)
        self.questions = QuestionsFlow(self)
        self.desk = StaffDesk(self)
        self.withdrawal = WithdrawalFlow(self)
        self.first_run = FirstRun(self)
        app.installEventFilter(self.idle)
        logout = 60.0 * services.settings.clinic.staff.idle_logout_minutes
        self.staff_idle = StaffIdleLock(window.screens, logout, clock, self.show_locked, app)
        self._rebuild: Callable[[], object] = self.show_locked
        self._not_begun = False
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
        self.idle.locked.connect(self._on_idle_locked)
        prompt.still_here.connect(prompt.hide)
        prompt.still_here.connect(self.idle.tracker.input_seen)

    # --- start-up and staff --------------------------------------------------------

    def start(self) -> None:
        """Open on the set-up screen while no administrator exists (the first run), else on
        the locked screen, or on the paused screen of an interrupted intake."""
        self.set_look(self.look)
        device = self.services.device_id
        interrupted = interrupted_intake(self.services.database, device)
        if self.first_run.needed():
            self.first_run.show()
        elif interrupted is not None:  # back to the patient's own intake, behind the pause
            self.session = self.resume_session(interrupted, Actor.patient(interrupted.id, device))
            self.pause()
        else:
            self.show_locked()
        self.copies.make_missing()

    def show_locked(self) -> None:
        """The start screen, for whoever comes next: no patient, nobody signed in, the
        clinic's language, the usual text size and contrast."""
        self.end_patient_mode()
        self.session = None
        self.staff = None
        self.set_language("en", rebuild=False)
        self.usual_look()
        clinic = self.services.settings.clinic.clinic.name
        notices = self.services.problems + self.copies.notices + self._setup_notices()
        screen = LockedScreen(clinic, notices)
        screen.unlock_requested.connect(
            lambda user, pin: self.unlock(screen.pin_pad, user, pin, self.desk.show_staff)
        )
        self.show_screen(screen, self.show_locked, patient_mode=False)

    def _setup_notices(self) -> list[str]:
        notices = []
        if not self.services.settings.clinic.is_configured:
            text = self.tr("For staff: enter the clinic's details in {path} and restart the app.")
            notices.append(text.format(path=self.services.settings.clinic_file))
        consent = self.consent.document()
        if consent is not None:
            clinic, languages = self.services.settings.clinic, consent.definition.languages
            notices += consent_not_ready(clinic, languages)
            notices += consent_setup_notices(clinic, languages)
        if not someone_can_unlock(self.services.database):
            notices.append(
                self.tr(
                    "For staff: nobody can unlock this tablet yet. Give a person with the "
                    "nurse, clinician or records role a PIN: intake-app users set-pin USER"
                )
            )
        return notices

    def unlock(
        self,
        pad: PinPad,
        user_name: str,
        pin: str,
        accepted: Callable[[], None],
        needed: Permission = Permission.START_INTAKE,
    ) -> None:
        """A person's own user name and PIN: ``accepted()`` with ``staff`` set to them when
        their roles allow ``needed``; otherwise ``pad`` says why not."""
        actor = unlock(self.services, pad, user_name, pin, needed=needed, now=self.now())
        if actor is not None:
            self.staff = actor
            accepted()

    def consent_not_ready(self) -> list[str]:
        """What the clinic file must still say before a patient may begin (the consent would
        not name the product, its source, maker or price)."""
        consent = self.consent.document()
        if consent is None:
            return []
        return consent_not_ready(self.services.settings.clinic, consent.definition.languages)

    def resume_session(self, intake: Intake, by: Actor) -> IntakeSession:
        assert self.services.catalog is not None
        questionnaire = self.services.catalog.get(intake.form_id, intake.form_version)
        database = self.services.database
        return IntakeSession.resume(database, questionnaire, intake, by=by, today=self.today)

    def quit(self) -> None:
        self.window.may_close = True
        self.window.close()
        self.app.quit()

    # --- patient mode ----------------------------------------------------------------

    def show_hand_over(self) -> None:
        """The tablet goes to the patient: "Is this you?" with the registered name."""
        assert self.session is not None
        self.set_language(self.session.language, rebuild=False)
        self.identity.show_check()
        self.idle.start()
        self._not_begun = True  # an idle lock goes back to the locked start screen

    def begin(self) -> None:
        assert self.session is not None
        self._not_begun = False
        self.idle.start()
        self.questions.go_to(self.session.resume_page())

    def consent_done(
        self, *, signed: bool = False, more_time: bool = False, ended: bool = False
    ) -> None:
        """Signed or refused: thank the patient, make the chart PDF in the background.

        A patient who wants more time, or whose visit staff ended at a hold, is thanked
        too; the nurse follows up.
        """
        self.idle.stop()
        self.consent.progress = None
        self.copies.forget()
        ending = MORE_TIME if more_time else ENDED if ended else ""
        screen = self.show_thank_you(ending)
        if signed and self.session is not None:
            screen.preparing()
            self.copies.make_for_signing(self.session.intake.id, self.session.actor)

    def withdrawal_signed(self, record_id: str, patient: Actor) -> None:
        """A withdrawal was signed: thank the patient, file its sealed document."""
        self.copies.forget()
        self.show_thank_you(WITHDRAWN).preparing()
        self.copies.make_for_withdrawal(record_id, patient)

    def _lock_if_showing(self, screen: QWidget) -> None:
        if self.window.current is screen:
            self.show_locked()

    def show_patient_screen(self, screen: QWidget, rebuild: Callable[[], object]) -> None:
        self.show_screen(screen, rebuild, patient_mode=True)

    def show_thank_you(self, ending: str = "") -> ThankYouScreen:
        """The thank-you screen (rebuilt the same after a language switch); it locks itself
        after two minutes. ``ending``: MORE_TIME or WITHDRAWN change what it says."""
        screen = ThankYouScreen()
        screen.done.connect(self.show_locked)
        screen.print_requested.connect(lambda: self.copies.print_copy(self._rebuild))
        if ending == MORE_TIME:
            screen.more_time()
        elif ending == WITHDRAWN:
            screen.withdrawn()
        elif ending == ENDED:
            screen.visit_ended()
        self.show_screen(screen, lambda: self.show_thank_you(ending), patient_mode=True)
        if self.copies.last_document is not None:
            screen.copy_ready()
        # The screen owns the timer: a screen already replaced never locks the tablet later.
        QTimer.singleShot(120_000, screen, lambda: self._lock_if_showing(screen))
        return screen

    def _on_pause_requested(self) -> None:
        """The patient (or staff taking over) hides the answers; the birth date, or staff with
        their own PIN, go on."""
        if self.session is None:
            self.show_locked()  # a withdrawal not yet signed: nothing is stored
        elif not isinstance(self.window.current, PausedScreen):
            self.pause()

    def _on_idle_locked(self) -> None:
        """A hand-over nobody began ("Is this you?" or its hold for staff) goes back to the
        locked start screen (staff resume it from the unfinished list); a patient's answers
        go behind the paused screen."""
        if self._not_begun or self.session is None:  # or a withdrawal not yet signed
            self.show_locked()
        else:
            self.pause()

    def pause(self) -> None:
        """Idle lock or restart: hide every answer until the patient confirms who they are."""
        assert self.session is not None
        self.idle.stop()
        not_saved = self.saving.forget()  # a step still waiting for the database
        self._flush_page()
        self.set_language(self.session.language, rebuild=False)
        screen = PausedScreen(self.session.language)
        screen.birth_date_entered.connect(lambda day: self._confirm_birth_date(day, screen))
        screen.unlock_requested.connect(
            lambda user, pin: self.unlock(screen.pin_pad, user, pin, self.desk.show_staff)
        )
        try:
            if BirthDateGuard(self.session).locked_out():
                screen.lock_out()
        except DatabaseUnavailable:  # asked again when a date is entered
            not_saved = True
        self.show_screen(screen, self.pause, patient_mode=True)
        if not_saved:
            screen.went_wrong(connection_lost=True)

    def recover(self, *, connection_lost: bool = False) -> None:
        """After an unexpected error: the patient's answers are saved; start again safely.
        ``connection_lost``: the step under way could not be stored (the database is out
        of reach); the paused screen says so, and the step is asked again on going on."""
        if self.session is None:
            self.show_locked()
            return
        self.pause()
        screen = self.window.current
        if isinstance(screen, PausedScreen):
            screen.went_wrong(connection_lost=connection_lost)

    def _confirm_birth_date(self, day: dt.date, screen: PausedScreen) -> None:
        assert self.session is not None
        try:
            checked = BirthDateGuard(self.session).check(day)
        except DatabaseUnavailable:
            screen.went_wrong(connection_lost=True)
            return
        if checked is BirthDateCheck.MATCHED and not self.session.identity_confirmed:
            self.show_hand_over()  # "Is this you?" was never answered: it comes first
        elif checked is BirthDateCheck.MATCHED:
            self.begin()
        elif checked is BirthDateCheck.LOCKED_OUT:
            screen.lock_out()
        else:
            screen.date_did_not_match()

    def end_patient_mode(self) -> None:
        self.idle.stop()
        self.copies.forget()
        self.questions.forget()

    # --- look and language -------------------------------------------------------------

    def usual_look(self) -> None:
        """Back to the usual text size and contrast: the last patient's were theirs."""
        if self.look != Look():
            self.set_look(Look())

    def set_look(self, look: Look) -> None:
        self.look = look
        self.questions.drop_hidden_pages()  # built again later, rather than restyled now
        self.app.setStyleSheet(stylesheet(look))
        self._update_bar()

    def set_language(self, language: str, *, rebuild: bool = True) -> None:
        """Switch the interface and the questions; every answer is kept. The patient's
        language is stored first (it is theirs on a restart too)."""
        self._flush_page()  # the page is rebuilt: keep what was being typed
        session = self.session
        if session is not None and session.language != language:
            self.saving.store(
                lambda: session.switch_language(language),
                lambda: self._use_language(language, rebuild, consent=True),
            )
        else:
            self._use_language(language, rebuild)

    def _use_language(self, language: str, rebuild: bool, *, consent: bool = False) -> None:
        if language != self.language:
            self.questions.drop_hidden_pages()  # built again later, rather than translated now
        self.language = language
        self.translator.use(language)
        if consent:
            self.consent.relanguage(language)
        self._update_bar()
        if rebuild:
            self._rebuild()

    def _flush_page(self) -> None:
        wizard = self.questions.wizard
        if wizard is not None and wizard.page is not None:
            wizard.page.flush()

    def _update_bar(self) -> None:
        clinic = self.services.settings.clinic.clinic.name
        self.window.patient_bar.show_state(clinic, self.language, self.look)

    def show_screen(
        self, screen: QWidget, rebuild: Callable[[], object], *, patient_mode: bool
    ) -> None:
        """Show ``screen``; a patient's screen ends staff mode (the tablet is theirs now)."""
        if patient_mode:
            self.staff = None
        self.saving.forget()  # a step not stored yet is asked again when its screen is
        self._rebuild = rebuild
        self.window.show_screen(screen, patient_mode=patient_mode)
