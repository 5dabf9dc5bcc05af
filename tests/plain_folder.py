"""A data folder as an older, unencrypted GCP Desk left it: a plain SQLite database at the current schema and no
key file. ``open_backend`` opens such a folder as it is, and an administrator's sign-in encrypts it."""

from __future__ import annotations

from gcp_desk.app import Backend, open_backend
from gcp_desk.paths import AppPaths
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare


def open_plain_backend(paths: AppPaths) -> Backend:
    paths.ensure()
    if not paths.database.exists():
        db = Database.for_file(paths.database)
        prepare(db, None)
        db.dispose()
    return open_backend(paths)
