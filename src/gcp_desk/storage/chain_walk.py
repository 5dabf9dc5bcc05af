"""Walking the audit chain and the records it covers: every link against its event and the link before it, every
signature against the digest its event recorded, and the append-only triggers in place.

    found = walk_chain(uow, after=ChainHead.empty())   # the whole chain
    found.ok, found.checked, found.problems[0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, text

from ..domain.canonical import sha256_hex
from . import orm
from .audit_chain import ChainHead, event_hash, payload_digest
from .unit_of_work import UnitOfWork

BATCH = 2000


@dataclass
class ChainWalk:
    checked: int = 0
    """Events whose link was checked."""
    head: ChainHead = field(default_factory=ChainHead.empty)
    """The last link that checked out (the point an incremental check starts from next time)."""
    problems: list[str] = field(default_factory=list)
    """The first problem first; the walk stops at the first broken link."""
    signatures_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def walk_chain(uow: UnitOfWork, after: ChainHead | None = None) -> ChainWalk:
    """Check the links after ``after`` (the whole chain by default), stopping at the first that does not match."""
    start = after or ChainHead.empty()
    found = ChainWalk(head=start)
    if start.seq and uow.audit.link(start.seq) != start:
        found.problems.append(f"Audit event {start.seq}, checked before, is no longer as it was when checked: "
                              "the trail has been rewritten since.")
        return found
    previous = start
    while True:
        rows = uow.audit.chain_rows(previous.seq, BATCH)
        for row in rows:
            problem = _link_problem(row, previous)
            if problem:
                found.problems.append(problem)
                return found
            previous = ChainHead(row["seq"], row["hash"])
            found.checked += 1
            found.head = previous
        if len(rows) < BATCH:
            break
    for stray in uow.audit.unchained_events():
        found.problems.append(f"Audit event {stray.id} ({stray.action}, {stray.at:%Y-%m-%d %H:%M} UTC) is not in "
                              "the chain: it was written into the trail outside GCP Desk.")
        break
    return found


def _link_problem(row: dict, previous: ChainHead) -> str | None:
    seq = row["seq"]
    label = f"Audit event {seq}"
    if seq != previous.seq + 1:
        return (f"Audit events {previous.seq + 1} to {seq - 1} are missing: the chain jumps from event "
                f"{previous.seq} to {seq}.")
    if row["prev_hash"] != previous.hash:
        return f"{label} does not follow event {previous.seq}: the event before it has been removed or replaced."
    if row["id"] is None:
        return f"{label} ({row['link_event_id']}) has been deleted from the audit trail."
    action = f"{label} ({row['action']}, {row['at']:%Y-%m-%d %H:%M} UTC)"
    if payload_digest(row["before"], row["after"]) != row["payload_digest"]:
        return f"{action}: what it records before and after the change has been altered."
    recomputed = event_hash(previous.hash, seq, event_id=row["id"], at=row["at"], actor_id=row["actor_id"],
                            action=row["action"], entity=row["entity"], entity_id=row["entity_id"],
                            digest=row["payload_digest"])
    if recomputed != row["hash"]:
        return f"{action}: its time, person, action or record has been altered (its hash no longer matches)."
    return None


def signature_problems(uow: UnitOfWork) -> tuple[int, list[str]]:
    """Each signature whose event recorded its digest, checked against the signature row as it is now."""
    recorded: dict[str, str] = {}
    for event in uow.audit.events_of(("assessment.submit", "review.countersign")):
        after = event.after or {}
        if after.get("signature_id") and after.get("signature_sha256"):
            recorded[str(after["signature_id"])] = after["signature_sha256"]
    if not recorded:
        return 0, []
    rows = uow.session.execute(select(orm.signatures)).mappings()
    present: dict[str, dict] = {str(row["id"]): dict(row) for row in rows}
    deleted = {str(entity_id) for entity_id in uow.session.execute(
        select(orm.tombstones.c.entity_id).where(orm.tombstones.c.entity == "signature")).scalars()}
    problems = []
    for signature_id, digest in recorded.items():
        row = present.get(signature_id)
        if row is None and signature_id in deleted:
            continue  # deleted with its child's record under the retention rule, which left a tombstone
        if row is None:
            problems.append(f"Signature {signature_id} has been deleted from the database.")
        elif _signature_digest(row) != digest:
            problems.append(f"Signature {signature_id} on assessment {row['assessment_id']} has been altered "
                            "(its name, role, time or hash is not what was signed).")
    return len(recorded), problems


def _signature_digest(row: dict) -> str:
    from ..domain.review import Signature

    return sha256_hex(Signature(**row).model_dump(mode="json"))


def missing_triggers(uow: UnitOfWork) -> list[str]:
    """Append-only tables whose database-side refusal of UPDATE or DELETE has been removed (SQLite and PostgreSQL)."""
    session = uow.session
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        names = {name for (name,) in session.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
        wanted = {f"{table}_no_{event}" for table in orm.APPEND_ONLY_TABLES for event in ("update", "delete")}
    elif dialect == "postgresql":
        names = {name for (name,) in session.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"))}
        wanted = {f"{table}_append_only" for table in orm.APPEND_ONLY_TABLES}
    else:
        return []
    return sorted(wanted - names)
