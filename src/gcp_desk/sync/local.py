"""The laptop's own sync bookkeeping (``orm_sync``): the server it syncs with, the versions both sides last agreed,
the children it holds, conflicts waiting for a person, and the journal of each sync's steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy import Connection, delete, func, insert, select, update

from ..domain.clock import utc_now
from ..storage import orm
from ..storage.repositories.records import chunks
from .plan_model import Conflict

_state, _base, _children, _conflicts, _journal = (orm.sync_state, orm.sync_base, orm.sync_children,
                                                   orm.sync_conflicts, orm.sync_journal)


@dataclass(frozen=True)
class SyncState:
    server: str
    organisation_id: UUID | None
    last_sync_at: datetime | None
    events_sent_to: int


def state(connection: Connection) -> SyncState | None:
    row = connection.execute(select(_state).where(_state.c.id == 1)).mappings().first()
    if row is None:
        return None
    return SyncState(row["server"], row["organisation_id"], row["last_sync_at"], row["events_sent_to"])


def set_state(connection: Connection, **values: Any) -> None:
    if connection.execute(select(_state.c.id).where(_state.c.id == 1)).first() is None:
        connection.execute(insert(_state), [{"id": 1, "server": values.pop("server", ""), **values}])
    elif values:
        connection.execute(update(_state).where(_state.c.id == 1).values(values))


def bases(connection: Connection) -> dict[tuple[str, UUID], int]:
    return {(row[0], row[1]): row[2] for row in connection.execute(
        select(_base.c.kind, _base.c.record_id, _base.c.version))}


def set_bases(connection: Connection, agreed: dict[tuple[str, UUID], int], forget: Iterable[tuple[str, UUID]]) -> None:
    gone = [*agreed, *forget]
    for kind in {kind for kind, _ in gone}:
        for batch in chunks([record for name, record in gone if name == kind]):
            connection.execute(delete(_base).where(_base.c.kind == kind, _base.c.record_id.in_(batch)))
    if agreed:
        connection.execute(insert(_base), [{"kind": kind, "record_id": record, "version": version}
                                           for (kind, record), version in agreed.items()])


def children(connection: Connection, *, held_only: bool = False) -> dict[UUID, bool]:
    statement = select(_children.c.child_id, _children.c.held)
    if held_only:
        statement = statement.where(_children.c.held.is_(True))
    return {row[0]: bool(row[1]) for row in connection.execute(statement)}


def set_children(connection: Connection, child_ids: Iterable[UUID], *, held: bool) -> None:
    ids = list(dict.fromkeys(child_ids))
    for batch in chunks(ids):
        connection.execute(delete(_children).where(_children.c.child_id.in_(batch)))
    if ids:
        connection.execute(insert(_children), [{"child_id": child, "held": held, "taken_at": utc_now()}
                                               for child in ids])


def conflicts(connection: Connection) -> list[Conflict]:
    return [Conflict(row["kind"], row["record_id"], row["child_id"], row["base_version"], row["theirs_version"],
                     row["mine"], row["theirs"])
            for row in connection.execute(select(_conflicts).order_by(_conflicts.c.found_at, _conflicts.c.kind,
                                                                        _conflicts.c.record_id)).mappings()]


def keep_conflicts(connection: Connection, found: list[Conflict], settled: Iterable[tuple[str, UUID]]) -> None:
    """Record the conflicts found (replacing any earlier version of each) and drop those that no longer are."""
    for kind, record in [*settled, *[(c.kind, c.record_id) for c in found]]:
        connection.execute(delete(_conflicts).where(_conflicts.c.kind == kind, _conflicts.c.record_id == record))
    if found:
        connection.execute(insert(_conflicts), [{
            "kind": c.kind, "record_id": c.record_id, "child_id": c.child_id, "base_version": c.base_version,
            "theirs_version": c.theirs_version, "mine": to_jsonable_python(c.mine),
            "theirs": to_jsonable_python(c.theirs), "found_at": utc_now()} for c in found])


def drop_conflict(connection: Connection, kind: str, record_id: UUID) -> None:
    connection.execute(delete(_conflicts).where(_conflicts.c.kind == kind, _conflicts.c.record_id == record_id))


def journal(connection: Connection, sync_id: UUID, step: str, state: str, detail: str = "") -> None:
    connection.execute(insert(_journal), [{"sync_id": sync_id, "step": step, "state": state, "at": utc_now(),
                                           "detail": detail}])


def last_journal(connection: Connection) -> list[dict[str, Any]]:
    """The steps of the latest sync, in order."""
    latest = connection.execute(select(_journal.c.sync_id).order_by(_journal.c.id.desc()).limit(1)).scalar()
    if latest is None:
        return []
    return [dict(row) for row in connection.execute(
        select(_journal).where(_journal.c.sync_id == latest).order_by(_journal.c.id)).mappings()]


def journal_count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(_journal)).scalar_one())
