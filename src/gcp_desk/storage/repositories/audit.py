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
from ..audit_chain import ChainHead, event_hash, payload_digest

_events = orm.audit_events
_chain = orm.audit_chain
_ADD_EVENT = insert(_events)
_ADD_LINK = insert(_chain)
_HEAD = select(_chain.c.seq, _chain.c.hash).order_by(_chain.c.seq.desc()).limit(1)
"""Built once: an event is recorded with every change, and a statement built afresh cost more than running it."""


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
        in their JSON form. Hold ids and the fields that changed, never names: a payload may be erased one day and
        the chain must still verify.

        The event is linked to the chain's head as read in this transaction: the write unit holds SQLite's write
        lock from its start (``BEGIN IMMEDIATE``) and, on PostgreSQL, an advisory lock, so two writers never read
        the same head; the unique sequence number refuses a fork should one ever try.
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
        self._session.execute(_ADD_EVENT, {
            "id": event.id,
            "at": event.at,
            "actor_id": event.actor_id,
            "action": event.action,
            "entity": event.entity,
            "entity_id": event.entity_id,
            "before": event.before,
            "after": event.after,
        })
        head = self.head()
        digest = payload_digest(event.before, event.after)
        seq = head.seq + 1
        link = event_hash(head.hash, seq, event_id=event.id, at=event.at, actor_id=event.actor_id, action=action,
                          entity=entity, entity_id=event.entity_id, digest=digest)
        self._session.execute(_ADD_LINK, {"seq": seq, "event_id": event.id, "payload_digest": digest,
                                          "prev_hash": head.hash, "hash": link})
        return event

    def head(self) -> ChainHead:
        """The chain's last link (sequence number and hash), or the empty chain's."""
        row = self._session.execute(_HEAD).first()
        return ChainHead.empty() if row is None else ChainHead(row.seq, row.hash)

    def link(self, seq: int) -> ChainHead | None:
        row = self._session.execute(select(_chain.c.seq, _chain.c.hash).where(_chain.c.seq == seq)).first()
        return None if row is None else ChainHead(row.seq, row.hash)

    def chain_rows(self, after_seq: int, limit: int) -> list[dict[str, Any]]:
        """Links after ``after_seq``, in order, each with its event's columns (``None`` where the event is gone)."""
        statement = (
            select(_chain.c.seq, _chain.c.event_id.label("link_event_id"), _chain.c.payload_digest,
                   _chain.c.prev_hash, _chain.c.hash, _events)
            .select_from(_chain.outerjoin(_events, _events.c.id == _chain.c.event_id))
            .where(_chain.c.seq > after_seq)
            .order_by(_chain.c.seq)
            .limit(limit)
        )
        return [dict(row) for row in self._session.execute(statement).mappings()]

    def actions_after(self, seq: int) -> set[str]:
        """The kinds of event recorded after link ``seq``."""
        statement = (select(_events.c.action).distinct()
                     .select_from(_chain.join(_events, _events.c.id == _chain.c.event_id)).where(_chain.c.seq > seq))
        return set(self._session.execute(statement).scalars())

    def unchained_events(self, limit: int = 5) -> list[AuditEvent]:
        """Events with no link in the chain: slipped into the trail behind the app's back."""
        statement = (
            select(_events).select_from(_events.outerjoin(_chain, _chain.c.event_id == _events.c.id))
            .where(_chain.c.seq.is_(None)).order_by(_events.c.at).limit(limit)
        )
        return [_event(row) for row in self._session.execute(statement).mappings()]

    def events_of(self, actions: tuple[str, ...]) -> list[AuditEvent]:
        statement = select(_events).where(_events.c.action.in_(actions)).order_by(_events.c.at, _events.c.id)
        return [_event(row) for row in self._session.execute(statement).mappings()]

    def for_entity(self, entity_id: UUID | str) -> list[AuditEvent]:
        """Every event about one record, oldest first."""
        statement = select(_events).where(_events.c.entity_id == str(entity_id)).order_by(_events.c.at, _events.c.id)
        return [_event(row) for row in self._session.execute(statement).mappings()]

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(_events)).scalar_one()


def _event(row: Any) -> AuditEvent:
    return AuditEvent(id=row["id"], at=row["at"], actor_id=row["actor_id"], action=row["action"],
                      entity=row["entity"], entity_id=row["entity_id"], before=row["before"], after=row["after"])


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
