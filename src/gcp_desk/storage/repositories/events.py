"""Significant events on a child's chronology: referrals, call-outs, missed appointments, meetings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.events import SignificantEvent
from .. import orm
from ..rows import Row
from ..scope import Scope
from .require import not_found_message

_events = orm.significant_events

EVENT_FIELDS = tuple(SignificantEvent.model_fields)
CHRONOLOGICAL = (_events.c.date, _events.c.created_at, _events.c.id)
"""Oldest first; events of one day in the order they were recorded."""


def event_values(event: SignificantEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def event_from(row: Row) -> SignificantEvent:
    return SignificantEvent.model_validate({name: row[name] for name in EVENT_FIELDS})


class EventRepository:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    def add(self, event: SignificantEvent) -> None:
        self._session.execute(insert(_events), [event_values(event)])

    def get(self, event_id: UUID) -> SignificantEvent:
        row = self._session.execute(select(_events).where(_events.c.id == event_id)).mappings().first()
        if row is None:
            raise NotFound(not_found_message("event", event_id))
        event = event_from(row)
        self._scope.require_child(self._session, event.child_id)
        return event

    def update(self, event: SignificantEvent) -> SignificantEvent:
        """Store what can change (date, kind, what happened, source); the child, who recorded it and when stay as
        first recorded. Returns the event as stored."""
        statement = (
            update(_events)
            .where(_events.c.id == event.id)
            .values(date=event.date, kind=event.kind, what_happened=event.what_happened,
                    source_agency=event.source_agency)
        )
        if self._session.execute(statement).rowcount == 0:
            raise NotFound(not_found_message("event", event.id))
        return self.get(event.id)

    def delete(self, event_id: UUID) -> bool:
        """Remove the event; ``False`` if there was none."""
        return self._session.execute(delete(_events).where(_events.c.id == event_id)).rowcount > 0

    def for_child(self, child_id: UUID) -> list[SignificantEvent]:
        """The child's events, oldest first."""
        self._scope.require_child(self._session, child_id)
        statement = select(_events).where(_events.c.child_id == child_id).order_by(*CHRONOLOGICAL)
        return [event_from(row) for row in self._session.execute(statement).mappings()]
