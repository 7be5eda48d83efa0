"""Logging in at the staff desk: a user name and a password, never a PIN.

The desk is a nurse's or records clerk's computer, not the tablet; what it shows
depends on the person's roles (``DESK_PAGES``). The try is committed whatever
the answer, so a wrong password counts towards the lock-out on every station,
and it is written to the audit trail by ``staff.sign_in``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, allowed
from intake_app.services.tablet_unlock import staff_actor
from intake_app.settings import StaffSettings
from intake_app.staff.sign_in import log_in
from intake_app.storage.db import Database

# The desk's pages, in the order shown, and what a person needs to see each one.
DESK_PAGES: tuple[tuple[str, Permission], ...] = (
    ("queue", Permission.ACKNOWLEDGE_FLAG),
    ("records", Permission.LIST_DOCUMENTS),
    ("people", Permission.MANAGE_PEOPLE),
    ("forms", Permission.PUBLISH_FORMS),
    ("settings", Permission.CHANGE_SETTINGS),
)
NO_PAGE = (
    "Your account has no role that uses the staff desk (nurse, clinician, records or "
    "admin). Ask an administrator to give you one."
)


@dataclass(frozen=True)
class DeskLogin:
    """Who is in (``actor``) and the pages their roles open, or why not (``message``)."""

    actor: Actor | None
    message: str = ""

    @property
    def pages(self) -> list[str]:
        return pages_for(self.actor) if self.actor is not None else []


def pages_for(actor: Actor) -> list[str]:
    """The desk pages ``actor`` may open, in order."""
    return [page for page, needs in DESK_PAGES if allowed(actor, needs)]


def log_in_at_desk(
    database: Database,
    user_name: str,
    password: str,
    *,
    now: dt.datetime,
    rules: StaffSettings,
    station: str,
) -> DeskLogin:
    """Check the person's password at ``station``; a person with no desk page stays out."""
    with database.session() as session:  # committed whatever the answer
        signed = log_in(session, user_name.strip(), password, now, rules=rules, station=station)
        actor = None if signed.person is None else staff_actor(signed.person, station)
    if actor is None:
        return DeskLogin(None, signed.message)
    if not pages_for(actor):
        return DeskLogin(None, NO_PAGE)
    return DeskLogin(actor)
