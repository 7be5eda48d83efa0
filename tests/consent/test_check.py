"""`forms check` checks consent documents too: file, line and problem."""

from __future__ import annotations

import pytest

from intake_app.questionnaire.catalog import check_forms, load_form_file
from intake_app.questionnaire.source import FormFileError
from tests.consent.conftest import SHIPPED_CONSENT

GOOD = SHIPPED_CONSENT.read_text(encoding="utf-8")


def problems_after(tmp_path, old: str, new: str) -> tuple[int, list[str]]:
    assert old in GOOD, old
    path = tmp_path / "consent.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_form_file(path)
    line = GOOD[: GOOD.index(old)].count("\n") + 1
    return line, [str(p).split(":", 1)[1] for p in caught.value.problems]


def test_the_shipped_consent_passes_the_check():
    report = check_forms([SHIPPED_CONSENT])
    assert report.problems == [] and len(report.consents) == 1


def test_a_comprehension_answer_that_is_not_an_option(tmp_path):
    line, problems = problems_after(tmp_path, "correct: not_approved", "correct: not_aproved")
    assert problems == [f"{line}: 'not_aproved' is not one of the options"]


def test_an_unknown_placeholder_is_named(tmp_path):
    _, problems = problems_after(tmp_path, "The maker is {manufacturer}.", "The maker is {maker}.")
    assert any(p.endswith("unknown placeholder '{maker}'") for p in problems)


def test_text_too_hard_for_a_consent_is_refused(tmp_path):
    hard = (
        "Intra-articular administration of heterogeneous extracellular vesicle preparations "
        "demonstrated no statistically significant improvement in visual analogue scale "
        "measurements relative to normal saline administration."
    )
    _, problems = problems_after(tmp_path, "It may not help at all.", " ".join([hard] * 6))
    assert any("'benefits' reads at grade" in p for p in problems)
