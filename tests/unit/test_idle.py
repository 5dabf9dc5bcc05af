"""The idle lock: quiet for the set time and the app locks; only the password opens it again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gcp_desk.security.idle import DEFAULT_TIMEOUT, IdleTracker


class Clock:
    def __init__(self) -> None:
        self.time = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.time

    def advance(self, **amount: float) -> None:
        self.time += timedelta(**amount)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_the_default_is_ten_minutes():
    assert DEFAULT_TIMEOUT == timedelta(minutes=10)
    assert IdleTracker().timeout == DEFAULT_TIMEOUT


def test_it_locks_once_the_idle_time_has_passed(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(minutes=9, seconds=59)
    assert not tracker.is_locked()
    assert tracker.remaining() == timedelta(seconds=1)
    clock.advance(seconds=1)
    assert tracker.is_locked()
    assert tracker.remaining() == timedelta(0)


def test_activity_restarts_the_quiet_spell(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    for _ in range(5):
        clock.advance(minutes=8)
        tracker.touch()
    assert not tracker.is_locked()
    clock.advance(minutes=10)
    assert tracker.is_locked()


def test_activity_after_the_lock_does_not_open_it(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(minutes=11)
    tracker.touch()  # a mouse moved over the locked window
    assert tracker.is_locked()


def test_unlocking_opens_with_a_fresh_quiet_spell(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(hours=2)
    assert tracker.is_locked()
    tracker.unlock()
    assert not tracker.is_locked()
    clock.advance(minutes=9)
    assert not tracker.is_locked()
    clock.advance(minutes=1)
    assert tracker.is_locked()


def test_lock_now_locks_at_once(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    tracker.lock()
    assert tracker.is_locked()


def test_a_laptop_that_slept_past_the_idle_time_wakes_locked(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(hours=1)  # lid closed: the wall clock kept going
    assert tracker.is_locked()


def test_a_clock_set_back_locks_rather_than_stretching_the_quiet_spell(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(seconds=-20)  # a time server's small correction is tolerated
    assert not tracker.is_locked()
    assert tracker.remaining() == timedelta(minutes=10)
    clock.advance(hours=-3)
    assert tracker.is_locked()


def test_a_shorter_setting_applies_to_the_spell_under_way(clock):
    tracker = IdleTracker(timedelta(minutes=10), now=clock)
    clock.advance(minutes=6)
    tracker.set_timeout(timedelta(minutes=5))
    assert tracker.is_locked()


@pytest.mark.parametrize("timeout", [timedelta(0), timedelta(minutes=-1)])
def test_an_idle_time_of_zero_or_less_is_refused(timeout, clock):
    with pytest.raises(ValueError, match="more than zero"):
        IdleTracker(timeout, now=clock)
    with pytest.raises(ValueError, match="more than zero"):
        IdleTracker(now=clock).set_timeout(timeout)
