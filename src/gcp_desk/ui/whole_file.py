"""Saving a file so that nobody ever finds half of it: written beside its place, then put there in one step."""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from pathlib import Path


def write_whole_file(target: Path, data: bytes) -> None:
    """Write ``data`` to a ``.part`` file beside ``target``, then put it in place: a reader never finds half a
    report, and a failure leaves nothing behind (nor a file it was replacing changed)."""
    part = target.with_name(target.name + ".part")
    try:
        with open(part, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before it takes the report's name, in case the power goes
        os.replace(part, target)
    except OSError:
        with suppress(OSError):
            part.unlink(missing_ok=True)
        raise


def why_not_written(error: OSError) -> str:
    """Why a file could not be written, in words that suggest what to do, to follow "not saved in FOLDER: "."""
    reasons = {
        errno.EACCES: "you are not allowed to save files in that folder",
        errno.EPERM: "you are not allowed to save files in that folder",
        errno.ENOENT: "that folder does not exist any more (was a memory stick or network drive removed?)",
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "that disk can only be read, not written to",
        errno.EISDIR: "there is a folder with that name already",
        errno.ENOTDIR: "part of that folder's path is a file, not a folder",
    }
    return reasons.get(error.errno, (error.strerror or str(error)).rstrip(".").lower())
