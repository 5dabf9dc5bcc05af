"""Writing to standard output: JSON for scripts, and a reader that stops early (``gcp-desk list | head``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def quiet_when_reader_leaves(command: Callable[[], int]) -> int:
    """Run ``command``; when the reader of standard output goes away (``| head``), end quietly.

    Python's advice for a closed pipe: point standard output at /dev/null so that the flush at exit cannot raise
    a second time, and stop.
    """
    try:
        code = command()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


class Progress:
    """Long work said on standard error as it goes, so standard output stays what scripts read.

    On a terminal one line is rewritten in place; otherwise (a log, a pipe) a line at every tenth of the way.
    """

    def __init__(self, what: str, *, stream=None, every_seconds: float = 0.2):
        self._what, self._stream = what, stream or sys.stderr
        self._live = self._stream.isatty()
        self._every = every_seconds
        self._last_time = 0.0
        self._last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        import time

        if self._last_tenth == 10:  # already said it is all done
            return
        if self._live:
            now = time.monotonic()
            if now - self._last_time < self._every and done < total:
                return
            self._last_time = now
            self._stream.write(f"\r{self._what}: {done:,} of {total:,}")
            if done >= total:
                self._stream.write("\n")
                self._last_tenth = 10
        else:
            tenth = done * 10 // max(total, 1)
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self._stream.write(f"{self._what}: {done:,} of {total:,}\n")
        self._stream.flush()
