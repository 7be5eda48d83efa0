"""One patient's visit as the tablet makes it, for the kill test (``test_crash_kill``).

Run as ``python -m tests.services.crash_visit STAFF_ID MRN`` with the data folder, the
clinic file and the database named in the environment (``INTAKE_DATA_DIR``,
``INTAKE_CLINIC_FILE``, ``INTAKE_DATABASE_URL``). It calls the services the screens
call, in the tablet's order: staff hand the tablet over (``IntakeSession.start``), the
patient answers each question, confirms, takes each consent step (each one its own
transaction, as ``gui.consent_flow`` stores them), signs, and the app seals the chart
document and the patient's copy (``Documents.for_signing``, as ``gui.document_flow``).

Each step is printed on one line once its call has returned, that is once the screen
would have moved on; the test kills this process at any moment (or it kills itself
at a moment named by ``CRASH_VISIT_KILL_AT``, see ``kill_at``) and then checks that
everything printed is stored:

    intake ID | answer ITEM JSON | confirmed | acknowledged SECTION | question SECTION |
    comprehension QUESTION VALUE | released HOLD | signed RECORD |
    documents CHART COPY | done
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import signal
import sys
from typing import Any

from intake_app.commands.packet import _sample_input, _signed
from intake_app.commands.packet_consent import replay
from intake_app.commands.packet_input import Plan, check_input
from intake_app.consent.document import show_consent
from intake_app.consent.model import ComprehensionQuestion
from intake_app.consent.progress import Acknowledgment, ConsentProgress, HoldRelease
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.consenting import Consenting
from intake_app.services.documents import Documents
from intake_app.services.intake_session import IntakeSession
from intake_app.services.this_machine import open_database
from intake_app.settings import load_settings
from intake_app.staff.rules import Role

TODAY = dt.date(2026, 11, 25)
DEVICE = "tablet-1"


def said(*words: object) -> None:
    """The step is acknowledged: its call returned (one line, written whole)."""
    sys.stdout.write(" ".join(str(word) for word in words) + "\n")
    sys.stdout.flush()


class EachStepStored:
    """Stores each consent step in a transaction of its own, as the tablet does, and says
    so once it is stored."""

    def __init__(self, consenting: Consenting, progress: ConsentProgress, nurse: Actor) -> None:
        self.consenting, self.progress, self.nurse = consenting, progress, nurse

    def acknowledged(self, section_id: str, ack: Acknowledgment) -> None:
        with self.consenting.step(self.progress) as steps:
            steps.acknowledged(section_id, ack)
        said("acknowledged", section_id)

    def question(self, section_id: str, at: dt.datetime) -> None:
        with self.consenting.step(self.progress) as steps:
            steps.question(section_id, at)
        said("question", section_id)

    def answered(self, question: ComprehensionQuestion, value: str) -> None:
        with self.consenting.step(self.progress) as steps:
            steps.answered(question, value)
        said("comprehension", question.id, value)

    def released(self, release: HoldRelease) -> None:
        with self.consenting.step(self.progress, by=self.nurse) as steps:
            steps.released(release)
        said("released", release.hold)


def visit_plan(catalog: FormCatalog, mrn: str) -> Plan:
    """The sample visit of ``packet --sample``, for a patient with this MRN."""
    data: dict[str, Any] = _sample_input(catalog)
    data["patient"]["mrn"] = mrn
    settings = load_settings()
    problems, plan = check_input(
        data, catalog, today=TODAY, witness_required=False, clinic=settings.clinic
    )
    assert plan is not None and not problems, problems
    return plan


def kill_at(point: str) -> None:
    """Die by SIGKILL at a chosen moment: ``module:function:before|after:N`` is just
    before or after the N-th call of that function (looked up in that module)."""
    module_name, name, when, nth = point.split(":")
    module = importlib.import_module(module_name)
    original, calls = getattr(module, name), 0

    def dying(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if when == "before" and calls == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if when == "after" and calls == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(module, name, dying)


def main(staff_id: str, mrn: str) -> None:
    if point := os.environ.get("CRASH_VISIT_KILL_AT"):
        kill_at(point)
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir, settings.clinic.form_values())
    plan = visit_plan(catalog, mrn)
    database = open_database(settings)
    nurse = Actor.staff(staff_id, "Rosa Díaz", frozenset({Role.NURSE}), DEVICE)
    session = IntakeSession.start(
        database, plan.questionnaire, plan.patient, language=plan.language, by=nurse,
        device=DEVICE, today=lambda: TODAY,
    )  # fmt: skip
    said("intake", session.intake.id)
    for item_id, value in plan.answers.items():
        session.answer(item_id, value)
        said("answer", item_id, json.dumps(value))
    session.complete()
    said("confirmed")
    consenting = Consenting(database, session.intake, session.actor)
    shown = show_consent(plan.consent, plan.language, settings.clinic)
    progress = consenting.progress(plan.questionnaire, plan.consent, shown)
    recorder = EachStepStored(consenting, progress, nurse)
    problems = replay(progress, plan.consent_input, plan.patient, recorder=recorder)
    assert not problems, problems
    signed = _signed(plan.consent_input)
    progress.decision = signed.decision
    with consenting.step(progress) as steps:
        record = steps.signed(signed.decision, signed.signature, signed.witness)
    said("signed", record.id)
    documents = Documents(database, settings, catalog, Actor.system(DEVICE))
    made = documents.for_signing(session.intake.id, today=TODAY)
    said("documents", made.chart.id, made.copy.id)
    said("done")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
