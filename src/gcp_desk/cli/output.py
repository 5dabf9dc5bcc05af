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
