"""What the screens catch when the database cannot be reached.

Every service call runs in one ``Database.session()``, which turns a lost, refused or
timed-out connection into ``DatabaseUnavailable`` (``storage.db``), with nothing of the
call kept. The tablet then keeps what is on screen, says in plain words that it was not
saved and tries again; the desk says the connection was lost and polls on. After the
server comes back the next call connects afresh.
"""

from __future__ import annotations

from intake_app.storage.db import DatabaseUnavailable

__all__ = ["NOT_REACHED_AT_START", "DatabaseUnavailable"]

# When a station starts (or a command runs) and the database does not answer.
NOT_REACHED_AT_START = (
    "The database could not be reached: its server may be down or restarting, or the "
    "network is out. Check that the database server runs and that INTAKE_DATABASE_URL "
    "names it, then try again."
)
