"""The name a document gets in the clinic's chart folder, made from the clinic's pattern.

The clinic file sets ``[documents] chart_file_pattern``, by default
``{mrn}_{last}_{first}_{dob}_{doctype}_{date}_{docid}.pdf`` (``intake_app.file_pattern``
lists the placeholders and checks a pattern). Each placeholder is
filled with the document's own values, made safe the way ``chart.file_names`` makes
the documents folder's names (``cleaned``: letters and digits of any script, upper
case, NFC, the rest one dash; ``cut``: never between a letter and its marks). The
chart folder may be a Windows share, a Mac or a Linux disk, so the whole name also:

- has no character Windows refuses (``<>:"/\\|?*``, control characters) and no
  ``..``, and neither starts nor ends with a dot or a space;
- is no name Windows keeps for a device (``CON``, ``NUL``, ``COM1``... with or
  without an extension): such a part gets a dash after it;
- is at most ``MAX_NAME_BYTES`` in UTF-8; only the patient's names are shortened
  for it, so the MRN, dates, type and document id stay whole;
- ends ``.pdf``.

A patient without an MRN is filed as ``NOMRN``. ``{doctype}`` is the type's word
(``CONSENT``, ``REFUSAL``, ``WITHDRAWAL``, ``REVIEW``); ``{date}`` the day the
document was made (local, ISO).
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from dataclasses import dataclass

from intake_app.chart.file_names import (
    MRN_PART_BYTES,
    NAME_PART_BYTES,
    WINDOWS_DEVICE_NAMES,
    _not_a_device,
    cleaned,
    cut,
)
from intake_app.file_pattern import pattern_problem

NO_MRN = "NOMRN"
MAX_NAME_BYTES = 255  # per name on ext4, NTFS (in UTF-16 units: fewer) and APFS
_NAMES = ("last", "first")
# What Windows refuses in a name, and what no file system wants in one.
_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')


@dataclass(frozen=True)
class ChartNameParts:
    """The values a chart folder name is made of, as stored (not yet made safe)."""

    mrn: str | None
    last: str
    first: str
    dob: dt.date
    doctype: str
    date: dt.date
    docid: str


def chart_folder_name(pattern: str, parts: ChartNameParts) -> str:
    """The document's name in the chart folder: ``pattern`` filled, safe on any disk.

    ``ValueError`` for a pattern ``pattern_problem`` refuses (the settings check it first).
    """
    problem = pattern_problem(pattern)
    if problem:
        raise ValueError(f"the chart file pattern must be {problem}")
    values = _kept_values(parts)
    fixed = _filled(pattern, values | dict.fromkeys(_NAMES, ""))
    room = MAX_NAME_BYTES - _size(fixed)
    uses = [name for name in _NAMES if "{" + name + "}" in pattern]
    share = min(NAME_PART_BYTES, room // max(len(uses), 1)) - 1  # a byte for a device's dash
    for name in _NAMES:
        values[name] = _not_a_device(cut(cleaned(getattr(parts, name)), max(share, 0)))
    return _filled(pattern, values)


def _kept_values(parts: ChartNameParts) -> dict[str, str]:
    """Every value but the names, made safe and never shortened (a long MRN aside)."""
    mrn = cut(cleaned(parts.mrn or ""), MRN_PART_BYTES) or NO_MRN
    return {
        "mrn": _not_a_device(mrn),
        "dob": parts.dob.isoformat(),
        "doctype": _not_a_device(cleaned(parts.doctype)),
        "date": parts.date.isoformat(),
        "docid": _not_a_device(cleaned(parts.docid)),
    }


def _filled(pattern: str, values: dict[str, str]) -> str:
    """The pattern with its values, its own text made safe, ending ``.pdf``."""
    pieces = []
    for text, field, _, _ in string.Formatter().parse(pattern):
        pieces.append(_REFUSED.sub("-", text))
        if field is not None:
            pieces.append(values[field])
    name = unicodedata.normalize("NFC", "".join(pieces))
    name = re.sub(r"\.{2,}", ".", name)
    stem = name.strip(" .").removesuffix(".pdf").strip(" .")
    stem = _not_a_device_name(stem)
    stem = cut(stem, MAX_NAME_BYTES - len(".pdf")) if _size(stem) > MAX_NAME_BYTES - 4 else stem
    return (stem or "DOCUMENT") + ".pdf"


def _not_a_device_name(stem: str) -> str:
    """Windows keeps ``CON``, ``CON.txt`` and ``con .pdf`` alike: a dash after such a start."""
    first, dot, rest = stem.partition(".")
    if first.rstrip(" ").upper() in WINDOWS_DEVICE_NAMES:
        return first.rstrip(" ") + "-" + dot + rest
    return stem


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
