"""A report under way that may be given up: the report worker builds a report ahead of its request, and stops it
(at the next page, or before its chart or its signature) as soon as a request for something else comes in.

    with interruptible(check):      # ``check`` raises ``Superseded`` when the report is no longer wanted
        pdf = LOCAL.assessment_report(...)

Outside ``interruptible`` (every other build) ``checkpoint`` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

_check: Callable[[], None] | None = None


class Superseded(Exception):
    """The report being built ahead is no longer wanted."""


@contextmanager
def interruptible(check: Callable[[], None]) -> Iterator[None]:
    global _check
    _check = check
    try:
        yield
    finally:
        _check = None


def checkpoint() -> None:
    """Between a report's steps: give it up here if it is no longer wanted."""
    if _check is not None:
        _check()
