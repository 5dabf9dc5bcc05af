"""Each child's stored "needs attention": written by the services (``services.stored_attention``), read with the
caseload row it belongs to.

The reasons are kept as the services encode them (JSON) and ranked by ``attention_rank``, a text that sorts the most
pressing child first, so the whole list is one read through its index. Text comparison there is by code point on
both databases: SQLite's default, and ``COLLATE "C"`` on PostgreSQL, whose default collation would ignore
punctuation.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from datetime import date
from itertools import islice
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Date, String, bindparam, or_, text, update
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from ...domain.caseload import CaseloadRow
from .. import orm
from ..caseload_sql import CASELOAD_COLUMNS, caseload_rows
from ..raw_values import uuid_value
from ..scope import Scope

_children = orm.children
IDS_PER_QUERY = 500

STORED_FIELDS = ("attention", "attention_rank", "attention_from", "attention_until", "attention_basis")
"""What ``store`` writes for each child, besides its id (``child``)."""

NOT_WORKED_OUT: dict[str, Any] = {
    "attention": "", "attention_rank": None, "attention_from": None, "attention_until": None, "attention_basis": "",
}
"""A new child's stored attention, before the services work it out."""
_DATES = ("attention_from", "attention_until", "attention_basis")

_STORE = (
    update(_children)
    .where(_children.c.id == bindparam("child"),
           or_(*(_children.c[name].is_distinct_from(bindparam(name)) for name in STORED_FIELDS)))
    .values({name: bindparam(name) for name in STORED_FIELDS})
)
"""Writes a child's attention only where it changed: most writes (a grade, a note) leave it as it was, and a row
written again, the same, still rewrote its entries in six indexes."""
_STORE_DATES = (
    update(_children)
    .where(_children.c.id == bindparam("child"),
           _children.c.attention == bindparam("same_attention"),
           _children.c.attention_rank.is_not_distinct_from(bindparam("same_rank")),
           or_(*(_children.c[name].is_distinct_from(bindparam(name)) for name in _DATES)))
    .values({name: bindparam(name) for name in _DATES})
)
"""Writes only the days a child's attention was worked out on and holds until, and its basis, where the reasons
themselves are the same: the reasons feed four indexes and the triggers that keep the family's rank (migration
0019), which a write naming them runs whether or not their value changed."""


@cache
def _narrow_store(fields: tuple[str, ...]) -> Any:
    """The update of only ``fields`` of one child's attention."""
    return update(_children).where(_children.c.id == bindparam("child")).values(
        {name: bindparam(name) for name in fields})


_SELECT = f"SELECT {', '.join(CASELOAD_COLUMNS)}, attention, attention_rank FROM children"


class StoredAttention(NamedTuple):
    row: CaseloadRow
    attention: str
    """As the services stored it."""
    rank: str | None


class AttentionStore:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    def store(self, values: Sequence[dict[str, Any]], stored: Mapping[UUID, Mapping[str, Any]] | None = None
              ) -> None:
        """Each child's attention: dicts with ``child`` and every one of ``STORED_FIELDS``. ``stored``: what some of
        them have stored now; those are written only if it changed, and only what changed, so that a child's
        unchanged reasons rewrite none of their indexes and run none of the triggers that keep the family order
        (migration 0019)."""
        stored = stored or {}
        whole = [value for value in values if value["child"] not in stored]
        if whole:
            self._session.execute(_STORE, whole)
        for value in values:
            now = stored.get(value["child"])
            if now is None:
                continue
            changed = tuple(name for name in STORED_FIELDS if value[name] != now[name])
            if changed:
                self._session.execute(_narrow_store(changed), {"child": value["child"], **{
                    name: value[name] for name in changed}})

    def store_rechecked(self, values: Sequence[dict[str, Any]]) -> None:
        """As ``store``, for children worked out again because their stored attention no longer held (a day
        passed, or the settings changed): most keep their reasons, and only the days and basis are written for
        those; the reasons only for the children whose reasons changed."""
        if values:
            # Only these keys: SQLAlchemy would add any other column named in the values to the SET clause.
            self._session.execute(_STORE_DATES, [
                {"child": each["child"], "same_attention": each["attention"], "same_rank": each["attention_rank"],
                 **{name: each[name] for name in _DATES}} for each in values])
            self._session.execute(_STORE, list(values))

    def mark_stale(self, child_ids: Iterable[UUID]) -> None:
        """To be worked out again at the next read."""
        for chunk in _chunks(child_ids):
            self._session.execute(
                update(_children).where(_children.c.id.in_(chunk)).values(attention_basis="")
            )

    def stale(self, basis: str, today: date, limit: int | None = None) -> list[UUID]:
        """Children whose stored attention does not hold on ``today``: never worked out, worked out with another
        ``basis``, on a later day, or past its ``attention_until``. Each of these is a range of one index
        (migration 0014), so a chunk reads the children it returns rather than every child's row."""
        found: dict[UUID, None] = {}
        for condition, index in _STALE:
            if limit is not None and len(found) >= limit:
                break
            statement = f"SELECT id FROM {_indexed(index, self._sqlite)} WHERE {condition}"
            if limit is not None:
                statement += f" LIMIT {int(limit)}"  # not fewer: some may have been found already
            for child_id in self._session.execute(_typed(statement), {"basis": basis, "today": today}).scalars():
                found.setdefault(uuid_value(child_id))
        return list(found)[:limit]

    def ranked(self, child_ids: Collection[UUID] | None = None) -> list[tuple[UUID, str, str]]:
        """Every child who needs attention (or every one of ``child_ids``: the children a person may see) as
        ``(child id, attention, rank)``, most pressing first: the light read the caseload shows beside its rows
        (their reasons are decoded when looked at)."""
        collate = ' COLLATE "C"' if self._session.get_bind().dialect.name == "postgresql" else ""
        condition, values, parameters = self._scope.text_condition()
        select_ = ("SELECT id, attention, attention_rank, family_name, given_name FROM children "
                   "WHERE attention_rank IS NOT NULL" + (f" AND {condition}" if condition else ""))
        order = f" ORDER BY attention_rank{collate}, family_name{collate}, given_name{collate}, id"
        if child_ids is None:
            found = self._session.execute(text(select_ + order).bindparams(*parameters), values).fetchall()
        else:
            statement = text(select_ + " AND id IN :ids" + order).bindparams(
                bindparam("ids", expanding=True, type_=Uuid()), *parameters)
            found = [row for chunk in _chunks(child_ids)
                     for row in self._session.execute(statement, {"ids": chunk, **values}).fetchall()]
            found.sort(key=lambda row: (row[2], row[3], row[4], uuid_value(row[0]).hex))
        return [(uuid_value(child_id), attention, rank) for child_id, attention, rank, *_ in found]

    def count_stale(self, basis: str, today: date) -> int:
        """How many children ``stale`` would return with no limit, counted through the same indexes."""
        union = " UNION ".join(f"SELECT id FROM {_indexed(index, self._sqlite)} WHERE {condition}"
                               for condition, index in _STALE)
        statement = _typed(f"SELECT count(*) FROM ({union}) AS stale")
        return self._session.execute(statement, {"basis": basis, "today": today}).scalar_one()

    @property
    def _sqlite(self) -> bool:
        return self._session.get_bind().dialect.name == "sqlite"

    def flagged(self, child_ids: Collection[UUID] | None = None, *, include_clear: bool = False
                ) -> list[StoredAttention]:
        """The children who need attention (every child, with ``include_clear``), most pressing first, then by
        name; children with none last, by name. ``child_ids`` keeps only those children."""
        condition, values, parameters = self._scope.text_condition()
        conditions = ([] if include_clear else ["attention_rank IS NOT NULL"]) + ([condition] if condition else [])
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        collate = ' COLLATE "C"' if self._session.get_bind().dialect.name == "postgresql" else ""
        order = (f" ORDER BY attention_rank IS NULL, attention_rank{collate}, family_name{collate}, "
                 f"given_name{collate}, id")
        if child_ids is None:
            return self._read(text(_SELECT + where + order).bindparams(*parameters), values)
        joiner = " AND " if where else " WHERE "
        statement = text(_SELECT + where + joiner + "id IN :ids" + order).bindparams(
            bindparam("ids", expanding=True, type_=Uuid()), *parameters)
        found: list[StoredAttention] = []
        for chunk in _chunks(child_ids):
            found += self._read(statement, {"ids": chunk, **values})
        if len(found) > IDS_PER_QUERY:  # read in several chunks: one order again, the same as the query's
            found.sort(key=lambda entry: (entry.rank is None, entry.rank or "", entry.row.family_name,
                                          entry.row.given_name, entry.row.child_id.hex))
        return found

    def _read(self, statement: Any, parameters: dict[str, Any]) -> list[StoredAttention]:
        raw = self._session.execute(statement, parameters).fetchall()
        rows = caseload_rows(lambda: [values[:-2] for values in raw])
        return [StoredAttention(row, values[-2], values[-1]) for row, values in zip(rows, raw, strict=True)]


_STALE = (
    ("attention_until < :today", "ix_children_attention_until"),
    ("attention_basis < :basis", "ix_children_attention_basis"),
    ("attention_basis > :basis", "ix_children_attention_basis"),
    ("attention_from > :today", "ix_children_attention_from"),
)
"""What makes a child's stored attention not hold today (``stale``), each a range of one index: past its last day
(the common case, a day later), worked out with another basis (written as two ranges: an index cannot read
``!=``), or on a later day than today."""


def _typed(statement: str) -> Any:
    types = {"basis": String(), "today": Date()}
    return text(statement).bindparams(*(bindparam(name, type_=type_) for name, type_ in types.items()
                                        if f":{name}" in statement))


def _indexed(index: str, sqlite: bool) -> str:
    """The children table read through ``index`` on SQLite, whose planner might otherwise scan the table."""
    return f"children INDEXED BY {index}" if sqlite else "children"


def _chunks(ids: Iterable[UUID]) -> Iterable[list[UUID]]:
    remaining = iter(dict.fromkeys(ids))
    while chunk := list(islice(remaining, IDS_PER_QUERY)):
        yield chunk

