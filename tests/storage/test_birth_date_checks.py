"""Wrong dates of birth are counted from the audit trail, in a row, per intake."""

from __future__ import annotations

from intake_app.storage.birth_date_checks import (
    clear_birth_date_tries,
    record_birth_date_try,
    wrong_birth_dates,
)
from tests.storage.test_intakes import begin


def tries(database, intake, *matched: bool) -> int:
    with database.session() as session:
        wrong = 0
        for one in matched:
            wrong = record_birth_date_try(session, intake=intake, matched=one)
        return wrong


def test_wrong_dates_count_in_a_row_and_a_right_one_ends_the_row(database, mini_form):
    intake = begin(database, mini_form)
    assert tries(database, intake, False, False, False) == 3
    assert tries(database, intake, True) == 0
    assert tries(database, intake, False) == 1


def test_each_intake_has_its_own_count_and_staff_can_clear_it(database, mini_form):
    first, second = begin(database, mini_form), begin(database, mini_form)
    tries(database, first, False, False)
    with database.session() as session:
        assert wrong_birth_dates(session, intake_id=second.id) == 0
        clear_birth_date_tries(session, intake=first)
        assert wrong_birth_dates(session, intake_id=first.id) == 0
