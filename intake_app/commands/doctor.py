"""``intake-app doctor``: check this installation and print each finding with what to do.

The checks are ``services.doctor``'s. Each finding is a block: its level and what was
checked, what was found, and (unless it is ok) what to do; problems first, then
warnings, then what is ok, then a summary line. Exit 1 when any problem was found, 0
otherwise (warnings are printed but do not fail). On a large installation the documents
take a while: the count checked so far goes to standard error every few hundred.
Findings name documents by id and file name, never a patient.
"""

from __future__ import annotations

import argparse
import sys

from intake_app.services.actor import Actor
from intake_app.services.doctor import Checkup, Finding, check_installation
from intake_app.settings import load_settings

LABELS = {"problem": "PROBLEM", "warning": "WARNING", "ok": "OK"}


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    checkup = check_installation(settings, by=Actor.console(), progress=_progress)
    for finding in checkup.findings:
        print(block(finding))
    print(summary(checkup))
    return 0 if checkup.clean else 1


def block(finding: Finding) -> str:
    """``PROBLEM  Document``, then what was found and what to do, each on one indented line
    (a command in it stays whole to copy); a blank line after all but an ok finding."""
    lines = [f"{LABELS[finding.level]:<8} {finding.check}", f"  {finding.found}"]
    if finding.todo:
        lines.append(f"  To do: {finding.todo}")
    return "\n".join(lines) + ("" if finding.level == "ok" else "\n")


def summary(checkup: Checkup) -> str:
    """``doctor: 2 problem(s), 1 warning(s), 7 ok.`` and what the exit status means."""
    counts = ", ".join(
        f"{checkup.count(level)} {word}"
        for level, word in (("problem", "problem(s)"), ("warning", "warning(s)"), ("ok", "ok"))
    )
    verdict = "fix the problems above" if not checkup.clean else "no problem found"
    return f"\ndoctor: {counts}: {verdict}."


def _progress(checked: int, total: int) -> None:
    print(f"doctor: {checked} of {total} documents checked", file=sys.stderr, flush=True)
