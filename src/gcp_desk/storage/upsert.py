"""INSERT ... ON CONFLICT DO UPDATE, in one statement, for the two databases GCP Desk runs on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert(session: Session, table: Table, values: dict[str, Any], key: tuple[str, ...]) -> None:
    """Insert ``values`` or, if a row with the same ``key`` columns exists, overwrite its other columns.

    One statement, so two writers cannot both miss the row and both insert it.
    """
    dialect = session.get_bind().dialect.name
    statement: Any
    if dialect == "sqlite":
        statement = sqlite.insert(table)
    elif dialect == "postgresql":
        statement = postgresql.insert(table)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"upsert is not written for {dialect}")
    statement = statement.values(values)
    changes = {name: statement.excluded[name] for name in values if name not in key}
    session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=changes))

