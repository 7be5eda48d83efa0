"""Running each measurement in a fresh Python process, and reading back what it measured.

A child prints one line ``BENCH {json}`` with its figures (``say``); anything else it
prints is its own. Children import the app from this checkout (``PYTHONPATH``), draw
off screen unless told otherwise, and are killed when they take too long.

Children keep the app's compiled modules (bytecode) between runs, in a folder of the
system's temporary files (``PYCACHE``), as an installed app has them: where
``PYTHONDONTWRITEBYTECODE`` is set, every child would otherwise compile each of the
app's modules again from its source at every start, which no tablet does (and no bare
PySide6 program, whose few modules come compiled with PySide6).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MARK = "BENCH "
PYCACHE = Path(tempfile.gettempdir()) / "intake-bench-pycache"


class ChildFailed(RuntimeError):
    """A benchmark's process failed: its words say which and how it ended."""


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    env.update(extra)
    return env


def say(result: dict[str, Any]) -> None:
    """In a child: hand the figures back to the runner."""
    print(MARK + json.dumps(result), flush=True)


@dataclass(frozen=True)
class Finished:
    seconds: float  # from just before the process was started until it ended
    started_at: float  # time.monotonic() just before the start (the clock children read)
    result: dict[str, Any]


def run_child(
    args: list[str], *, env: dict[str, str] | None = None, timeout: float = 600
) -> Finished:
    """Run ``python args...`` from the checkout and return what it said with ``say``."""
    command = [sys.executable, *args]
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env or child_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ChildFailed(f"{' '.join(args)} took more than {timeout:g} s") from None
    seconds = time.monotonic() - started
    lines = [line[len(MARK) :] for line in out.splitlines() if line.startswith(MARK)]
    if process.returncode != 0 or not lines:
        tail = "\n".join(err.strip().splitlines()[-15:])
        raise ChildFailed(f"{' '.join(args)} ended with {process.returncode}:\n{tail}")
    return Finished(seconds, started, json.loads(lines[-1]))


def self_peak_mb() -> float:
    """In a child: its own peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_command(
    args: list[str], *, env: dict[str, str], timeout: float = 600
) -> tuple[float, float]:
    """Run a command (its output thrown away) and return its wall time and its own peak
    resident memory in MB (from wait4, so only this process's)."""
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            raise ChildFailed(f"{' '.join(args)} took more than {timeout:g} s")
        time.sleep(0.002)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise ChildFailed(f"{' '.join(args)} ended with {process.returncode}: {err.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024
