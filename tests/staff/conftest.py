"""Account tests run on both databases, as the storage tests do: the wrong-try count and
the lock-out are stored, shared by every station."""

from __future__ import annotations

import pytest

from intake_app.staff.manage import NewPerson, add_person
from intake_app.storage.tables import StaffUser
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

PASSWORD = "correct horse battery"


@pytest.fixture
def ana(database) -> StaffUser:  # noqa: F811
    """A nurse with a password, added at the command line."""
    with database.session() as session:
        person = add_person(session, NewPerson("Ana López", "ana", ["nurse"], PASSWORD), by=None)
        session.commit()
    return person
