"""``intake-app users``: staff accounts at the command line, the first administrator included."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from intake_app.cli import main
from intake_app.settings import load_settings
from intake_app.staff.manage import needs_first_admin
from intake_app.staff.sign_in import clock_time, log_in
from intake_app.storage.db import Database, utc_now
from intake_app.storage.staff import all_staff, staff_by_user_name

PASSWORD = "correct horse battery"
HEADER = "user name\tname\troles\tactive\tlocked\tPIN"


def users(monkeypatch, *args: str, stdin: str = "") -> int:
    """Run ``intake-app users ...`` with ``stdin`` as its standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["users", *args])


def add_ana(monkeypatch, *roles: str) -> int:
    role_args = [arg for role in roles or ("admin",) for arg in ("--role", role)]
    return users(
        monkeypatch,
        "add",
        "Ana López",
        "--user-name",
        "ana",
        *role_args,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )


def database() -> Database:
    return Database(load_settings().database_url)


def test_the_first_administrator_is_added_with_a_password_from_standard_input(monkeypatch, capsys):
    db = database()
    with db.session() as session:
        assert needs_first_admin(session)

    assert add_ana(monkeypatch, "admin", "nurse") == 0

    assert capsys.readouterr().out == "Added ana (Ana López), roles: nurse, admin.\n"
    with db.session() as session:
        assert not needs_first_admin(session)
        ana = staff_by_user_name(session, "ana")
        assert ana.roles == ["nurse", "admin"] and ana.active
        assert ana.password_hash.startswith("$argon2id$") and PASSWORD not in ana.password_hash
        assert PasswordHasher().verify(ana.password_hash, PASSWORD)
        assert log_in(session, "ana", PASSWORD, utc_now()).ok
    db.dispose()


def test_a_password_that_breaks_a_rule_exits_2_and_adds_no_one(monkeypatch, capsys):
    code = users(
        monkeypatch,
        *("add", "Ana López", "--user-name", "ana", "--role", "admin", "--password-stdin"),
        stdin="short\n",
    )

    assert code == 2
    assert capsys.readouterr().err == (
        "intake-app: The password is too short: use at least 10 characters. Nothing was changed.\n"
    )
    db = database()
    with db.session() as session:
        assert all_staff(session) == [] and needs_first_admin(session)
    db.dispose()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--role", "doctor"), "Unknown role 'doctor': a role is one of nurse, clinician"),
        (("--role", "nurse", "--user-name", "a\u200bna"), "The user name holds an invisible"),
    ],
)
def test_wrong_input_exits_2_with_a_plain_message(monkeypatch, capsys, args, words):
    full = ["add", "Bo", "--user-name", "bo", *args, "--password-stdin"]
    assert users(monkeypatch, *full, stdin=PASSWORD + "\n") == 2
    assert words in capsys.readouterr().err


def test_a_user_name_on_file_in_another_case_is_refused(monkeypatch, capsys):
    add_ana(monkeypatch)
    capsys.readouterr()

    code = users(
        monkeypatch,
        *("add", "Ana Other", "--user-name", "ANA", "--role", "nurse", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )

    assert code == 2
    assert 'The user name "ANA" is taken already' in capsys.readouterr().err


def test_the_list_shows_each_account_its_roles_and_whether_it_is_active_or_locked(
    monkeypatch, capsys
):
    add_ana(monkeypatch, "admin")
    users(
        monkeypatch,
        *("add", "Bo Ng", "--user-name", "bo", "--role", "nurse", "--role", "clinician"),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert users(monkeypatch, "set-pin", "bo", "--pin-stdin", stdin="2468\n") == 0
    db = database()
    for _ in range(5):
        with db.session() as session:
            log_in(session, "bo", "guessing 12345", utc_now())
            session.commit()
    with db.session() as session:
        until = staff_by_user_name(session, "bo").locked_until
    db.dispose()
    assert users(monkeypatch, "deactivate", "bo") == 0
    capsys.readouterr()

    assert users(monkeypatch, "list") == 0

    shown = clock_time(until, utc_now())
    assert capsys.readouterr().out.splitlines() == [
        HEADER,
        "ana\tAna López\tadmin\tyes\tno\tnone",
        f"bo\tBo Ng\tnurse,clinician\tno\tuntil {shown}\tset",
    ]


def test_a_person_is_deactivated_and_reactivated_never_deleted(monkeypatch, capsys):
    add_ana(monkeypatch, "admin")
    users(
        monkeypatch,
        *("add", "Bo Ng", "--user-name", "bo", "--role", "nurse", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    capsys.readouterr()

    assert users(monkeypatch, "deactivate", "BO") == 0
    assert capsys.readouterr().out.startswith("Deactivated bo: they can no longer log in")
    db = database()
    with db.session() as session:
        assert not log_in(session, "bo", PASSWORD, utc_now()).ok
        session.rollback()
    assert users(monkeypatch, "reactivate", "bo") == 0
    with db.session() as session:
        assert log_in(session, "bo", PASSWORD, utc_now()).ok
    db.dispose()

    with pytest.raises(SystemExit) as refused:
        users(monkeypatch, "delete", "bo")
    assert refused.value.code == 2


def test_the_only_administrator_cannot_be_deactivated(monkeypatch, capsys):
    add_ana(monkeypatch, "admin")

    assert users(monkeypatch, "deactivate", "ana") == 2
    assert "ana is the only active administrator" in capsys.readouterr().err


def test_a_reset_password_replaces_the_old_one(monkeypatch, capsys):
    add_ana(monkeypatch)
    new = "a brand new passphrase"

    assert users(monkeypatch, "reset-password", "ana", "--password-stdin", stdin=new + "\n") == 0

    assert capsys.readouterr().out.endswith("New password set for ana.\n")
    db = database()
    with db.session() as session:
        assert not log_in(session, "ana", PASSWORD, utc_now()).ok
        assert log_in(session, "ana", new, utc_now()).ok
    db.dispose()


def test_a_pin_of_the_wrong_shape_exits_2(monkeypatch, capsys):
    add_ana(monkeypatch)

    assert users(monkeypatch, "set-pin", "ana", "--pin-stdin", stdin="12\n") == 2
    assert "The PIN must be 4 to 8 digits" in capsys.readouterr().err


def test_an_unknown_user_name_exits_2(monkeypatch, capsys):
    add_ana(monkeypatch)

    assert users(monkeypatch, "reset-password", "bob", "--password-stdin", stdin=PASSWORD) == 2
    assert 'No staff account has the user name "bob"' in capsys.readouterr().err


def test_without_a_terminal_the_password_must_come_from_standard_input(monkeypatch, capsys):
    code = users(monkeypatch, "add", "Ana López", "--user-name", "ana", "--role", "admin")

    assert code == 2
    assert "give it on standard input with --password-stdin" in capsys.readouterr().err


def test_on_a_terminal_the_password_is_asked_twice(monkeypatch, capsys):
    typed = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(typed))
    monkeypatch.setattr("sys.stdin", _Terminal())

    code = main(["users", "add", "Ana López", "--user-name", "ana", "--role", "admin"])

    assert code == 2
    assert "The two passwords differ. Nothing was changed." in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_list_on_a_machine_without_a_database_makes_none(monkeypatch, capsys):
    assert users(monkeypatch, "list") == 0

    captured = capsys.readouterr()
    assert captured.out == "No staff accounts: this machine has no intake database yet.\n"
    assert "intake-app users add" in captured.err
    assert not Path(load_settings().database_url.removeprefix("sqlite:///")).exists()
