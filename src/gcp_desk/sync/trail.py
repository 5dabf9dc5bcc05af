"""The laptop's audit events joining the server's chain, in the order they arrive, each keeping its origin.

Each laptop event not yet on the server becomes one event of the server's own chain (same action, record and
payload, in the syncing person's name, since the server accepts events only in its caller's name) and an origin
record beside it (``origin_audit_events``) with the laptop's own sequence number, actor, time and hashes, pointing at
the server event that carried it. Sending is idempotent: an event whose origin record is on the server already is
not sent again, so a sync cut off half-way sends the rest next time.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from ..storage import orm
from ..storage.repositories import AuditRepository
from ..storage.repositories.records import chunks

BATCH = 200


def local_events(connection: Connection, after_seq: int, limit: int = BATCH) -> list[dict]:
    events, chain = orm.audit_events, orm.audit_chain
    statement = (select(chain.c.seq, chain.c.payload_digest, chain.c.prev_hash, chain.c.hash, events)
                 .join(events, events.c.id == chain.c.event_id).where(chain.c.seq > after_seq)
                 .order_by(chain.c.seq).limit(limit))
    return [dict(row) for row in connection.execute(statement).mappings()]


def send_events(server: Connection, actor_id: UUID, organisation_id: UUID, events: list[dict],
                point: Callable[[str], None] | None = None) -> int:
    """Append ``events`` (in the caller's transaction) to the server's chain; how many were new there."""
    origin = orm.origin_audit_events
    held: set[UUID] = set()
    for batch in chunks([event["id"] for event in events]):
        held.update(server.execute(select(origin.c.id).where(origin.c.id.in_(batch))).scalars())
    audit = AuditRepository(Session(bind=server))
    sent = 0
    for event in events:
        if event["id"] in held:
            continue
        carried = audit.record(actor_id, event["action"], event["entity"], event["entity_id"], event["before"],
                               event["after"])
        server.execute(insert(origin), [{
            "id": event["id"], "organisation_id": organisation_id, "seq": event["seq"], "at": event["at"],
            "actor_id": event["actor_id"], "action": event["action"], "entity": event["entity"],
            "entity_id": event["entity_id"], "before": event["before"], "after": event["after"],
            "payload_digest": event["payload_digest"], "prev_hash": event["prev_hash"], "hash": event["hash"],
            "imported_by_event": carried.id}])
        sent += 1
        if point is not None and sent % 25 == 0:
            point("trail.event")
    return sent
