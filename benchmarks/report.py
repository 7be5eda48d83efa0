"""The figures a benchmark run gives, judged against their targets, as a table and as JSON.

A figure is the median and 95th percentile of its samples, and, when it has one, the
median of a baseline measured in the same run and the ratio of the two medians. Its
target is a list of limits (``Limit``) on those numbers, all of which must hold.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COLUMNS = ("figure", "median", "95th pct", "baseline", "ratio", "target", "result")


def median(samples: list[float]) -> float:
    ordered = sorted(samples)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile_95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile: the sample that 95% of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Limit:
    """One limit of a target: ``of`` (median, p95 or ratio) at most ``at_most``."""

    of: str
    at_most: float

    def holds(self, figure: Figure) -> bool | None:
        value = {"median": figure.median, "p95": figure.p95, "ratio": figure.ratio}[self.of]
        return None if value is None else value <= self.at_most


@dataclass
class Figure:
    """One measured figure (seconds or megabytes) and what it is judged by."""

    name: str
    unit: str  # "s" or "MB"
    samples: list[float]
    baseline_samples: list[float] = field(default_factory=list)
    baseline: str = ""  # what the baseline is, in words
    limits: list[Limit] = field(default_factory=list)
    target: str = ""  # the target in words, as the table shows it ("p95 < 50 ms; aim 16 ms")
    note: str = ""

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p95(self) -> float:
        return percentile_95(self.samples)

    @property
    def baseline_median(self) -> float | None:
        return median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    def passed(self) -> bool | None:
        """True when every limit holds, False when one does not, None when none is set."""
        if not self.limits:
            return None
        return all(limit.holds(self) for limit in self.limits)

    def as_json(self, *, judged: bool) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "p95": self.p95,
            "count": len(self.samples),
            "samples": self.samples,
            "baseline": self.baseline or None,
            "baseline_median": self.baseline_median,
            "baseline_samples": self.baseline_samples,
            "ratio": self.ratio,
            "target": self.target or None,
            "limits": [asdict(limit) for limit in self.limits],
            "passed": self.passed() if judged else None,
            "note": self.note or None,
        }


def shown(value: float | None, unit: str) -> str:
    """A value as the table shows it: milliseconds under ten seconds, else seconds; MB whole."""
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 10:
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value * 1000:.0f} ms"
    return f"{value:.1f} s"


def verdict(figure: Figure, *, judged: bool) -> str:
    if not judged:
        return "not judged" if figure.limits else "-"
    passed = figure.passed()
    return "-" if passed is None else ("pass" if passed else "FAIL")


def table(figures: list[Figure], *, judged: bool) -> str:
    """The figures as a plain-text table, one row each."""
    rows = [COLUMNS]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        base = shown(f.baseline_median, f.unit)
        rows.append((f.name, shown(f.median, f.unit), shown(f.p95, f.unit), base, ratio,
                     f.target or "-", verdict(f, judged=judged)))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on: CPU, cores, memory, system, Python, PySide6."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pyside = version("PySide6")
    except PackageNotFoundError:
        pyside = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": _os_name(),
        "python": platform.python_version(),
        "pyside6": pyside,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _os_name() -> str:
    try:
        release = platform.freedesktop_os_release()
        return f"{release.get('PRETTY_NAME', 'Linux')} (kernel {platform.release()})"
    except OSError:
        return f"{platform.system()} {platform.release()}"


def write_json(path: Path, figures: list[Figure], *, short: bool, extra: dict[str, Any]) -> None:
    judged = not short
    document = {
        "machine": machine(),
        "mode": "short" if short else "full",
        "command": " ".join(["scripts/bench", *sys.argv[1:]]),
        **extra,
        "figures": [f.as_json(judged=judged) for f in figures],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
