"""Idle time: prompt after the idle time, lock after the countdown, with a fake clock."""

from __future__ import annotations

from intake_app.kiosk.idle import IdlePolicy, IdleState, IdleTracker


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tracker(clock: FakeClock) -> IdleTracker:
    return IdleTracker(IdlePolicy(idle_seconds=180, warning_seconds=30), clock)


def test_active_then_warning_then_locked():
    clock = FakeClock()
    idle = tracker(clock)
    clock.now += 179
    assert idle.state() is IdleState.ACTIVE
    clock.now += 1
    assert idle.state() is IdleState.WARNING
    assert idle.seconds_left() == 30
    clock.now += 29.5
    assert idle.seconds_left() == 1
    clock.now += 0.5
    assert idle.state() is IdleState.LOCKED


def test_any_input_during_the_warning_keeps_the_session():
    clock = FakeClock()
    idle = tracker(clock)
    clock.now += 200
    assert idle.state() is IdleState.WARNING
    idle.input_seen()
    assert idle.state() is IdleState.ACTIVE
    clock.now += 179
    assert idle.state() is IdleState.ACTIVE


def test_once_locked_input_does_not_unlock_only_reset_does():
    clock = FakeClock()
    idle = tracker(clock)
    clock.now += 500
    assert idle.state() is IdleState.LOCKED
    idle.input_seen()
    assert idle.state() is IdleState.LOCKED
    idle.reset()
    assert idle.state() is IdleState.ACTIVE
