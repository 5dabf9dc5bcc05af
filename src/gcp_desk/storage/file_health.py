"""The database file's health, read without SQLAlchemy and without changing a byte: empty, not an SQLite file,
damaged pages (``PRAGMA quick_check``). Opened read-only, so checking a damaged file never makes it worse.

    problem = file_problem(path)          # None, or words naming what is wrong
    damage = quick_check(path)            # [] when every page reads
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_DAMAGE_LINES = 10


def file_problem(path: Path, *, encrypted: bool = False) -> str | None:
    """Why ``path`` cannot be a GCP Desk database, or ``None``: a missing file is the caller's to judge. An
    encrypted file has no readable header (every byte is ciphertext): its key proves it instead."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"The database file {path} cannot be read: {error.strerror or error}."
    if size == 0:
        return (f"The database file {path} is empty (0 bytes): its contents have been lost, for example when the "
                "disk filled up or the computer lost power. It was left as it is; restore it from a backup.")
    if header != SQLITE_HEADER and not encrypted:
        return (f"The file {path} is not a GCP Desk database (it does not start as an SQLite database does): it "
                "may be damaged, or another file has been put in its place. It was left as it is; restore the "
                "database from a backup.")
    return None


def quick_check(path: Path) -> list[str]:
    """SQLite's own check of every page and index (``PRAGMA quick_check``), read-only: each problem it names, or
    [] when the file is sound."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"cannot be opened ({error})"]
    try:
        rows = connection.execute(f"PRAGMA quick_check({MAX_DAMAGE_LINES})").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        connection.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found
