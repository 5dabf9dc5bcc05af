"""The laptop's audit events joining the server's chain, in the order they arrive, each keeping its origin.

Each laptop event not yet on the server becomes one event of the server's own chain (same action, record and
payload, in the syncing person's name, since the server accepts events only in its caller's name) and an origin
record beside it (``origin_audit_events``) with the laptop's own sequence number, actor, time and hashes, pointing at
the server event that carried it. Sending is idempotent: an event whose origin record is on the server already is
not sent again, so a sync cut off half-way sends the rest next time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from ..domain.clock import utc_now
from ..storage import orm
from ..storage.audit_chain import event_hash, payload_digest
from ..storage.repositories import AuditRepository
from ..storage.repositories.records import chunks

BATCH = 1000


def local_events(connection: Connection, after_seq: int, limit: int = BATCH) -> list[dict]:
    events, chain = orm.audit_events, orm.audit_chain
    statement = (select(chain.c.seq, chain.c.payload_digest, chain.c.prev_hash, chain.c.hash, events)
                 .join(events, events.c.id == chain.c.event_id).where(chain.c.seq > after_seq)
                 .order_by(chain.c.seq).limit(limit))
    return [dict(row) for row in connection.execute(statement).mappings()]


def send_events(server: Connection, actor_id: UUID, organisation_id: UUID, events: list[dict],
                point: Callable[[str], None] | None = None) -> int:
    """Append ``events`` (in the caller's transaction, which holds the chain's lock) to the server's chain; how many
    were new there. A batch is three statements: the events, their links (hashed here from the chain's end as read
    in this transaction, exactly as ``AuditRepository.record`` would one at a time), and their origin records."""
    origin = orm.origin_audit_events
    held: set[UUID] = set()
    for batch in chunks([event["id"] for event in events]):
        held.update(server.execute(select(origin.c.id).where(origin.c.id.in_(batch))).scalars())
    new = [event for event in events if event["id"] not in held]
    if not new:
        return 0
    head = AuditRepository(Session(bind=server)).head()
    seq, previous = head.seq, head.hash
    moment = utc_now()
    carried, links, origins = [], [], []
    for event in new:
        seq += 1
        carrier = uuid4()
        digest = payload_digest(event["before"], event["after"])
        link = event_hash(previous, seq, event_id=carrier, at=moment, actor_id=actor_id, action=event["action"],
                          entity=event["entity"], entity_id=event["entity_id"], digest=digest)
        carried.append({"id": carrier, "at": moment, "actor_id": actor_id, "action": event["action"],
                        "entity": event["entity"], "entity_id": event["entity_id"], "before": event["before"],
                        "after": event["after"]})
        links.append({"seq": seq, "event_id": carrier, "payload_digest": digest, "prev_hash": previous, "hash": link})
        origins.append({
            "id": event["id"], "organisation_id": organisation_id, "seq": event["seq"], "at": event["at"],
            "actor_id": event["actor_id"], "action": event["action"], "entity": event["entity"],
            "entity_id": event["entity_id"], "before": event["before"], "after": event["after"],
            "payload_digest": event["payload_digest"], "prev_hash": event["prev_hash"], "hash": event["hash"],
            "imported_by_event": carrier})
        previous = link
        moment += timedelta(microseconds=1)
    server.execute(insert(orm.audit_events), carried)
    if point is not None:
        point("trail.events")
    server.execute(insert(orm.audit_chain), links)
    if point is not None:
        point("trail.links")
    server.execute(insert(origin), origins)
    return len(new)

