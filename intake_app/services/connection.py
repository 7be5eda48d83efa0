"""What the screens catch when the database cannot be reached.

Every service call runs in one ``Database.session()``, which turns a lost, refused or
timed-out connection into ``DatabaseUnavailable`` (``storage.db``), with nothing of the
call kept. The tablet then keeps what is on screen, says in plain words that it was not
saved and tries again; the desk says the connection was lost and polls on. After the
server comes back the next call connects afresh.
"""

from __future__ import annotations

from intake_app.storage.db import DatabaseUnavailable

__all__ = ["DatabaseUnavailable"]
