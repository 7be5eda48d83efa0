"""Whether the name a patient typed at signing is the name staff registered.

The words are compared without regard to case, accents, punctuation or order, so
"Núñez García, María José" is the registered "María José Núñez García". Another
difference (a nickname, a missing last name) is shown to staff, who accept it or
ask the patient to type the registered name. A typed "name" that shares no word with
the registered one ("x", "true", someone else's name) is not the patient's name at all:
no one can accept it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter


def name_words(text: str) -> Counter[str]:
    """The words of a name, plain: no accents, case folded, punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    cleaned = "".join(c if c.isalnum() else " " for c in bare)
    return Counter(cleaned.split())


def typed_name_matches(typed: str, given_names: str, family_name: str) -> bool:
    """True when the typed name has exactly the registered name's words."""
    return name_words(typed) == name_words(f"{given_names} {family_name}")


def shares_a_name(typed: str, given_names: str, family_name: str) -> bool:
    """True when the typed name has at least one word of the registered name."""
    return bool(name_words(typed) & name_words(f"{given_names} {family_name}"))
