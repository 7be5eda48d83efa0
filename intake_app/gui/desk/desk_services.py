"""What the desk's pages and controller may use, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from intake_app.forms.catalog import FormCatalog
from intake_app.gui.background import Background
from intake_app.services.this_machine import Database
from intake_app.settings import Settings


@dataclass
class DeskServices:
    settings: Settings
    database: Database
    catalog: FormCatalog | None  # None when the form files cannot be read
    background: Background  # the one worker for slow work off the GUI thread
    now: Callable[[], dt.datetime]
    today: Callable[[], dt.date]
