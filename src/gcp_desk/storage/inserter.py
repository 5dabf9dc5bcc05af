"""Rows into one table at a time through the driver's executemany, for bulk loads (``bulk``) and imports
(``repositories.records``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, Uuid, insert
from sqlalchemy.engine import Dialect

from .types import EnumText, UTCDateTime

ColumnConverter = Callable[[list[Any]], list[Any]]
"""A whole column's values, as given, to what the driver takes."""


class Inserter:
    """Rows into one table through the driver's executemany.

    Values become what the driver takes exactly as the dialect's own bind processors would make them (a Core
    ``insert()``), but a column at a time and without its per-row bookkeeping, which was over half the time of a
    2.4-million-row load. The commonest kinds (ids, moments and closed vocabularies on SQLite) are converted by
    ``fast_converter``, which gives the same values at a fraction of the cost; a value that repeats down a column
    through a bind processor (an assessment's time on each of its item grades, on PostgreSQL) is converted once
    per batch.
    """

    def __init__(self, table: Table, dialect: Dialect):
        compiled = insert(table).compile(dialect=dialect)
        self._sql = str(compiled)
        self._positional = compiled.positional
        self._names = list(compiled.positiontup or []) if compiled.positional else [c.key for c in table.columns]
        self._converters: list[ColumnConverter | None] = []
        self._defaults: list[Any] = []
        """A column's plain server default (a record's ``version``, a child's household sort key, which the
        database's triggers then work out), for a row that does not give it."""
        for name in self._names:
            column = table.columns[name]
            self._defaults.append(_plain_default(column))
            self._converters.append(fast_converter(column, dialect) or _through_bind_processor(column, dialect))

    def insert(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = []
        for name, converter, default in zip(self._names, self._converters, self._defaults, strict=True):
            try:  # every row gives the column, nearly always: subscripting is about twice as quick as .get
                values = [row[name] for row in rows]
            except KeyError:
                values = [row.get(name, default) for row in rows]
            columns.append(values if converter is None else converter(values))
        if self._positional:
            parameters: list[Any] = list(zip(*columns, strict=True))
        else:
            parameters = [dict(zip(self._names, values, strict=True)) for values in zip(*columns, strict=True)]
        connection.exec_driver_sql(self._sql, parameters)


def fast_converter(column: Column[Any], dialect: Dialect) -> ColumnConverter | None:
    """For the commonest kinds of column, a converter that gives what the dialect's bind processor gives, value for
    value (tests/storage/test_inserter.py compares them), in far less time; ``None`` for any other column."""
    column_type = column.type
    if isinstance(column_type, Uuid) and column_type.as_uuid and not dialect.supports_native_uuid:
        return _uuid_hex
    if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
        return _sqlite_moments(column_type.dialect_impl(dialect).bind_processor(dialect))
    if isinstance(column_type, EnumText):
        return _enum_values(column_type.enum, column_type.dialect_impl(dialect).bind_processor(dialect))
    return None


def _uuid_hex(values: list[Any]) -> list[Any]:
    """How a UUID is stored where the database has no uuid type (SQLite): 32 hex digits. An id repeated on rows one
    after another (an assessment's on each of its item grades) is converted once."""
    result = []
    last: Any = _MISSING
    text = None
    for value in values:
        if value is not last:
            last, text = value, None if value is None else value.hex
        result.append(text)
    return result


_NO_OFFSET = timedelta(0)


def _sqlite_moments(process: Callable[[Any], Any] | None) -> ColumnConverter:
    """A moment already in UTC (offset zero) is the text ``YYYY-MM-DD HH:MM:SS.ffffff`` of its own clock time, as the
    type and SQLite's ``DATETIME`` make it; anything else (another zone, no zone, not a moment) goes through the
    type's own processor, which converts or refuses it."""
    assert process is not None

    def convert(values: list[Any]) -> list[Any]:
        done: dict[Any, Any] = {None: None}  # a moment repeated down the batch (a grade's time) is written once
        result = []
        last: Any = _MISSING
        text = None
        for value in values:
            if value is last:  # the same moment as the row before: no need to look it up
                result.append(text)
                continue
            last = value
            text = done.get(value, _MISSING)
            if text is _MISSING:
                if type(value) is datetime and value.utcoffset() == _NO_OFFSET:
                    text = value.replace(tzinfo=None).isoformat(" ", "microseconds")
                else:
                    text = process(value)
                done[value] = text
            result.append(text)
        return result

    return convert


def _enum_values(enum: type[StrEnum], process: Callable[[Any], Any] | None) -> ColumnConverter:
    """A member of the vocabulary, or its text, is stored as its text; anything else goes through the type's own
    processor, which refuses it."""
    assert process is not None
    known = {member.value: member.value for member in enum}

    def convert(values: list[Any]) -> list[Any]:
        return [known[value] if value in known else process(value) for value in values]

    return convert


def _through_bind_processor(column: Column[Any], dialect: Dialect) -> ColumnConverter | None:
    column_type = column.type
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    if isinstance(column_type, (Uuid, UTCDateTime)) and not column.primary_key:
        return _once_per_value(process)
    return lambda values: [process(value) for value in values]


def _once_per_value(process: Callable[[Any], Any]) -> ColumnConverter:
    """For a column whose values repeat down the batch: each value converted once."""

    def convert(values: list[Any]) -> list[Any]:
        converted: dict[Hashable, Any] = {}
        result = []
        for value in values:
            found = converted.get(value, _MISSING)
            if found is _MISSING:
                found = converted[value] = process(value)
            result.append(found)
        return result

    return convert


_MISSING = object()


def _plain_default(column: Column[Any]) -> int | str | None:
    """A column's server default when it is a plain number or text: what the database gives a row leaving it out."""
    default = getattr(column.server_default, "arg", None)
    text = getattr(default, "text", default)
    if not isinstance(text, str):
        return None
    if isinstance(column.type, Integer):
        return int(text) if text.isdigit() else None
    return text if isinstance(column.type, String) else None
