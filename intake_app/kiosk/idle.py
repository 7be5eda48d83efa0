"""Idle time on the tablet: active, then "Are you still there?", then locked.

The clock is injected so tests can move time forward without waiting.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable
from dataclasses import dataclass


class IdleState(enum.Enum):
    ACTIVE = "active"
    WARNING = "warning"
    LOCKED = "locked"


@dataclass(frozen=True)
class IdlePolicy:
    """Seconds without input before the prompt, and how long the prompt counts down."""

    idle_seconds: float = 180.0
    warning_seconds: float = 30.0


class IdleTracker:
    """Tracks the last input; once locked it stays locked until ``reset``."""

    def __init__(self, policy: IdlePolicy, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self._clock = clock
        self._last_input = clock()
        self._locked = False

    def input_seen(self) -> None:
        """Any touch, click or key: the patient is there (ignored once locked)."""
        if not self._locked:
            self._last_input = self._clock()

    def state(self) -> IdleState:
        if self._locked:
            return IdleState.LOCKED
        idle = self._clock() - self._last_input
        if idle < self.policy.idle_seconds:
            return IdleState.ACTIVE
        if idle < self.policy.idle_seconds + self.policy.warning_seconds:
            return IdleState.WARNING
        self._locked = True
        return IdleState.LOCKED

    def seconds_left(self) -> int:
        """Whole seconds until the lock (during the warning)."""
        idle = self._clock() - self._last_input
        left = self.policy.idle_seconds + self.policy.warning_seconds - idle
        return max(0, math.ceil(left))

    def reset(self) -> None:
        """Start counting again (after the patient or staff resumes)."""
        self._locked = False
        self._last_input = self._clock()
