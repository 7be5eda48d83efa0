"""The first administrator, as the set-up screen adds them: every field checked, then the
person with the admin role (and the nurse role when asked) and their tablet PIN."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from intake_app.staff.first_admin import (
    ADMIN_EXISTS,
    CLINIC_NAME,
    DISPLAY_NAME,
    PASSWORD,
    PASSWORD_AGAIN,
    PIN,
    PIN_AGAIN,
    USER_NAME,
    FirstAdmin,
    add_first_admin,
    clinic_name_of,
    longest_problems,
    problems_of,
)
from intake_app.staff.manage import needs_first_admin
from intake_app.staff.rules import AccountProblem
from intake_app.staff.sign_in import log_in, unlock_with_pin
from intake_app.storage.staff import UserNameTaken, all_staff
from tests.staff.conftest import PASSWORD as NURSE_PASSWORD

NOW = dt.datetime(2026, 11, 25, 14, 17, tzinfo=dt.UTC)
ANA = FirstAdmin(
    clinic_name="  Riverside Joint Clinic ",
    display_name="Ana López",
    user_name="ana",
    password="a long river walk",
    password_again="a long river walk",
    pin="1357",
    pin_again="1357",
    nurse=True,
)


def test_a_right_entry_has_no_problem_and_the_clinic_name_is_trimmed():
    assert problems_of(ANA) == {}
    assert clinic_name_of(ANA) == "Riverside Joint Clinic"


def test_every_field_says_its_own_problem_in_the_words_of_the_account_rules():
    blank = FirstAdmin("", "", "", "", "", "", "")
    assert problems_of(blank) == {
        CLINIC_NAME: "Type the clinic's name: it is printed at the top of every chart document.",
        DISPLAY_NAME: "The name is blank.",
        USER_NAME: "The user name is blank.",
        PASSWORD: "The password is too short: use at least 10 characters.",
        PIN: "The PIN must be 4 to 8 digits (0 to 9), nothing else.",
    }
    differ = dataclasses.replace(ANA, password_again="a long river wal", pin_again="1358")
    assert problems_of(differ) == {
        PASSWORD_AGAIN: "The two passwords differ: type the same password twice.",
        PIN_AGAIN: "The two PINs differ: type the same PIN twice.",
    }
    odd = dataclasses.replace(ANA, clinic_name="River\nside", password="ana", password_again="ana")
    assert problems_of(odd) == {
        CLINIC_NAME: (
            "The clinic's name must be one line, without control or invisible characters: "
            "type it again."
        ),
        PASSWORD: "The password is too short: use at least 10 characters.",
    }


def test_each_field_has_room_kept_for_every_problem_it_can_show():
    assert set(longest_problems()) == {
        CLINIC_NAME,
        DISPLAY_NAME,
        USER_NAME,
        PASSWORD,
        PASSWORD_AGAIN,
        PIN,
        PIN_AGAIN,
    }
    assert all(all(texts) for texts in longest_problems().values())


def test_the_first_administrator_is_added_with_their_pin_and_the_nurse_role_if_asked(database):
    with database.session() as session:
        assert needs_first_admin(session)
        add_first_admin(session, ANA)
    with database.session() as session:
        [ana] = all_staff(session)
        assert (ana.display_name, ana.roles) == ("Ana López", ["nurse", "admin"])
        assert not needs_first_admin(session)
        assert log_in(session, "ana", "a long river walk", NOW).ok
        assert unlock_with_pin(session, "ana", "1357", NOW).ok


def test_without_the_nurse_role_only_admin(database):
    with database.session() as session:
        add_first_admin(session, dataclasses.replace(ANA, nurse=False))
    with database.session() as session:
        assert [p.roles for p in all_staff(session)] == [["admin"]]


def test_no_second_first_administrator_and_no_user_name_twice(database):
    from intake_app.staff.manage import NewPerson, add_person

    with database.session() as session:  # a nurse added earlier, at the command line
        add_person(session, NewPerson("Ana Ruiz", "ana", ["nurse"], NURSE_PASSWORD), by=None)
    with database.session() as session, pytest.raises(UserNameTaken):
        add_first_admin(session, ANA)
    with database.session() as session:
        add_first_admin(session, dataclasses.replace(ANA, user_name="alopez"))
    with (
        database.session() as session,
        pytest.raises(AccountProblem, match=re.escape(ADMIN_EXISTS)),
    ):
        add_first_admin(session, dataclasses.replace(ANA, user_name="other"))
    with database.session() as session:
        assert [p.username for p in all_staff(session)] == ["alopez", "ana"]


def test_an_entry_that_breaks_a_rule_adds_nobody(database):
    with database.session() as session, pytest.raises(AccountProblem):
        add_first_admin(session, dataclasses.replace(ANA, pin="12", pin_again="12"))
    with database.session() as session:
        assert all_staff(session) == []
