"""The staff PIN that unlocks the tablet, stored only as an Argon2 hash.

Until staff accounts exist, one clinic-wide PIN guards everything a patient
must not reach: starting or ending a session, leaving patient mode, quitting.
"""

from __future__ import annotations

import re

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
