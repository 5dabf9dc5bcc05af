"""Alembic environment, run in-process by ``gcp_desk.storage.migrate`` on a connection it opened.

There is no alembic.ini and no URL here: the caller passes its connection in ``config.attributes["connection"]``
and owns the transaction, so a failed upgrade leaves nothing half done (SQLite's DDL is transactional).
"""

from __future__ import annotations

from alembic import context

from gcp_desk.storage.orm import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "GCP Desk migrations run in-process through gcp_desk.storage.migrate.prepare(), on an open connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
