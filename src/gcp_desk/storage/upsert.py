"""INSERT ... ON CONFLICT DO UPDATE, in one statement, for the two databases GCP Desk runs on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_BUILT: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def upsert(session: Session, table: Table, values: dict[str, Any], key: tuple[str, ...]) -> None:
    """Insert ``values`` or, if a row with the same ``key`` columns exists, overwrite its other columns.

    One statement, so two writers cannot both miss the row and both insert it.
    """
    session.execute(upsert_statement(session, table, tuple(values), key), values)


def upsert_statement(session: Session, table: Table, columns: tuple[str, ...], key: tuple[str, ...]) -> Any:
    """The upsert of ``columns`` (values given as parameters of the same names), built once per database kind,
    table and columns: a statement built afresh each time was most of the time a keypress's grade spent in it."""
    dialect = session.get_bind().dialect.name
    found = _BUILT.get((dialect, table.name, columns, key))
    if found is not None:
        return found
    statement: Any
    if dialect == "sqlite":
        statement = sqlite.insert(table)
    elif dialect == "postgresql":
        statement = postgresql.insert(table)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"upsert is not written for {dialect}")
    changes = {name: statement.excluded[name] for name in columns if name not in key}
    found = _BUILT[(dialect, table.name, columns, key)] = statement.on_conflict_do_update(
        index_elements=list(key), set_=changes)
    return found
