"""How long a person must wait before the next password try: none for the first five wrong passwords in a row,
then 1 s, 2 s, 4 s ... doubling up to 15 minutes. Pure; the key file keeps the counts."""

from __future__ import annotations

from datetime import datetime, timedelta

FREE_TRIES = 5
FIRST_WAIT_SECONDS = 1
LONGEST_WAIT_SECONDS = 15 * 60


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords in a row: 0 up to 4, then 1, 2, 4 ... at most 900."""
    if failures < FREE_TRIES:
        return 0
    doublings = failures - FREE_TRIES
    if doublings >= LONGEST_WAIT_SECONDS.bit_length():
        return LONGEST_WAIT_SECONDS
    return min(FIRST_WAIT_SECONDS << doublings, LONGEST_WAIT_SECONDS)


def seconds_left(failures: int, last_failure_at: datetime | None, now: datetime) -> float:
    """Seconds before the next try is allowed; 0 when it may be made now.

    Never more than the wait itself, so a clock put back does not lock someone out for longer than the rule says.
    """
    wait = wait_after(failures)
    if wait == 0 or last_failure_at is None:
        return 0.0
    left = (last_failure_at + timedelta(seconds=wait) - now).total_seconds()
    return max(0.0, min(left, float(wait)))
