"""The write-ahead log is copied back into the database file by a thread of the database's own, a moment after
writes, never inside a commit: a grade's commit only appends to the log."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from gcp_desk.storage import checkpoints
from gcp_desk.storage.db import Database

pytestmark = pytest.mark.sqlite_only

PAGE = 4096


def log_frames(db_path: Path) -> tuple[int, int]:
    """The frames in the log and how many of them are copied back, from the log's shared index (SQLite's file
    format: the index header's ``mxFrame`` at byte 16, the checkpoint's ``nBackfill`` at byte 96)."""
    index = Path(f"{db_path}-shm").read_bytes()[:100]
    (frames,) = struct.unpack_from("=I", index, 16)
    (copied,) = struct.unpack_from("=I", index, 96)
    return frames, copied


def write_pages(db: Database, commits: int) -> None:
    """Small commits, as grades are, that together fill the log past SQLite's own checkpoint mark (1,000 pages)."""
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB)"))
    for _ in range(commits):
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO filler (body) VALUES (randomblob(:size))"), {"size": 3 * PAGE})


def test_no_commit_copies_the_log_back_itself(db, db_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "QUIET_S", 60.0)  # the thread waits: what happens is the commits' own doing
    write_pages(db, 400)
    frames, copied = log_frames(db_path)
    assert frames > 1000, "SQLite's automatic checkpoint would have started the log again at about 1,000 pages"
    assert copied == 0, "no commit copied the log back"


def test_a_moment_after_the_writes_the_whole_log_is_in_the_database_file(db, db_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "QUIET_S", 0.05)
    write_pages(db, 400)
    deadline = time.monotonic() + 10
    while log_frames(db_path)[1] < log_frames(db_path)[0] and time.monotonic() < deadline:
        time.sleep(0.02)
    frames, copied = log_frames(db_path)
    assert copied == frames > 0
    with db.transaction() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM filler")).scalar() == 400


def test_closing_the_database_waits_for_a_checkpoint_under_way_and_leaves_no_thread(db_path):
    db = Database.for_file(db_path, create=False)
    started, release = [], []

    def slow() -> None:
        started.append(True)
        time.sleep(0.3)
        release.append(True)

    keeper = checkpoints.Checkpointer(slow)
    original, checkpoints.QUIET_S = checkpoints.QUIET_S, 0.01
    try:
        keeper.committed()
        deadline = time.monotonic() + 5
        while not started and time.monotonic() < deadline:
            time.sleep(0.005)
        keeper.close()
        assert release == [True], "close waited for the checkpoint under way"
    finally:
        checkpoints.QUIET_S = original
        db.dispose()
