"""What the chart says about the consent's steps, gathered from the signed record."""

from __future__ import annotations

from intake_app.chart.labels import for_staff
from intake_app.forms.catalog import FormCatalog
from intake_app.paths import shipped_forms_dir
from intake_app.services.document_content import _wrong_answers, local_time
from intake_app.storage.tables import ConsentRecord

FIRST_TALK, SECOND_TALK = "2026-11-25T16:05:00+00:00", "2026-11-25T16:09:00+00:00"


def test_each_wrong_answer_says_when_it_was_talked_over_the_second_too():
    consent = FormCatalog.from_folder(shipped_forms_dir()).consent()
    wrong = {"question": "fda_approved", "answer": "approved_for_knees", "correct": False}
    record = ConsentRecord(
        comprehension=[
            wrong | {"attempt": 1, "discussed_at": FIRST_TALK},
            wrong | {"attempt": 2, "discussed_at": SECOND_TALK},
            {"question": "fda_approved", "answer": "not_approved", "correct": True, "attempt": 3},
        ]
    )
    [line] = _wrong_answers(record, consent, for_staff("en"))
    assert line.count("talked over with staff at") == 2
    assert local_time(FIRST_TALK) in line and local_time(SECOND_TALK) in line
    assert line.index(local_time(FIRST_TALK)) < line.index(local_time(SECOND_TALK))
