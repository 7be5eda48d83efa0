"""The staff PIN that unlocks the tablet, stored only as an Argon2 hash.

Until staff accounts exist, one clinic-wide PIN guards everything a patient
must not reach: starting or ending a session, leaving patient mode, quitting.
"""

from __future__ import annotations

import enum
import re
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")
_HASHER = PasswordHasher()


class PinRuleError(ValueError):
    """A PIN that does not follow the rule (4 to 12 digits)."""


def hash_pin(pin: str) -> str:
    """The Argon2 hash to keep in the clinic settings file."""
    if not PIN_PATTERN.match(pin):
        raise PinRuleError("The staff PIN must be 4 to 12 digits.")
    return _HASHER.hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """True when ``pin`` is the PIN behind ``pin_hash``; never raises on a bad hash."""
    if not pin_hash or not pin:
        return False
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


MAX_PIN_TRIES = 5
PIN_LOCKOUT_SECONDS = 60.0


class PinCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    TOO_MANY = "too_many"  # not checked: too many wrong PINs in the last minute


class StaffPinGate:
    """Checks the staff PIN; after 5 wrong PINs within a minute, none is checked for a minute.

    The clock is injected so tests can move time forward without waiting.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._wrong: list[float] = []

    def check(self, pin_hash: str, pin: str) -> PinCheck:
        now = self._clock()
        self._wrong = [t for t in self._wrong if now - t < PIN_LOCKOUT_SECONDS]
        if len(self._wrong) >= MAX_PIN_TRIES:
            return PinCheck.TOO_MANY
        if pin_matches(pin_hash, pin):
            self._wrong.clear()
            return PinCheck.ACCEPTED
        self._wrong.append(now)
        return PinCheck.WRONG
