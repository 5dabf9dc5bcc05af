"""Rows into one table at a time through the driver's executemany, for bulk loads (``bulk``) and imports
(``repositories.records``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Integer, String, Table, Uuid, insert
from sqlalchemy.engine import Dialect

from .types import UTCDateTime


class Inserter:
    """Rows into one table through the driver's executemany.

    Values are converted by the dialect's own bind processors, as a Core ``insert()`` would, but without its
    per-row bookkeeping, which was over half the time of a 2.4-million-row load. A value that repeats down a column
    (an assessment's id and time on each of its item grades) is converted once per batch.
    """

    def __init__(self, table: Table, dialect: Dialect):
        compiled = insert(table).compile(dialect=dialect)
        self._sql = str(compiled)
        self._positional = compiled.positional
        self._names = list(compiled.positiontup or []) if compiled.positional else [c.key for c in table.columns]
        self._converters: list[Callable[[Any], Any] | None] = []
        self._repeating: list[bool] = []
        self._defaults: list[Any] = []
        """A column's plain server default (a record's ``version``, a child's household sort key, which the
        database's triggers then work out), for a row that does not give it."""
        for name in self._names:
            column = table.columns[name]
            self._defaults.append(_plain_default(column))
            column_type = column.type
            if isinstance(column_type, Uuid) and not dialect.supports_native_uuid:
                self._converters.append(_uuid_hex)  # what the bind processor does, without its call per value
                self._repeating.append(False)
                continue
            self._converters.append(column_type.dialect_impl(dialect).bind_processor(dialect))
            self._repeating.append(isinstance(column_type, (Uuid, UTCDateTime)) and not column.primary_key)

    def insert(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = [
            self._convert_column([row.get(name, default) for row in rows], converter, repeating)
            for name, converter, repeating, default in zip(self._names, self._converters, self._repeating,
                                                           self._defaults, strict=True)
        ]
        if self._positional:
            parameters: list[Any] = list(zip(*columns, strict=True))
        else:
            parameters = [dict(zip(self._names, values, strict=True)) for values in zip(*columns, strict=True)]
        connection.exec_driver_sql(self._sql, parameters)

    @staticmethod
    def _convert_column(values: list[Any], converter: Callable[[Any], Any] | None, repeating: bool) -> list[Any]:
        if converter is None:
            return values
        if converter is _uuid_hex:
            return [None if value is None else value.hex for value in values]
        if not repeating:
            return [converter(value) for value in values]
        converted: dict[Hashable, Any] = {}
        result = []
        for value in values:
            found = converted.get(value, _MISSING)
            if found is _MISSING:
                found = converted[value] = converter(value)
            result.append(found)
        return result


_MISSING = object()


def _uuid_hex(value: UUID | None) -> str | None:
    """How a UUID is stored where the database has no uuid type (SQLite): 32 hex digits."""
    return None if value is None else value.hex


def _plain_default(column) -> int | str | None:
    """A column's server default when it is a plain number or text: what the database gives a row leaving it out."""
    default = getattr(column.server_default, "arg", None)
    text = getattr(default, "text", default)
    if not isinstance(text, str):
        return None
    if isinstance(column.type, Integer):
        return int(text) if text.isdigit() else None
    return text if isinstance(column.type, String) else None
