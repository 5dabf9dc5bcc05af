"""Stop points for the fault tests: a sync counts each point it passes, and when the test names one in the
environment it is killed there (``GCP_DESK_SYNC_STOP_AT=N``: SIGKILL, as a pulled plug) or its connection to the
server is cut (``GCP_DESK_SYNC_DROP_AT=N``: the server ends the session, as a dropped network). Unset, nothing
happens: the points cost a counter."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

STOP_AT = "GCP_DESK_SYNC_STOP_AT"
DROP_AT = "GCP_DESK_SYNC_DROP_AT"


class StopPoints:
    def __init__(self) -> None:
        self.passed: list[str] = []
        self._stop = int(os.environ.get(STOP_AT) or 0)
        self._drop = int(os.environ.get(DROP_AT) or 0)

    def point(self, name: str, cut: Callable[[], None] | None = None) -> None:
        self.passed.append(name)
        number = len(self.passed)
        if number == self._stop:
            os.kill(os.getpid(), signal.SIGKILL)
        if number == self._drop and cut is not None:
            cut()
