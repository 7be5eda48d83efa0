"""The staff PIN: only its hash is kept, and only the right PIN matches."""

from __future__ import annotations

import pytest

from intake_app.kiosk.staff_pin import (
    MAX_PIN_TRIES,
    PIN_LOCKOUT_SECONDS,
    PinCheck,
    PinRuleError,
    StaffPinGate,
    hash_pin,
    pin_matches,
)


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


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_after_five_wrong_pins_in_a_minute_even_the_right_one_waits_a_minute():
    stored, clock = hash_pin("2468"), Clock()
    gate = StaffPinGate(clock)
    for _ in range(MAX_PIN_TRIES):
        assert gate.check(stored, "1111") is PinCheck.WRONG
        clock.now += 5
    assert gate.check(stored, "2468") is PinCheck.TOO_MANY
    clock.now += PIN_LOCKOUT_SECONDS  # the first wrong PIN is now more than a minute old
    assert gate.check(stored, "2468") is PinCheck.ACCEPTED


def test_the_right_pin_clears_earlier_wrong_ones():
    stored, clock = hash_pin("2468"), Clock()
    gate = StaffPinGate(clock)
    for _ in range(MAX_PIN_TRIES - 1):
        gate.check(stored, "1111")
    assert gate.check(stored, "2468") is PinCheck.ACCEPTED
    for _ in range(MAX_PIN_TRIES - 1):
        assert gate.check(stored, "1111") is PinCheck.WRONG
    assert gate.check(stored, "2468") is PinCheck.ACCEPTED
