"""The first run: while no active administrator exists, a tablet is set up, not unlocked.

Nobody can be the actor yet, so the rule is the guard: ``staff.first_admin``
adds the first administrator only while none is active. One transaction adds
the person with their PIN, and the clinic's name is written to the clinic
file's ``[clinic] name`` before it commits, so a file that cannot be written
leaves no administrator behind. The name is recorded in the audit trail as a
settings change in that same transaction, with the new administrator as the actor.
"""

from __future__ import annotations

from pathlib import Path

from intake_app.clinic_file import store_clinic_name
from intake_app.services.settings_record import record_settings_in
from intake_app.services.tablet_unlock import staff_actor
from intake_app.settings import read_clinic_file
from intake_app.staff.first_admin import FirstAdmin, add_first_admin, clinic_name_of
from intake_app.staff.manage import needs_first_admin as _needs_first_admin
from intake_app.storage.db import Database
from intake_app.storage.staff import UserNameTaken

__all__ = ["UserNameTaken", "needs_first_admin", "set_up"]


def needs_first_admin(database: Database) -> bool:
    """Whether no active administrator exists yet."""
    with database.session() as session:
        return _needs_first_admin(session)


def set_up(database: Database, entry: FirstAdmin, clinic_file: Path) -> None:
    """Add the first administrator and write the clinic's name, both or neither.

    Raises ``UserNameTaken``, ``AccountProblem`` (an administrator exists now),
    ``OSError`` or ``SettingsError`` (the clinic file could not be written).
    """
    with database.session() as session:
        person = add_first_admin(session, entry)
        store_clinic_name(clinic_file, clinic_name_of(entry))
        in_force = read_clinic_file(clinic_file)  # as written
        record_settings_in(session, in_force, clinic_file, actor=staff_actor(person, None))
