"""Timed writes that leave the cached caseload as it was: every transaction the services open joins one outer
transaction, rolled back at the end, so no bench needs a copy of a database of many gigabytes.

Each service call still runs its whole unit of work (reads, writes, audit event, stored attention) and ends it at
a savepoint, where it would have committed. What is not timed is the commit's append to SQLite's write-ahead log,
a fraction of a millisecond at ``synchronous=NORMAL``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import sessionmaker


@contextmanager
def rolled_back(db) -> Iterator[None]:
    connection = db.engine.connect()
    outer = connection.begin()
    original = db._sessions
    db._sessions = sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                                expire_on_commit=False, autoflush=False)
    try:
        yield
    finally:
        db._sessions = original
        outer.rollback()
        connection.close()
