"""Logging in with a password, unlocking a tablet with a PIN, and the lock-out."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher
from sqlmodel import col, select

from intake_app.settings import StaffSettings
from intake_app.staff.manage import deactivate, set_pin
from intake_app.staff.sign_in import Refusal, SignIn, log_in, unlock_with_pin
from intake_app.storage.staff import staff_by_user_name
from intake_app.storage.tables import AuditEvent
from tests.staff.conftest import PASSWORD

# 14:17 on the station's own clock: the lock-out ends at 14:32 there.
NOW = dt.datetime(2026, 11, 25, 14, 17).astimezone()
WRONG_PASSWORD = "The user name or the password is wrong."
GUESS = "guessing 12345"  # a wrong password
LOCKED = "This account is locked until 14:32 after too many wrong tries in a row."


def attempt(database, user_name: str, password: str, now=NOW, **rules) -> SignIn:
    """One try at a station: its own transaction, committed whatever the result."""
    with database.session() as session:
        result = log_in(session, user_name, password, now, rules=StaffSettings(**rules))
        session.commit()
    return result


def unlock(database, user_name: str, pin: str, now=NOW) -> SignIn:
    with database.session() as session:
        result = unlock_with_pin(session, user_name, pin, now)
        session.commit()
    return result


def give_pin(database, user_name: str, pin: str) -> None:
    with database.session() as session:
        set_pin(session, staff_by_user_name(session, user_name), pin, by=None)
        session.commit()


def test_the_right_password_lets_the_person_in_whatever_the_user_names_case(database, ana):
    result = attempt(database, " ANA ", PASSWORD)

    assert result.ok and result.refusal is None and result.message == ""
    assert result.person.id == ana.id and result.person.display_name == "Ana López"


def test_five_wrong_passwords_lock_the_account_until_the_time_it_says(database, ana):
    for _ in range(4):
        assert attempt(database, "ana", GUESS).message == WRONG_PASSWORD

    fifth = attempt(database, "ana", GUESS)
    assert fifth.refusal is Refusal.LOCKED
    assert fifth.message == (
        f"{WRONG_PASSWORD} After 5 wrong tries in a row, the account is locked until 14:32."
    )

    sixth = attempt(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=1))
    assert not sixth.ok and sixth.refusal is Refusal.LOCKED
    assert sixth.message.startswith(LOCKED)
    assert not attempt(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=14, seconds=59)).ok

    assert attempt(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=15)).ok


def test_after_a_lock_out_the_count_starts_again(database, ana):
    for _ in range(5):
        attempt(database, "ana", GUESS)
    later = NOW + dt.timedelta(minutes=15)

    assert attempt(database, "ana", GUESS, later).refusal is Refusal.WRONG
    assert attempt(database, "ana", PASSWORD, later).ok


def test_a_right_password_ends_the_run_of_wrong_ones(database, ana):
    for _ in range(4):
        attempt(database, "ana", GUESS)
    assert attempt(database, "ana", PASSWORD).ok
    for _ in range(4):
        assert attempt(database, "ana", GUESS).refusal is Refusal.WRONG

    assert attempt(database, "ana", PASSWORD).ok


def test_the_clinic_file_sets_how_many_tries_lock_and_for_how_long(database, ana):
    rules = {"failed_tries_to_lock": 3, "lock_minutes": 2}
    for _ in range(2):
        assert attempt(database, "ana", GUESS, **rules).refusal is Refusal.WRONG
    third = attempt(database, "ana", GUESS, **rules)

    assert third.refusal is Refusal.LOCKED and third.message.endswith("locked until 14:19.")
    assert third.locked_until == NOW + dt.timedelta(minutes=2)
    assert attempt(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=2), **rules).ok


def test_a_lock_that_ends_within_a_minute_is_told_rounded_up(database, ana):
    start = NOW + dt.timedelta(seconds=20)
    for _ in range(5):
        result = attempt(database, "ana", GUESS, start)

    assert result.message.endswith("locked until 14:33.")


def test_a_wrong_password_and_an_unknown_user_name_get_the_same_words(database, ana):
    wrong_password = attempt(database, "ana", "not her password")
    unknown_user = attempt(database, "nobody", "not her password")

    assert wrong_password.message == unknown_user.message == WRONG_PASSWORD
    assert wrong_password.refusal is unknown_user.refusal is Refusal.WRONG


def test_a_deactivated_person_cannot_log_in(database, ana):
    with database.session() as session:
        deactivate(session, ana, by=None)
        session.commit()

    refused = attempt(database, "ana", PASSWORD)
    assert not refused.ok and refused.refusal is Refusal.INACTIVE
    assert refused.message == "This account is deactivated: an administrator can reactivate it."
    assert attempt(database, "ana", GUESS).message == WRONG_PASSWORD


def test_a_pin_unlocks_the_tablet_but_is_never_a_password(database, ana):
    give_pin(database, "ana", "2468")

    unlocked = unlock(database, "ana", "2468")
    assert unlocked.ok and unlocked.person.id == ana.id

    as_password = attempt(database, "ana", "2468")
    assert not as_password.ok and as_password.message == WRONG_PASSWORD
    assert not unlock(database, "ana", PASSWORD).ok, "nor is a password a PIN"


def test_a_wrong_pin_an_unknown_user_and_a_person_without_a_pin_get_the_same_words(database, ana):
    words = "The user name or the PIN is wrong."
    assert unlock(database, "ana", "2468").message == words  # no PIN set yet
    give_pin(database, "ana", "2468")

    assert unlock(database, "ana", "1357").message == words
    assert unlock(database, "nobody", "2468").message == words


def test_wrong_pins_count_towards_the_same_lock_out(database, ana):
    give_pin(database, "ana", "2468")
    for _ in range(3):
        unlock(database, "ana", "1111")
    attempt(database, "ana", GUESS)
    fifth = unlock(database, "ana", "1111")

    assert fifth.refusal is Refusal.LOCKED
    assert unlock(database, "ana", "2468").refusal is Refusal.LOCKED
    assert attempt(database, "ana", PASSWORD).refusal is Refusal.LOCKED


def test_a_hash_made_with_older_parameters_is_remade_at_log_in(
    database, ana, real_password_hashing
):
    weaker = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    with database.session() as session:
        person = staff_by_user_name(session, "ana")
        person.password_hash = weaker.hash(PASSWORD)
        session.commit()

    assert attempt(database, "ana", PASSWORD).ok

    with database.session() as session:
        kept = staff_by_user_name(session, "ana").password_hash
    assert not PasswordHasher().check_needs_rehash(kept)
    assert PasswordHasher().verify(kept, PASSWORD)


def test_the_time_of_a_log_in_must_say_its_time_zone(database, ana):
    with database.session() as session, pytest.raises(ValueError, match="timezone-aware"):
        log_in(session, "ana", PASSWORD, dt.datetime(2026, 11, 25, 14, 17))


def test_every_try_is_in_the_audit_trail_and_no_password_is(database, ana):
    for _ in range(5):
        attempt(database, "ana", GUESS)
    attempt(database, "nobody", "typed in the wrong field")
    attempt(database, "ana", PASSWORD, NOW + dt.timedelta(minutes=15))

    with database.session() as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.sequence))).all()
    tries = [(e.action, e.actor, e.detail) for e in events if e.action != "staff_added"]
    failed = {"staff_user_id": ana.id, "via": "password", "reason": "wrong password"}
    assert tries[:4] == [
        ("staff_login_failed", "system", {**failed, "failed_tries": n}) for n in (1, 2, 3, 4)
    ]
    assert tries[5][:2] == ("staff_locked_out", "system")
    assert tries[5][2]["failed_tries"] == 5
    assert dt.datetime.fromisoformat(tries[5][2]["locked_until"]) == NOW + dt.timedelta(minutes=15)
    assert tries[6] == (
        "staff_login_failed",
        "system",
        {"staff_user_id": None, "via": "password", "reason": "no such user name"},
    )
    assert tries[7] == (
        "staff_logged_in",
        f"staff:{ana.id}",
        {"staff_user_id": ana.id, "via": "password"},
    )
    trail = json.dumps([e.model_dump(mode="json") for e in events])
    assert PASSWORD not in trail and GUESS not in trail
    assert "typed in the wrong field" not in trail and "$argon2" not in trail
