"""Writing a file so that nobody ever finds half of it, and saying in words why a file could not be written.

Reports and signing keys are OFFICIAL-SENSITIVE or secret, so what is written here is readable by its owner only.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_whole_file(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target`` (owner-only, as ``mkstemp`` makes it), put it on disk,
    then give it ``target``'s name in one step. A reader never finds half a file, and a failure leaves nothing
    behind and any file being replaced unchanged."""
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before it takes the real name, in case the power goes
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
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


def erase_file(path: Path) -> None:
    """Overwrite ``path`` with zeros, put that on disk, then remove it: the plain bytes of a file that has been
    replaced by an encrypted one. Best effort: an SSD or a copy-on-write file system may keep the old blocks, which
    only full-disk encryption covers."""
    chunk = 1 << 20
    try:
        size = path.stat().st_size
        with open(path, "r+b") as stream:
            zeros = bytes(chunk)
            for offset in range(0, size, chunk):
                stream.write(zeros[: min(chunk, size - offset)])
            stream.flush()
            os.fsync(stream.fileno())
    finally:
        path.unlink(missing_ok=True)
