"""The application log never holds patient data: a whole visit and every command, scanned.

The audit trail (in the database) keeps the record's history; the log (files,
the terminal, a log collector) must not carry a name, a birth date, an MRN or an
answer anywhere, including in the text of an error.
"""

from __future__ import annotations

import logging

import pytest

from intake_app.cli import main
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from tests.gui.test_consent_flow import (
    answer_comprehension,
    draw_with_mouse,
    read_all_sections,
    sign,
    talk_then_answer_again,
    to_consent,
)


def patient_words() -> set[str]:
    """What would identify the sample patient or say what they answered."""
    words = {
        SAMPLE_PATIENT.given_names,
        SAMPLE_PATIENT.family_name,
        SAMPLE_PATIENT.date_of_birth.isoformat(),
        str(SAMPLE_PATIENT.mrn),
        "Núñez",
    }
    words |= {
        value for value in SAMPLE_ANSWERS.values() if isinstance(value, str) and len(value) > 6
    }
    return words


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every record of every logger, as it would be written, with its exception text."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_a_whole_visit_and_the_commands_log_no_patient_data(
    kiosk, qtbot, caplog, tmp_path, monkeypatch
):
    monkeypatch.setenv("INTAKE_DATA_DIR", str(kiosk.services.settings.data_dir))
    caplog.set_level(logging.DEBUG)
    to_consent(kiosk)
    read_all_sections(kiosk, ask_about="risks")
    answer_comprehension(kiosk, wrong={"fda_approved": "approved_for_knees"}).go_on.click()
    talk_then_answer_again(kiosk)
    kiosk.screen.agree.click()
    screen = sign(kiosk, "María José Núñez García", lambda pad: draw_with_mouse(qtbot, pad))
    screen.sign.click()
    for command in (
        ["packet", "--sample", "--out", str(tmp_path / "out")],
        ["documents", "list"],
        ["documents", "make-missing"],
        ["audit", "verify"],
    ):
        main(command)
    text = logged(caplog)
    assert caplog.records, "the scan saw the app's log"
    for word in patient_words():
        assert word not in text, f"the log holds patient data: {word!r}"
