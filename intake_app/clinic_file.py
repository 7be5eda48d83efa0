"""The clinic settings file on disk: the commented file written on first run, and the
changes the app makes to it itself (the clinic's name, from the set-up screen; any
setting, from the desk's settings page), which keep every other line and comment as
the clinic wrote it. Reading it is ``settings.read_clinic_file``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import InlineTable, Item, Table

from intake_app.private_files import private_folder, replace_private_file, write_private_file
from intake_app.setting_values import file_number
from intake_app.settings import SettingsError, read_clinic_settings_text
from intake_app.settings_problems import SettingsProblem

CLINIC_FILE_TEMPLATE = """\
# Clinic settings for intake-app. Edit, save, and restart the app.
# Text in "quotes". Lines starting with # are comments.

[clinic]
name = ""          # printed at the top of every chart document
address = ""       # street, city, state, ZIP; use \\n for a new line
phone = ""

[product]
# What the consent tells the patient about the product you inject. A text can be
# the same in every language, or one per language: { en = "...", es = "..." }.
# The consent cannot be shown until name, source, manufacturer and price are set
# (source in every language); the start screen lists what is missing.
name = ""          # the product's name as the supplier sells it
source = { en = "", es = "" }   # what it is made from, e.g.
                   # { en = "donated placental tissue", es = "tejido de placenta donado" }
manufacturer = ""  # the company that makes it
components = { en = "", es = "" }   # what the product or its preparation may contain,
                   # e.g. { en = "DMSO, gentamicin (an antibiotic)",
                   #        es = "DMSO, gentamicina (un antibiótico)" };
                   # patients are asked if they are allergic to them
dose = { en = "", es = "" }   # your usual dose, e.g. { en = "about 1 billion particles",
                   # es = "unos mil millones de partículas" }; shown only when set, with
                   # the doses studies have tested
price_usd = 0      # the full price the patient pays, in US dollars
ind_number = ""    # the FDA IND number (e.g. "012345") if the injection is given in an
                   # FDA study; "" if none. With an IND number, also fill in:
study_pays = false      # true if the study pays for the shot (the patient pays nothing for it)
research_contact = ""   # whom to call about the study, their rights or an injury (name, phone)
injury_care = { en = "", es = "" }   # what care or payment you offer if the study harms them
irb_name = ""           # the review board (IRB) that oversees the study
irb_contact = ""        # how to reach the review board: phone or address
study_description = { en = "", es = "" }   # what taking part involves (visits, tests)
study_duration = { en = "", es = "" }      # how long a patient takes part, e.g. "12 months"
nct_number = ""         # the study's ClinicalTrials.gov number, if it is listed there

[documents]
paper_size = "letter"   # "letter" or "a4"
chart_folder = ""       # where records staff file documents: a local or network folder,
                        # e.g. "/mnt/charts" or "//server/charts"; "" until you set it up
chart_file_pattern = "{mrn}_{last}_{first}_{dob}_{doctype}_{date}_{docid}.pdf"
                        # the file name there, made of {mrn} {last} {first} {dob}
                        # {doctype} (CONSENT, REFUSAL, WITHDRAWAL, REVIEW), {date} (the
                        # day it was made), {docid} (always needed) and plain text

[kiosk]
idle_seconds = 180      # no touch for this long: "Are you still there?"
warning_seconds = 30    # then this countdown, then the screen locks
full_screen = true

[staff]
# Each person has their own account and unlocks the tablet with their own PIN:
#   intake-app users add "Name" --user-name NAME --role nurse
#   intake-app users set-pin NAME
failed_tries_to_lock = 5   # wrong passwords or PINs in a row (3 to 20) that lock an account
lock_minutes = 15          # for this long (1 to 1440): "locked until 14:32"
idle_logout_minutes = 10   # the staff screen logs out after this long untouched (1 to 60)

[consent]
witness = false         # true: a staff witness signs after the patient

[seal]
# Chart PDFs are sealed with a key the app makes on first use (<data dir>/keys).
pkcs12_file = ""        # or your own certificate (.p12); its password in INTAKE_SEAL_PASSWORD
timestamp_url = ""      # optional RFC 3161 timestamp authority URL

[forms]
folder = ""             # the form versions your clinic publishes (staff desk, or
                        # intake-app forms publish); "" is <data dir>/forms. Stations
                        # sharing one database: a shared folder every station reads
"""


_HEADER_LINE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
# name = "..." with an optional comment after it; the value a TOML basic string.
_NAME_LINE = re.compile(r'^(\s*name\s*=\s*)"(?:[^"\\]|\\.)*"(\s*#.*)?$')
_ANY_NAME_LINE = re.compile(r"^\s*name\s*=")


def store_clinic_name(path: Path, name: str) -> None:
    """Write ``[clinic] name`` into the clinic file, keeping every other line (and that
    line's comment) as it was. SettingsError, and nothing written, when the file would
    not read back with that name (the file had a problem already)."""
    write_clinic_file_template(path)
    text = _with_clinic_name(path.read_text(encoding="utf-8"), name)
    if read_clinic_settings_text(text, path).clinic.name != name:
        problem = SettingsProblem("[clinic] name could not be written; edit the file by hand")
        raise SettingsError(path, [problem])
    replace_private_file(path, text.encode("utf-8"))


def _with_clinic_name(text: str, name: str) -> str:
    value = json.dumps(name, ensure_ascii=False)  # a TOML basic string as well
    lines = text.splitlines(keepends=True)
    section, clinic_at = "", None
    for index, line in enumerate(lines):
        header = _HEADER_LINE.match(line)
        if header:
            section = header.group(1)
            clinic_at = index if section == "clinic" else clinic_at
        elif section == "clinic" and _ANY_NAME_LINE.match(line):
            kept = _NAME_LINE.match(line.rstrip("\r\n"))
            start, comment = (kept.group(1), kept.group(2) or "") if kept else ("name = ", "")
            lines[index] = f"{start}{value}{comment}\n"
            return "".join(lines)
    if clinic_at is not None:
        lines.insert(clinic_at + 1, f"name = {value}\n")
        return "".join(lines)
    return text.rstrip("\n") + f"\n\n[clinic]\nname = {value}\n"


def write_clinic_file_template(path: Path) -> bool:
    """Create a commented clinic settings file if none exists; True if created."""
    if path.exists():
        return False
    private_folder(path.parent)
    return write_private_file(path, CLINIC_FILE_TEMPLATE.encode("utf-8"))


def with_settings(text: str, values: Mapping[tuple[str, str], Any]) -> str:
    """``text`` (a clinic file) with each ``(section, key)`` set to its value: a changed
    line keeps its comment (at its column, when the new value leaves room), a text per
    language keeps its other languages and spacing, a setting not in the file yet goes
    after the last one of its section, a missing section at the end. Every other line
    stays as it was. The caller reads the result back before writing it
    (``settings.read_clinic_settings_text``)."""
    document = tomlkit.parse(text)
    for (section, key), value in values.items():
        table = document.get(section)
        if not isinstance(table, Table):
            table = tomlkit.table()
            document.add(section, table)
        if key in table:
            _replace(table, key, value)
        else:
            _add(table, key, _file_item(value))
    return tomlkit.dumps(document)


def _replace(table: Table, key: str, value: Any) -> None:
    """Set a setting that is in the file, its comment kept in its column."""
    before = table.value.item(key)
    if isinstance(before, InlineTable) and isinstance(value, dict):
        width = len(before.as_string())
        for language, text in value.items():
            if before.get(language) != text:
                before[language] = text
    else:
        width = len(before.as_string()) if isinstance(before, Item) else 0
        table[key] = _file_item(value)
    after = table.value.item(key)
    if isinstance(after, Item) and after.trivia.comment:
        wider = len(after.as_string()) - width
        after.trivia.comment_ws = " " * max(1, len(after.trivia.comment_ws) - wider)


def _add(table: Table, key: str, item: Item) -> None:
    """A setting the file does not have yet, after the last one of its section."""
    keys = [str(existing) for existing in table]
    try:
        if not keys:
            raise LookupError(key)
        table.value._insert_after(keys[-1], key, item)  # tomlkit has no public insert
    except (AttributeError, LookupError):
        table.add(key, item)


def _file_item(value: Any) -> Item:
    """A setting's value as TOML: a text per language as ``{ en = "...", es = "..." }``."""
    if isinstance(value, Decimal):
        value = file_number(value)
    if isinstance(value, dict):
        texts = tomlkit.inline_table()
        texts.update(value)
        return texts
    item: Item = tomlkit.item(value)
    return item
