"""What a check of ``intake-app doctor`` found: one finding, ok, a warning or a problem.

A problem makes ``doctor`` exit 1 (something is wrong or will go wrong: a record is
missing or changed, a key others can read); a warning is printed but leaves the exit
status 0 (something to look at: a certificate ending soon, a temporary file left
behind). Every finding that is not ok says what to do, in words a clinic's
administrator can follow.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Level = Literal["ok", "warning", "problem"]
LEVELS: tuple[Level, ...] = ("problem", "warning", "ok")  # the order they are printed in


@dataclass(frozen=True)
class Finding:
    """``check`` names what was checked ("Database", "Document file"); ``found`` says what
    was found and ``todo`` what to do about it ("" when ok)."""

    check: str
    level: Level
    found: str
    todo: str = ""


def ok(check: str, found: str) -> Finding:
    return Finding(check, "ok", found)


def warning(check: str, found: str, todo: str) -> Finding:
    return Finding(check, "warning", found, todo)


def problem(check: str, found: str, todo: str) -> Finding:
    return Finding(check, "problem", found, todo)


def quoted(path: Path | str) -> str:
    """A path as it is typed in a shell command (quoted when it holds spaces)."""
    return shlex.quote(str(path))


def failed_check(check: str, error: BaseException) -> Finding:
    """A check that could not finish: named by the error's kind only (its message could
    hold patient data)."""
    return problem(
        check,
        f"The check could not finish ({type(error).__name__}).",
        "Run `intake-app doctor` again. If this comes back, report it with this line.",
    )
