"""A killed app loses no acknowledged answer.

A child process stores answers one at a time and reports each one once
``record_answer`` has returned; it is then killed with SIGKILL (no clean-up,
like a power cut for the process). Every reported answer must be in storage.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap

from intake_app.storage.db import Database
from intake_app.storage.intakes import intakes_in_progress, load_answers
from tests.conftest import MINI_FORM

ANSWERS = {
    "name": "Ana",
    "date_of_birth": "1985-06-15",
    "sex": "female",
    "pregnant": False,
    "target_joints": ["knee:left", "knee:right"],
    "pain_now": 6,
    "symptoms": ["swelling"],
    "height_ft": 5,
    "height_in": 2,
}

CHILD = textwrap.dedent(
    """
    import datetime as dt, json, sys, time
    from pathlib import Path
    from intake_app.forms.catalog import load_questionnaire
    from intake_app.storage.db import Database
    from intake_app.storage.intakes import record_answer, start_intake
    from intake_app.storage.patients import PatientDetails, find_or_create_patient

    url, form_path, answers = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
    form = load_questionnaire(form_path)
    db = Database(url)
    with db.session() as s:
        patient = find_or_create_patient(s, details=PatientDetails("Ana", "Ruiz", dt.date(1985, 6, 15)))
        intake = start_intake(s, patient=patient, questionnaire=form, language="en")
    for item_id, value in answers.items():
        with db.session() as s:
            record_answer(s, intake=intake, questionnaire=form, item_id=item_id, value=value,
                          today=dt.date(2026, 11, 25))
        print("ack", item_id, flush=True)
    print("all", flush=True)
    time.sleep(600)
    """
)


def test_every_acknowledged_answer_survives_a_kill(database):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, database.url, str(MINI_FORM), json.dumps(ANSWERS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = []
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("ack "):
            acknowledged.append(line.split()[1])
        if len(acknowledged) == 6 or line.startswith("all"):
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert len(acknowledged) == 6

    reopened = Database(database.url)
    with reopened.session() as session:
        [intake] = intakes_in_progress(session)
        stored = load_answers(session, intake_id=intake.id)
    reopened.dispose()
    for item_id in acknowledged:
        assert stored[item_id] == ANSWERS[item_id]
