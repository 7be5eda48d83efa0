"""The clinic settings page's calls: read the clinic file, check a value as it is typed,
and save the changes an administrator made, on their behalf.

The clinic file stays the source of truth (a headless install edits it by hand): the
page shows what the file says, and Save writes the changed settings into it, keeping
its comments and order (``clinic_file.with_settings``), in one step (a temporary file,
on the disk, then renamed). Each value is checked by the rules the app applies when it
reads the file (``setting_values``), and the written file is read back by the app's
own reader before it replaces the old one.

Saving is one transaction for the named administrator: it needs ``change settings``,
refuses when the file changed on disk since the page read it (someone edited it by
hand: their edit is kept, the page reads the file again), writes the file and appends
one ``settings_changed`` event naming them and each setting they changed, old -> new
(``settings_record``; the secret part of a URL is never recorded). A change to the file
this workstation had not recorded yet (a hand edit) is recorded first, by the app, so
that it is not taken for the administrator's. Should the audit event not be stored, the
old file is put back. Tablets and desks read the file when they start.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.clinic_file import CLINIC_FILE_TEMPLATE, with_settings
from intake_app.forms.catalog import FormCatalog
from intake_app.private_files import private_folder, replace_private_file
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.services.settings_record import HIDDEN, record_settings_in, shown_url
from intake_app.setting_values import SettingName, Typed, per_language, setting_value, shown
from intake_app.settings import ClinicSettings, SettingsError, read_clinic_settings_text
from intake_app.storage.db import Database

PAGE = "the clinic settings page"
NOTICED_BEFORE = "before a change on the clinic settings page"
_URLS = frozenset({"seal.timestamp_url"})  # shown with their secret part hidden

__all__ = [
    "ClinicFileChanged",
    "ClinicSettingsFile",
    "SettingsNotSaved",
    "SettingsOnFile",
    "Typed",
    "offered_languages",
]


class SettingsNotSaved(ValueError):
    """Nothing was written; the message says why, naming each setting."""


class ClinicFileChanged(RuntimeError):
    """The clinic file changed on disk since the page read it: nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The clinic file {path} was changed on this computer after this page read it "
            "(edited by hand, or saved at another desk). Nothing was saved, so that change "
            "is kept; the page now shows the file as it is. Make your changes again."
        )


@dataclass(frozen=True)
class SettingsOnFile:
    """The clinic file as the page read it: what each field shows, and the file's SHA-256
    (None: there is no file yet) to tell at Save whether it changed meanwhile. A file that
    cannot be read has ``problem`` (the file's problems, in words) and no settings."""

    path: Path
    clinic: ClinicSettings | None
    fingerprint: str | None
    languages: tuple[str, ...]
    problem: str = ""

    def shown(self, name: str) -> Typed:
        """What the field of ``name`` (``kiosk.idle_seconds``, ``product.source.es``)
        shows: the file's value, a URL without its secret part."""
        if self.clinic is None:
            return ""
        value = shown(self.clinic, SettingName.parse(name), self.languages)
        return shown_url(value) if name in _URLS and isinstance(value, str) else value

    def problem_with(self, name: str, typed: Typed) -> str:
        """Why ``typed`` may not be saved as ``name`` ("it must be 30 or more"); ""
        when it may (a value as read from the file always may)."""
        if typed == self.shown(name):
            return ""
        if name in _URLS and isinstance(typed, str) and HIDDEN in typed:
            return (
                f"type the whole address again, with its user name and password: "
                f"the part shown as {HIDDEN} cannot be kept when the address changes"
            )
        try:
            setting_value(SettingName.parse(name), typed)
        except ValueError as problem:
            return str(problem)
        return ""

    def changes(self, typed: Mapping[str, Typed]) -> dict[str, Typed]:
        """The fields of ``typed`` whose value differs from what the file says."""
        return {name: value for name, value in typed.items() if value != self.shown(name)}


class ClinicSettingsFile:
    """The clinic file of this computer, read and changed for ``actor``."""

    def __init__(
        self, database: Database, actor: Actor, path: Path, languages: Sequence[str]
    ) -> None:
        self.database, self.actor, self.path = database, actor, path
        self.languages = tuple(languages)

    def read(self) -> SettingsOnFile:
        """The file as it is now (the defaults, when there is none yet)."""
        require(self.actor, Permission.CHANGE_SETTINGS)
        data = _read_bytes(self.path)
        if data is None:
            return SettingsOnFile(self.path, ClinicSettings(), None, self.languages)
        try:
            clinic = read_clinic_settings_text(data.decode("utf-8"), self.path)
        except UnicodeDecodeError:
            problem = "it is not plain text (UTF-8); save it as UTF-8 text"
            return SettingsOnFile(self.path, None, _sha256(data), self.languages, problem)
        except SettingsError as error:
            problem = "; ".join(str(each) for each in error.problems)
            return SettingsOnFile(self.path, None, _sha256(data), self.languages, problem)
        return SettingsOnFile(self.path, clinic, _sha256(data), self.languages)

    def save(self, typed: Mapping[str, Typed], on_file: SettingsOnFile) -> tuple[str, ...]:
        """Write the settings ``typed`` changed from ``on_file`` and record who changed
        what; the dotted names of the settings changed (none: nothing to write).

        ``SettingsNotSaved`` (a value the file may not hold), ``ClinicFileChanged``, or
        ``NotPermitted``: nothing written, nothing recorded."""
        require(self.actor, Permission.CHANGE_SETTINGS)
        if on_file.clinic is None:
            raise SettingsNotSaved(f"The clinic file {self.path} cannot be read: {on_file.problem}")
        changed = on_file.changes(typed)
        problems = [f"{n}: {p}" for n, t in changed.items() if (p := on_file.problem_with(n, t))]
        if problems:
            raise SettingsNotSaved("Nothing was saved. " + "; ".join(problems) + ".")
        if not changed:
            return ()
        before = _read_bytes(self.path)
        if (None if before is None else _sha256(before)) != on_file.fingerprint:
            raise ClinicFileChanged(self.path)
        old_text = CLINIC_FILE_TEMPLATE if before is None else before.decode("utf-8")
        values = _values(on_file.clinic, changed, self.languages)
        old, text, new = self._rewritten(old_text, values)
        return self._write_and_record(before, old, text, new)

    def _rewritten(
        self, old_text: str, values: Mapping[tuple[str, str], Any]
    ) -> tuple[ClinicSettings, str, ClinicSettings]:
        """The settings before, the new file, and the settings it holds, read back by the
        app's own reader: every changed value as meant, every other one as it was."""
        old = read_clinic_settings_text(old_text, self.path)
        text = with_settings(old_text, values)
        try:
            new = read_clinic_settings_text(text, self.path)
        except SettingsError as error:
            raise self._cannot_write() from error
        meant = old.model_dump()
        for (section, key), value in values.items():
            meant[section][key] = value
        if ClinicSettings.model_validate(meant) != new:
            raise self._cannot_write()
        return old, text, new

    def _cannot_write(self) -> SettingsNotSaved:
        return SettingsNotSaved(
            f"Nothing was saved: the clinic file {self.path} is written in a way this page "
            "cannot change safely. Change it in a text editor."
        )

    def _write_and_record(
        self, before: bytes | None, old: ClinicSettings, text: str, new: ClinicSettings
    ) -> tuple[str, ...]:
        """One transaction: a hand edit not yet recorded, the file, the change; the old
        file put back when the change cannot be recorded."""
        data = text.encode("utf-8")
        app = Actor.system(self.actor.workstation)
        try:
            with self.database.session() as session:
                record_settings_in(session, old, self.path, actor=app, noticed=NOTICED_BEFORE)
                private_folder(self.path.parent)
                replace_private_file(self.path, data)
                changed = record_settings_in(
                    session, new, self.path, actor=self.actor, by=self.actor.name, via=PAGE
                )
                session.flush()
        except BaseException:
            self._put_back(before, data)
            raise
        return changed

    def _put_back(self, before: bytes | None, written: bytes) -> None:
        """The file as it was, unless it is no longer the one written here."""
        if _read_bytes(self.path) != written:
            return
        if before is None:
            self.path.unlink(missing_ok=True)
        else:
            replace_private_file(self.path, before)


def offered_languages(catalog: FormCatalog | None) -> tuple[str, ...]:
    """The languages the forms offer (English first): a text the consent shows gets a
    field for each. English only when the forms cannot be read here."""
    found: dict[str, None] = {"en": None}
    if catalog is not None:
        for definition in [q.definition for q in catalog.all()] + [
            c.definition for c in catalog.consents()
        ]:
            found.update(dict.fromkeys(definition.languages))
    return tuple(found)


def _values(
    clinic: ClinicSettings, changed: Mapping[str, Typed], languages: Sequence[str]
) -> dict[tuple[str, str], Any]:
    """Each changed setting's new value, by ``(section, key)``: the fields of a text per
    language make one value."""
    values: dict[tuple[str, str], Any] = {}
    texts: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for dotted, typed in changed.items():
        name = SettingName.parse(dotted)
        value = setting_value(name, typed)
        if name.language:
            texts[(name.section, name.key)][name.language] = value
        else:
            values[(name.section, name.key)] = value
    for (section, key), typed_texts in texts.items():
        before = getattr(getattr(clinic, section), key)
        values[(section, key)] = per_language(before, typed_texts, languages)
    return values


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
