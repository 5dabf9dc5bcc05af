"""Reading and writing the key file (``gcp-desk.keys``): one small JSON document, checked when read, written whole.

Every write goes to a temporary file (owner-only), is put on disk, then takes the file's name in one step, so a
failed write leaves the old file. A checksum over the content tells a damaged file (a bad sector, a cut-short copy)
from a wrong password: without it a flipped bit in a wrapped key would look like a wrong password forever. It is
not a security seal (anyone who can write the file can recompute it); AES-GCM protects the keys themselves.

Writes by two processes at once (the app and the command line) are serialised with a lock on ``<file>.lock`` on
POSIX, and every change re-reads the file under the lock first, so no failed attempt is lost.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..domain.errors import GcpDeskError
from ..files import write_whole_file

FORMAT = "gcp-desk-keys"
VERSION = 1


class KeyFileProblem(GcpDeskError):
    """The key file cannot be used; the message says why. The database is left exactly as it was."""


class KeyFileMissing(KeyFileProblem):
    pass


class KeyFileDamaged(KeyFileProblem):
    pass


class KeyFileForAnotherDatabase(KeyFileProblem):
    pass


class KeyFileTooNew(KeyFileProblem):
    pass


class KeyFileExists(KeyFileProblem):
    pass


def read_document(path: Path) -> dict[str, Any]:
    """The checked content of the key file at ``path``, or the ``KeyFileProblem`` that says what is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileMissing(
            f"The key file {path} is missing. Without it the encrypted database beside it cannot be opened with a "
            "password; put back the copy from a backup, or sign in with the organisation's recovery key.") from None
    except OSError as error:
        raise KeyFileDamaged(f"The key file {path} cannot be read ({error.strerror or error}).") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(path, "it is cut short or not a key file") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _damaged(path, "it is not a GCP Desk key file")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise _damaged(path, "its format version is unreadable")
    if version > VERSION:
        raise KeyFileTooNew(
            f"The key file {path} was written by a newer GCP Desk (key file format {version}; this copy reads "
            f"format {VERSION}). Install the newer GCP Desk. Nothing was changed.")
    if document.get("checksum") != checksum(document):
        raise _damaged(path, "its content does not match its checksum")
    try:
        _check_shape(document)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise _damaged(path, "a part of it is missing or unreadable") from None
    return document


def write_document(path: Path, document: dict[str, Any]) -> None:
    document = dict(document, format=FORMAT, version=VERSION)
    document["checksum"] = checksum(document)
    data = json.dumps(document, indent=1, sort_keys=True).encode("utf-8")
    write_whole_file(path, data)  # temporary file (0600), fsync, os.replace; the old file stays if it fails
    os.chmod(path, 0o600)


def checksum(document: dict[str, Any]) -> str:
    content = {key: value for key, value in document.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` exclusively (POSIX; elsewhere a no-op) while the key file is read and changed."""
    try:
        import fcntl
    except ImportError:  # Windows: one app per signed-in user; the atomic write still keeps the file whole
        yield
        return
    handle = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def sealed_json(nonce: bytes, wrapped: bytes, **extra: Any) -> dict[str, Any]:
    return {"nonce": b64(nonce), "wrapped": b64(wrapped), **extra}


def _damaged(path: Path, why: str) -> KeyFileDamaged:
    return KeyFileDamaged(
        f"The key file {path} is damaged ({why}). Put back the copy from a backup, or sign in with the "
        "organisation's recovery key. The database has not been changed.")


def _check_shape(document: dict[str, Any]) -> None:
    """Raise if any part the app relies on is missing or of the wrong kind."""
    if not isinstance(document["database_id"], str) or not document["database_id"]:
        raise ValueError("database_id")
    if not isinstance(document["key_check"], str):
        raise ValueError("key_check")
    for sealed in (document["recovery"], *([document["previous"]] if document.get("previous") else [])):
        _check_sealed(sealed)
    unb64(document["recovery"]["salt"])
    for user_id, slot in document["accounts"].items():
        if not isinstance(user_id, str) or not isinstance(slot["name"], str):
            raise ValueError("account")
        if not isinstance(slot["failures"], int) or not isinstance(slot["must_change"], bool):
            raise ValueError("account state")
        if slot["key"] is not None:
            _check_sealed(slot["key"])
            unb64(slot["key"]["salt"])
    for attempt in document["pending_failures"]:
        if not isinstance(attempt["at"], str) or not isinstance(attempt["name"], str):
            raise ValueError("pending failure")


def _check_sealed(sealed: dict[str, Any]) -> None:
    if len(unb64(sealed["nonce"])) != 12 or len(unb64(sealed["wrapped"])) < 16:
        raise ValueError("sealed key")
