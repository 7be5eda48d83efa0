"""The file name of a sealed document: sortable by records staff, valid on any disk.

``NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_<id>.pdf``: family name, given
names, date of birth, MRN, the kind's mark (``COPY``, ``WITHDRAWAL``) and the
document id. The name is made from the patient's own text, so it must be valid
whatever that text is, or a signed consent would be left without its document:

- at most ``MAX_FILE_NAME_BYTES`` in UTF-8 (ext4 and most disks allow 255 bytes
  per name; Windows 255 UTF-16 units), each name part at most ``NAME_PART_BYTES``;
  only the name parts are shortened, cut between letters and never between a
  letter and its marks; the date of birth, MRN, mark and id always stay whole
  (an MRN longer than ``MRN_PART_BYTES`` is the one exception: it is cut too);
- letters and digits of every script only, upper case, NFC (as macOS keeps it);
  accents of Latin letters dropped, the marks of other scripts kept with their
  letter; everything else (``<>:"/\\|?*``, control characters, spaces, ``_``)
  becomes one dash, and invisible format characters are dropped;
- a name part that Windows reserves for a device (``CON``, ``NUL``, ``COM1``...)
  gets a dash after it; the name always ends ``.pdf`` (never a dot or a space).

A part left empty by the cleaning is left out; the name stays valid.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MAX_FILE_NAME_BYTES = 200
NAME_PART_BYTES = 60
MRN_PART_BYTES = 72  # "MRN-" and the longest MRN the app takes (64 letters or digits)
WINDOWS_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(10)}
)


def chart_file_name(
    family: str, given: str, born: dt.date, mrn: str | None, document_id: str, *, kind: str = ""
) -> str:
    """``NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_<id>.pdf``: sortable, safe on any disk.

    ``kind`` (e.g. ``WITHDRAWAL``) goes before the id, so such a file stands out.
    """
    kept = [born.isoformat(), _mrn_part(mrn), kind, document_id]
    tail = "_".join(part for part in kept if part) + ".pdf"
    room = MAX_FILE_NAME_BYTES - _size(tail) - 2  # two separators before the tail
    share = min(NAME_PART_BYTES, room // 2) - 1  # a byte kept for a device name's dash
    names = [_not_a_device(cut(cleaned(part), share)) for part in (family, given)]
    return "_".join([*(name for name in names if name), tail])


def _mrn_part(mrn: str | None) -> str:
    number = cleaned(mrn or "")
    if not number:
        return ""
    return cut(number if number.startswith("MRN") else "MRN-" + number, MRN_PART_BYTES)


def cleaned(text: str) -> str:
    """Upper case letters and digits of any script, the rest one dash; Latin accents dropped."""
    kept: list[str] = []
    takes_marks = False  # whether the last letter kept is one whose marks stay with it
    for char in unicodedata.normalize("NFKD", text.upper()):
        category = unicodedata.category(char)
        if category.startswith("M"):
            if takes_marks:
                kept.append(char)
        elif category == "Cf":
            continue  # invisible: direction overrides, joiners
        elif char.isalnum():
            kept.append(char)
            takes_marks = char.isalpha() and not _is_latin(char)
        else:
            kept.append("-")
            takes_marks = False
    joined = re.sub("-+", "-", "".join(kept)).strip("-")
    return unicodedata.normalize("NFC", joined)


def cut(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` UTF-8 bytes that ends after a whole
    letter with its marks (and not on a dash)."""
    taken: list[str] = []
    used = 0
    for letter in _letters(text):
        used += _size(letter)
        if used > limit:
            break
        taken.append(letter)
    while taken:
        start = unicodedata.normalize("NFC", "".join(taken)).rstrip("-")
        if _size(start) <= limit:
            return start
        taken.pop()
    return ""


def _letters(text: str) -> list[str]:
    """``text`` in pieces that are never split: a character with the marks that follow it."""
    pieces: list[str] = []
    for char in text:
        if pieces and _joins_previous(char):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _joins_previous(char: str) -> bool:
    """A combining mark, or a Hangul vowel or final consonant of a syllable not composed."""
    return unicodedata.category(char).startswith("M") or (
        "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"
    )


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ") or char.isascii()


def _not_a_device(part: str) -> str:
    return part + "-" if part in WINDOWS_DEVICE_NAMES else part


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
