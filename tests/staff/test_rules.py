"""What a user name, a name, roles, a password and a PIN must be, and how they are kept."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from intake_app.staff.rules import (
    AccountProblem,
    check_password_hash,
    checked_display_name,
    checked_roles,
    checked_user_name,
    hash_password,
    hash_pin,
)

PASSWORD = "correct horse battery"


def test_a_password_is_kept_as_an_argon2id_hash_never_as_itself(real_password_hashing):
    kept = hash_password(PASSWORD, user_name="ana")

    assert kept.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(kept), "argon2's recommended parameters"
    assert PASSWORD not in kept
    assert PasswordHasher().verify(kept, PASSWORD)
    assert hash_password(PASSWORD, user_name="ana") != kept, "each hash has its own salt"


def test_a_pin_is_kept_as_an_argon2id_hash_never_as_itself(real_password_hashing):
    kept = hash_pin("2468")

    assert kept.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(kept), "argon2's recommended parameters"
    assert "2468" not in kept


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short pw", "too short: use at least 10 characters"),
        ("", "too short"),
        ("Ana.Lopez1", "must not be the user name"),
        (" ANA.LOPEZ1 ", "must not be the user name"),
        ("tab\tinside password", "control character"),
        ("x" * 257, "too long"),
    ],
)
def test_a_password_that_breaks_a_rule_is_refused_in_plain_words(password, words):
    with pytest.raises(AccountProblem, match=words) as refused:
        hash_password(password, user_name="ana.lopez1")
    if password:
        assert password not in str(refused.value), "a refusal never shows the password"


def test_the_same_password_typed_in_another_unicode_form_is_the_same_password():
    composed = "café au lait 2026"
    decomposed = "cafe\u0301 au lait 2026"
    kept = hash_password(composed, user_name="ana")

    assert check_password_hash(kept, decomposed).right


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４", " 1234", ""])
def test_a_pin_is_4_to_8_digits(pin):
    with pytest.raises(AccountProblem, match="4 to 8 digits"):
        hash_pin(pin)


def test_a_user_name_is_kept_trimmed():
    assert checked_user_name("  Ana.Lopez ") == "Ana.Lopez"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ana\u202e", "invisible character"),
        ("a\u200bna", "invisible character"),
        ("ana\x07", "control character"),
        ("ana\nlopez", "must be one line"),
        ("   ", "is blank"),
        ("\u200b", "invisible character"),
        ("a" * 65, "too long"),
    ],
)
def test_a_user_name_with_hidden_characters_is_refused(text, words):
    with pytest.raises(AccountProblem, match=f"The user name .*{words}"):
        checked_user_name(text)


def test_a_name_with_a_direction_control_is_refused():
    with pytest.raises(AccountProblem, match="The name holds an invisible character"):
        checked_display_name("Ana \u202eLópez")
    assert checked_display_name(" Ana López ") == "Ana López"


def test_roles_are_from_the_clinics_list_each_once():
    assert checked_roles(["admin", "Nurse", "nurse"]) == ["nurse", "admin"]
    with pytest.raises(AccountProblem, match="Unknown role 'doctor'"):
        checked_roles(["doctor"])
    with pytest.raises(AccountProblem, match="at least one role"):
        checked_roles([])
