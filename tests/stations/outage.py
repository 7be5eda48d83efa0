"""The clinic's database out of reach for one station, and back, without touching a server.

``Outage(database)`` closes the station's pooled connections and makes every new one
fail as a lost server does (the driver's own error); ``end()`` lets connections through
again. Other stations (another ``Database`` on the same file) are not affected.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event

from intake_app.storage.db import Database


class Outage:
    def __init__(self, database: Database) -> None:
        self.engine = database.engine
        self.engine.dispose()  # the connections open now are gone with the server
        event.listen(self.engine, "do_connect", self._refuse)

    @staticmethod
    def _refuse(*_args: Any) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    def end(self) -> None:
        event.remove(self.engine, "do_connect", self._refuse)
