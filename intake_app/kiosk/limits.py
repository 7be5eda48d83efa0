"""How long typed names may be: the same on the tablet and in an answers file.

The staff hand-over screen, the signature screens and ``intake-app packet``
all take their limits from here, so a name the tablet refuses is refused from a
file too (and a signature block is never split by a 5000-character name).
"""

from __future__ import annotations

PERSON_NAME_MAX = 200  # the patient's given names, and the family name
MRN_MAX = 64  # the chart's medical record number
SIGNED_NAME_MAX = 200  # the full name typed next to a signature
STAFF_NAME_MAX = 200  # the staff member who released a hold
WITNESS_NAME_MAX = 200
WITNESS_ROLE_MAX = 200
TALK_NOTE_MAX = 500  # what staff talked over with the patient, in a few words
