"""``intake-app doctor``: check an installation and say, for each finding, what to do.

The checks (``services.doctor_checks``), in order:

- the database answers (``database``), holds the app's tables and records the schema
  version the app expects;
- every document on file: its file is there, its SHA-256 is the one recorded, its seal
  is the clinic's and the audit trail holds the head sealed in it (``documents``);
- no PDF in the documents folder that no document points to, and nothing an interrupted
  write left behind (``leftovers``);
- the audit trail's hash chain (``audit_chain``);
- the data folder, the keys and the database file are their owner's only
  (``private_modes``);
- the seal certificate is good for 30 more days (``certificate``);
- the disk has room (``disk``).

Nothing is changed. The checks that need the database are left out when it cannot be
read (its finding says why); a check that fails unexpectedly becomes a problem naming
the error's kind, never a traceback. Findings name documents by id and file name, never
a patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import Engine

from intake_app.services.actor import Actor
from intake_app.services.doctor_checks.audit_chain import check_audit_chain
from intake_app.services.doctor_checks.certificate import check_certificate
from intake_app.services.doctor_checks.database import (
    expected_schema_version,
    missing_app_tables,
    reach_database,
    schema_version_finding,
)
from intake_app.services.doctor_checks.disk import check_disk_space
from intake_app.services.doctor_checks.documents import PROGRESS_EVERY, Progress, check_documents
from intake_app.services.doctor_checks.findings import LEVELS, Finding, failed_check, problem
from intake_app.services.doctor_checks.leftovers import check_leftovers
from intake_app.services.doctor_checks.private_modes import check_private_modes
from intake_app.services.permissions import Permission, require
from intake_app.settings import Settings

__all__ = ["PROGRESS_EVERY", "Checkup", "Finding", "Progress", "check_installation"]

T = TypeVar("T")


@dataclass(frozen=True)
class Checkup:
    """Every finding, problems first, then warnings, then what is ok."""

    findings: list[Finding] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(1 for finding in self.findings if finding.level == level)

    @property
    def clean(self) -> bool:
        """No problem (warnings may remain)."""
        return self.count("problem") == 0


def check_installation(
    settings: Settings,
    *,
    by: Actor,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> Checkup:
    """Check this machine's installation for ``by`` (who may read the audit trail).

    ``progress(checked, total)`` is told every ``PROGRESS_EVERY`` documents.
    """
    require(by, Permission.READ_AUDIT)
    now = now or dt.datetime.now(dt.UTC)
    findings = [*_data_folder(settings)]
    reached = reach_database(settings)
    findings.append(reached.finding)
    if reached.engine is not None:
        try:
            findings += _database_checks(reached.engine, settings, progress, now)
        finally:
            reached.engine.dispose()
    findings += _guarded("Permissions", lambda: check_private_modes(settings))
    findings += _guarded("Seal certificate", lambda: [check_certificate(settings, now=now)])
    findings += _guarded("Free disk space", lambda: check_disk_space(settings))
    order = {level: index for index, level in enumerate(LEVELS)}
    return Checkup(sorted(findings, key=lambda finding: order[finding.level]))


def _data_folder(settings: Settings) -> list[Finding]:
    if settings.data_dir.is_dir():
        return []
    return [
        problem(
            "Data folder",
            f"The data folder {settings.data_dir} does not exist.",
            "Set INTAKE_DATA_DIR to the clinic's data folder. On a new computer, start the "
            "app once; to move an installation here, restore its backup "
            "(`intake-app restore DIR`).",
        )
    ]


def _database_checks(
    engine: Engine, settings: Settings, progress: Progress | None, now: dt.datetime
) -> list[Finding]:
    """The schema, then (when the app's tables are there) the documents, the documents
    folder and the audit trail."""
    findings = _guarded(
        "Database schema", lambda: [schema_version_finding(engine, expected_schema_version())]
    )
    missing = _guarded_value("Database schema", lambda: missing_app_tables(engine))
    if isinstance(missing, Finding):
        return [*findings, missing]
    if missing:  # the schema's finding says which tables
        return findings
    documents = _guarded_value("Document", lambda: check_documents(engine, settings, progress))
    folders: set[Path] = set()
    if isinstance(documents, Finding):
        findings.append(documents)
    else:
        findings += documents.findings
        folders = documents.folders
    findings += _guarded(
        "Documents folder", lambda: check_leftovers(engine, settings, folders, now=now)
    )
    findings += _guarded("Audit trail", lambda: [check_audit_chain(engine)])
    return findings


def _guarded(check: str, run: Callable[[], list[Finding]]) -> list[Finding]:
    found = _guarded_value(check, run)
    return [found] if isinstance(found, Finding) else found


def _guarded_value(check: str, run: Callable[[], T]) -> T | Finding:
    """``run()``, or a problem naming the kind of error it raised: one check that cannot
    finish (a lost connection, a file that vanished) leaves the others to run."""
    try:
        return run()
    except Exception as error:
        return failed_check(check, error)
