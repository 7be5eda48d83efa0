"""Staff members on file, as the actors of service calls in tests."""

from __future__ import annotations

from intake_app.services.actor import Actor
from intake_app.services.tablet_unlock import staff_actor
from intake_app.staff.manage import NewPerson, add_person
from intake_app.storage.db import Database

NAMES = {
    "nurse": "Rosa Díaz",
    "clinician": "Dr Ines Ito",
    "records": "Lee Park",
    "admin": "Ada Admin",
}


def on_file(database: Database, *roles: str, device: str = "tablet-1") -> Actor:
    """A person with ``roles`` added to ``database`` (a made-up name per first role)."""
    user_name = "-".join(roles)
    with database.session() as session:
        new = NewPerson(NAMES[roles[0]], user_name, list(roles), "correct horse battery")
        person = add_person(session, new, by=None)
        return staff_actor(person, device)
