"""The audit trail: who did what to which record, and when. Append-only: there is no update and no delete here,
and the database refuses them too (triggers added by the first migration)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from pydantic_core import to_jsonable_python
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ...domain.caseload import AuditEvent
from ...domain.clock import utc_now
from .. import orm

_events = orm.audit_events


class AuditRepository:
    def __init__(self, session: Session):
        self._session = session

    def record(
        self,
        actor_id: UUID | None,
        action: str,
        entity: str,
        entity_id: UUID | str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> AuditEvent:
        """Append one event in the caller's transaction, so it is saved if and only if the change it describes is.

        ``before`` and ``after`` may hold domain values (UUIDs, dates, enums, models); they are stored, and returned,
        in their JSON form.
        """
        event = AuditEvent(
            id=uuid4(),
            at=_next_moment(),
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=_json_form(before),
            after=_json_form(after),
        )
        self._session.execute(
            insert(_events),
            [
                {
                    "id": event.id,
                    "at": event.at,
                    "actor_id": event.actor_id,
                    "action": event.action,
                    "entity": event.entity,
                    "entity_id": event.entity_id,
                    "before": event.before,
                    "after": event.after,
                }
            ],
        )
        return event

    def for_entity(self, entity_id: UUID | str) -> list[AuditEvent]:
        """Every event about one record, oldest first."""
        statement = select(_events).where(_events.c.entity_id == str(entity_id)).order_by(_events.c.at, _events.c.id)
        return [
            AuditEvent(
                id=row["id"],
                at=row["at"],
                actor_id=row["actor_id"],
                action=row["action"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                before=row["before"],
                after=row["after"],
            )
            for row in self._session.execute(statement).mappings()
        ]

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(_events)).scalar_one()


def _json_form(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    result = to_jsonable_python(value)
    if not isinstance(result, dict):
        raise TypeError(f"audit before/after must be a dict or None, got {type(value).__name__}")
    return result


_clock_lock = threading.Lock()
_last_moment: datetime | None = None


def _next_moment() -> datetime:
    """Now, but strictly after the previous event from this process.

    Two events of one service call can fall in the same clock tick (Windows' clock is coarse); ordering the trail by
    time must still put them in the order they happened.
    """
    global _last_moment
    with _clock_lock:
        now = utc_now()
        if _last_moment is not None and now <= _last_moment:
            now = _last_moment + timedelta(microseconds=1)
        _last_moment = now
        return now
