"""Every change of the clinic settings is an event of the audit trail.

The clinic file (``[clinic]``, ``[staff]``, ``[kiosk]``, ``[seal]``...) is edited by
hand, and the first-run set-up writes ``[clinic] name``. The settings decide what
the consent says and how accounts lock, so the audit trail must show when they
changed, on which workstation, which settings, and who changed them when that is
known. ``record_settings`` compares the settings now in force with the last ones
recorded on this workstation and, when they differ (or were never recorded),
appends one ``settings_changed`` event:

- ``changed``: each changed setting by its dotted name (``staff.idle_logout_minutes``)
  with ``old`` and ``new`` (``old`` is null for a setting never recorded before);
- ``settings``: every setting as now in force, defaults included, so the next start
  compares against it (no table of its own: the trail is the record);
- ``clinic_file_sha256``: the SHA-256 of the clinic file as found when recording
  (null when there is none), to tell later which file was in force;
- ``previous_record``: the sequence number of this workstation's last such event
  (null for the first);
- ``noticed``: ``"at start-up"`` when the app found the change itself;
- ``by`` and ``via``: for a change made on the desk's settings page, the name of the
  administrator who made it and ``"the clinic settings page"`` (the event's actor is
  their account, ``staff:<id>``).

Each tablet reads its own clinic file, so the comparison is with the last event of
the same workstation: two tablets sharing one database with different files do not
record each other's settings as changes at every start. A file whose values did not
change (a comment edited) writes nothing. The values are clinic configuration, never
patient data; the one part that can be a secret, a user name and password (or a
query) inside ``[seal] timestamp_url``, is never recorded: the URL is kept with
``(hidden)`` in its place, and only an Argon2id hash of the hidden part is kept to
notice that it changed (``{"hidden": true}`` in ``changed``). The seal certificate's
password is not a setting (it is read from ``INTAKE_SEAL_PASSWORD``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from intake_app.services.actor import Actor
from intake_app.settings import ClinicSettings, Settings
from intake_app.storage.audit import WORKSTATION, append_event
from intake_app.storage.db import Database
from intake_app.storage.tables import AuditEvent

LOG = logging.getLogger(__name__)

SETTINGS_CHANGED = "settings_changed"
AT_START_UP = "at start-up"
HIDDEN = "(hidden)"
# Settings that are URLs: the user name, password and query in them may be credentials.
_URL_SETTINGS = frozenset({"seal.timestamp_url"})
_CREDENTIALS = ".credentials"  # the dotted name of a URL's hidden part
_HASHER = PasswordHasher()

__all__ = [
    "AT_START_UP",
    "HIDDEN",
    "SETTINGS_CHANGED",
    "record_settings",
    "record_settings_at_start_up",
    "record_settings_in",
    "shown_url",
]


def record_settings_at_start_up(database: Database, settings: Settings) -> None:
    """Record what changed in the clinic file since the last start, as noticed by the app.

    Nobody is signed in at start-up, so the actor is the app itself. A failure to
    record must not keep the tablet from opening: the log says the kind of error only.
    """
    try:
        record_settings(
            database, settings, actor=Actor.system(settings.device_id()), noticed=AT_START_UP
        )
    except Exception as error:  # the tablet opens anyway; the next start tries again
        LOG.error("clinic settings changes not recorded (%s)", type(error).__name__)


def record_settings(
    database: Database, settings: Settings, *, actor: Actor, noticed: str | None = None
) -> tuple[str, ...]:
    """Record the settings in force in one transaction; the dotted names of the settings
    that changed (none: nothing was written)."""
    with database.session() as session:
        return record_settings_in(
            session, settings.clinic, settings.clinic_file, actor=actor, noticed=noticed
        )


def record_settings_in(
    session: Session,
    clinic: ClinicSettings,
    clinic_file: Path,
    *,
    actor: Actor,
    noticed: str | None = None,
    by: str | None = None,
    via: str | None = None,
) -> tuple[str, ...]:
    """As ``record_settings``, in the caller's transaction (nothing committed here);
    ``by`` and ``via``: who made the change, and where (the settings page)."""
    workstation = actor.workstation or session.info.get(WORKSTATION)
    last = _last_record(session, workstation)
    before = _detail_of(last)
    values, credentials = _flat_settings(clinic)
    changed = _changed_values(before.get("settings", {}), values)
    hashes, hidden = _compared_credentials(before.get("credential_hashes", {}), credentials)
    changed |= {name: {"hidden": True} for name in hidden}
    if last is not None and not changed:
        return ()
    detail: dict[str, Any] = {
        "changed": dict(sorted(changed.items())),
        "settings": values,
        "credential_hashes": hashes,
        "clinic_file_sha256": _file_sha256(clinic_file),
        "previous_record": last.sequence if last is not None else None,
    }
    if noticed:
        detail["noticed"] = noticed
    detail |= {name: value for name, value in (("by", by), ("via", via)) if value}
    append_event(
        session,
        actor=actor.audit_name,
        actor_role=actor.role_names or None,
        action=SETTINGS_CHANGED,
        detail=detail,
        workstation=workstation,
    )
    return tuple(detail["changed"])


def _last_record(session: Session, workstation: str | None) -> AuditEvent | None:
    """This workstation's latest ``settings_changed`` event, if any."""
    query = (
        select(AuditEvent)
        .where(col(AuditEvent.action) == SETTINGS_CHANGED)
        .where(col(AuditEvent.workstation) == workstation)
        .order_by(col(AuditEvent.sequence).desc())
        .limit(1)
    )
    return session.exec(query).first()


def _detail_of(event: AuditEvent | None) -> Mapping[str, Any]:
    detail = event.detail if event is not None else None
    return detail if isinstance(detail, Mapping) else {}


def _flat_settings(clinic: ClinicSettings) -> tuple[dict[str, Any], dict[str, str]]:
    """Every setting by dotted name, defaults included, as JSON values (a text per
    language stays one value); and the hidden part of each URL, by its own name."""
    values: dict[str, Any] = {}
    credentials: dict[str, str] = {}
    for section, fields in clinic.model_dump(mode="json").items():
        for key, value in fields.items():
            name = f"{section}.{key}"
            values[name] = value
            if name in _URL_SETTINGS and isinstance(value, str):
                values[name], secret = _without_credentials(value)
                if secret:
                    credentials[name + _CREDENTIALS] = secret
    return values, credentials


def shown_url(url: str) -> str:
    """``url`` as it may be shown or recorded: its user name, password and query as
    ``(hidden)``."""
    return _without_credentials(url)[0]


def _without_credentials(url: str) -> tuple[str, str]:
    """The URL with its user name, password and query shown as ``(hidden)``, and what
    was hidden ("" when nothing)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL the app could use either: hide it whole
        return HIDDEN, url
    user, at, host = parts.netloc.rpartition("@")
    if not at and not parts.query:
        return url, ""
    netloc = f"{HIDDEN}@{host}" if at else host
    query = HIDDEN if parts.query else ""
    shown = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return shown, f"{user}{at}?{parts.query}"


def _changed_values(before: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """Each setting whose value differs, with its old and new value."""
    names = sorted(set(before) | set(now))
    return {
        name: {"old": before.get(name), "new": now.get(name)}
        for name in names
        if name not in before or name not in now or before[name] != now[name]
    }


def _compared_credentials(
    before: Mapping[str, str], now: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The hashes to keep for the hidden parts now in force, and the names of those that
    changed (added, removed or different)."""
    hashes: dict[str, str] = {}
    changed: list[str] = []
    for name in sorted(set(before) | set(now)):
        old_hash, secret = before.get(name), now.get(name)
        if secret is not None and old_hash is not None and _same(old_hash, secret):
            hashes[name] = old_hash
            continue
        changed.append(name)
        if secret is not None:
            hashes[name] = _HASHER.hash(secret)
    return hashes, changed


def _same(stored_hash: str, secret: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def _file_sha256(path: Path) -> str | None:
    """The SHA-256 of the clinic file as it is now (None: no file, or it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
