"""The staff PIN: only its hash is kept, and only the right PIN matches."""

from __future__ import annotations

import pytest

from intake_app.kiosk.staff_pin import PinRuleError, hash_pin, pin_matches


def test_the_hash_does_not_contain_the_pin_and_verifies_it():
    stored = hash_pin("482913")
    assert "482913" not in stored
    assert pin_matches(stored, "482913")
    assert not pin_matches(stored, "482914")


@pytest.mark.parametrize("pin", ["123", "abcd", "12 34", "1234567890123"])
def test_a_pin_must_be_4_to_12_digits(pin):
    with pytest.raises(PinRuleError):
        hash_pin(pin)


@pytest.mark.parametrize("stored", ["", "not-a-hash", "$argon2id$v=19$broken"])
def test_a_missing_or_broken_hash_never_matches_and_never_raises(stored):
    assert not pin_matches(stored, "1234")
