"""``intake-app set-staff-pin``: set the PIN that unlocks the tablet."""

from __future__ import annotations

import getpass
import sys

from intake_app.kiosk.staff_pin import PinRuleError, hash_pin
from intake_app.settings import load_settings, store_staff_pin_hash


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def set_staff_pin() -> int:
    settings = load_settings()
    pin = _ask("New staff PIN (4 to 12 digits): ")
    if _ask("The same PIN again: ") != pin:
        print("intake-app: the two PINs differ; nothing was changed.", file=sys.stderr)
        return 1
    try:
        pin_hash = hash_pin(pin)
    except PinRuleError as exc:
        print(f"intake-app: {exc} Nothing was changed.", file=sys.stderr)
        return 1
    store_staff_pin_hash(settings.clinic_file, pin_hash)
    print(f"Staff PIN set in {settings.clinic_file} (only its hash is stored).")
    return 0
