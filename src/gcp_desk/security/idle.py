"""The idle lock's clock: after a quiet spell the app locks and needs the password to go on.

Pure, so the rule is tested without a window: the UI calls ``touch()`` on each key press or click, asks
``is_locked()`` on a timer (``remaining()`` says when to ask next), and calls ``unlock()`` once the password has
been checked again.

The clock is the wall clock in UTC, not a monotonic one: on Linux the monotonic clock stops while a laptop sleeps,
and a lid closed for an hour must come back locked. A wall clock can be set back, which would stretch the quiet
spell; so a clock that goes back by more than a small allowance locks at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ..domain.clock import utc_now

DEFAULT_TIMEOUT = timedelta(minutes=10)
CLOCK_SET_BACK_ALLOWANCE = timedelta(minutes=1)
"""Time servers nudge clocks back a little; more than this is treated as a clock being set back."""


class IdleTracker:
    def __init__(self, timeout: timedelta = DEFAULT_TIMEOUT, now: Callable[[], datetime] = utc_now):
        self._now = now
        self._timeout = _checked(timeout)
        self._last_activity = now()
        self._locked = False

    @property
    def timeout(self) -> timedelta:
        return self._timeout

    def set_timeout(self, timeout: timedelta) -> None:
        """A changed setting applies to the quiet spell already under way."""
        self._timeout = _checked(timeout)

    def touch(self) -> None:
        """The person did something. Once locked, activity does not count: only ``unlock()`` opens the app."""
        if not self.is_locked():
            self._last_activity = self._now()

    def is_locked(self) -> bool:
        if not self._locked:
            quiet = self._now() - self._last_activity
            if quiet >= self._timeout or quiet < -CLOCK_SET_BACK_ALLOWANCE:
                self._locked = True
        return self._locked

    def lock(self) -> None:
        """Lock now (the person chose "Lock", or the operating system is going to sleep)."""
        self._locked = True

    def unlock(self) -> None:
        """The password was checked again: open, with a fresh quiet spell."""
        self._locked = False
        self._last_activity = self._now()

    def remaining(self) -> timedelta:
        """How long until the lock, if nothing happens; zero once locked."""
        if self.is_locked():
            return timedelta(0)
        quiet = max(timedelta(0), self._now() - self._last_activity)
        return max(timedelta(0), self._timeout - quiet)


def _checked(timeout: timedelta) -> timedelta:
    if timeout <= timedelta(0):
        raise ValueError(f"the idle time before locking must be more than zero, not {timeout}")
    return timeout
