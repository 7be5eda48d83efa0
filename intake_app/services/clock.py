"""The clock the services stamp records with (UTC), for screens that show or pass a time."""

from intake_app.storage.db import utc_now

__all__ = ["utc_now"]
