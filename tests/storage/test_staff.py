"""Staff accounts in the database: one account per user name in any case, a wrong-try
count every station shares, and no account is ever deleted."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from intake_app.storage import staff as staff_storage
from intake_app.storage.staff import (
    UserNameTaken,
    add_staff,
    clear_wrong_tries,
    count_wrong_try,
    staff_by_user_name,
)
from intake_app.storage.tables import Patient, StaffKept, StaffUser

NOW = dt.datetime(2026, 11, 25, 14, 17, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=15)
A_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def person(user_name: str = "ana") -> StaffUser:
    return StaffUser(
        username=user_name, display_name="Ana López", roles=["nurse"], password_hash=A_HASH
    )


def stored(database, user_name: str = "ana") -> StaffUser:
    with database.session() as session:
        kept = add_staff(session, person(user_name))
        session.commit()
    return kept


def test_the_database_refuses_a_second_account_with_the_same_user_name_in_any_case(database):
    stored(database, "Ana")

    with database.session() as session:
        session.add(person("ANA"))  # straight to the database, past add_staff's own check
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_a_user_name_is_found_trimmed_and_in_any_case_in_any_script(database):
    stored(database, "Ñandú")

    with database.session() as session:
        assert staff_by_user_name(session, "  ñANDÚ ").username == "Ñandú"
        assert staff_by_user_name(session, "nandu") is None


def test_a_user_name_another_station_stored_a_moment_ago_undoes_only_the_new_account(
    database, monkeypatch
):
    stored(database, "ana")
    looked_up = staff_storage.staff_by_user_name
    lookups: list[str] = []

    def lookup(session, user_name):  # the first look-up came before the other station's insert
        lookups.append(user_name)
        return None if len(lookups) == 1 else looked_up(session, user_name)

    monkeypatch.setattr(staff_storage, "staff_by_user_name", lookup)
    with database.session() as session:
        session.add(
            Patient(given_names="Eve", family_name="Ray", date_of_birth=dt.date(1990, 1, 1))
        )
        session.flush()
        with pytest.raises(UserNameTaken, match='"Ana" is taken'):
            add_staff(session, person("Ana"))
        assert len(lookups) == 2, "the database refused it; the second look-up says why"
        session.commit()

    with database.session() as session:
        assert len(session.exec(select(Patient)).all()) == 1, "the caller's work is kept"
        assert len(session.exec(select(StaffUser)).all()) == 1


def test_an_account_is_never_deleted(database):
    stored(database)

    with database.session() as session:
        session.delete(staff_by_user_name(session, "ana"))
        with pytest.raises(StaffKept, match="deactivate it instead"):
            session.flush()
        session.rollback()


def test_the_lock_out_is_stored_with_its_time_zone(database):
    ana = stored(database)
    with database.session() as session:
        ana = staff_by_user_name(session, "ana")
        for _ in range(3):
            count = count_wrong_try(session, ana, lock_after=3, locked_until=LATER)
        session.commit()

    assert count == 3
    with database.session() as session:
        again = staff_by_user_name(session, "ana")
        assert again.locked_until == LATER and again.locked_until.tzinfo is not None
        assert again.failed_tries == 0, "the count starts again once the account is locked"
        assert not clear_wrong_tries(session, again, now=NOW), "still locked at 14:17"
        assert clear_wrong_tries(session, again, now=LATER)
        assert again.locked_until is None


def test_wrong_tries_at_two_stations_at_the_same_moment_both_count(database):
    stored(database)
    counts: list[int] = []
    with database.session() as first, database.session() as second:
        at_first = staff_by_user_name(first, "ana")
        at_second = staff_by_user_name(second, "ana")
        counts.append(count_wrong_try(first, at_first, lock_after=5, locked_until=LATER))

        def other_station() -> None:
            counts.append(count_wrong_try(second, at_second, lock_after=5, locked_until=LATER))
            second.commit()

        waiting = threading.Thread(target=other_station)
        waiting.start()
        time.sleep(0.3)  # the other station waits for this one's try to be stored
        first.commit()
        waiting.join(timeout=30)

    assert counts == [1, 2]
    with database.session() as session:
        assert staff_by_user_name(session, "ana").failed_tries == 2
