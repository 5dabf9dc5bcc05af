"""Walking the audit chain and the records it covers: every link against its event and the link before it, every
signature against the digest its event recorded, and the append-only triggers in place.

    found = walk_chain(uow, after=ChainHead.empty())   # the whole chain, in one read
    found.ok, found.checked, found.problems[0]

A long chain is walked in chunks of ``CHUNK`` links (``ChainWalker``), so that the app's worker is never held for
seconds: each chunk is one task, and other work runs between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, text

from ..domain.canonical import sha256_hex
from . import orm
from .audit_chain import ChainHead, event_hash, payload_digest
from .unit_of_work import UnitOfWork

CHUNK = 5000
"""Links read at a time: one read of about this many events takes a few tenths of a second, so a walk done chunk by
chunk on the app's worker lets other work in between (``ChainWalker``)."""


@dataclass
class ChainWalk:
    checked: int = 0
    """Events whose link was checked."""
    head: ChainHead = field(default_factory=ChainHead.empty)
    """The last link that checked out (the point an incremental check starts from next time)."""
    problems: list[str] = field(default_factory=list)
    """The first problem first; the walk stops at the first broken link."""
    signatures_checked: int = 0
    total: int = 0
    """The chain's length when last looked at (for progress: ``checked`` of ``total - start``)."""

    @property
    def ok(self) -> bool:
        return not self.problems


class ChainWalker:
    """A walk of the chain one chunk at a time, each in whatever read the caller gives it:

        walker = ChainWalker(after=start)
        while not walker.step(uow): ...          # or one step per task on a worker
        walker.found.ok
    """

    def __init__(self, after: ChainHead | None = None, chunk: int | None = None):
        self.start = after or ChainHead.empty()
        self.found = ChainWalk(head=self.start)
        self.chunk = chunk or CHUNK
        self.done = False
        self._started = False

    def step(self, uow: UnitOfWork) -> bool:
        """Check the next chunk of links; ``True`` once the walk is over (the end reached, or a problem found)."""
        found = self.found
        if not self._started:
            self._started = True
            if self.start.seq and uow.audit.link(self.start.seq) != self.start:
                found.problems.append(f"Audit event {self.start.seq}, checked before, is no longer as it was when "
                                      "checked: the trail has been rewritten since.")
                self.done = True
                return True
        found.total = uow.audit.head().seq
        previous = found.head
        rows = uow.audit.chain_rows(previous.seq, self.chunk)
        for row in rows:
            problem = _link_problem(row, previous)
            if problem:
                found.problems.append(problem)
                self.done = True
                return True
            previous = ChainHead(row["seq"], row["hash"])
            found.checked += 1
            found.head = previous
        if len(rows) < self.chunk:
            for stray in uow.audit.unchained_events():
                found.problems.append(f"Audit event {stray.id} ({stray.action}, {stray.at:%Y-%m-%d %H:%M} UTC) is not "
                                      "in the chain: it was written into the trail outside GCP Desk.")
                break
            self.done = True
        return self.done


def walk_chain(uow: UnitOfWork, after: ChainHead | None = None,
               progress: Callable[[int, int], None] | None = None) -> ChainWalk:
    """Check the links after ``after`` (the whole chain by default), stopping at the first that does not match;
    ``progress(checked, of)`` after each chunk."""
    walker = ChainWalker(after)
    while not walker.step(uow):
        if progress is not None:
            progress(walker.found.checked, walker.found.total - walker.start.seq)
    if progress is not None:
        progress(walker.found.checked, max(walker.found.checked, walker.found.total - walker.start.seq))
    return walker.found


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
