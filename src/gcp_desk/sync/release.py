"""Returned children leave the laptop: once a sync has given a child back to the team server (the hold released
there), the child's records are taken off the laptop's copy, so that a laptop carries only the children its person
holds. The server's copy is untouched: this is not a deletion of the record, so no tombstone is written (a tombstone
travels, and would delete the record everywhere).

A child is taken off only when the server has been seen to hold everything of it: the child's whole file read on
both sides is the same, every audit event about it has reached the server, and no conflict about it waits for a
person. Otherwise it stays, with the reason said, and is looked at again after the next sync (a child taken offline
again meanwhile stays for good). Each child goes in one transaction with the others: every row about it (the rows
retention's deletion removes: ``services.retention.rows_about_child``), its sync bookkeeping, and an audit event
with ids and counts only. Its append-only review records go through the release marks (migration 0021), written
and removed again in that same transaction.

The laptop's audit events about the child stay. They hold ids, never names or words; they are on the server
already, with their origin hashes; and the laptop's chain is append-only and must still verify, which it could not
with events cut out of it.

Called from one place: the sync engine, after the children are returned, on the sync's own connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import Connection, delete, insert, select, update

from ..domain.clock import utc_now
from ..storage import orm
from ..storage.db import Database
from ..storage.repositories.records import chunks
from . import local
from .changes import HERE, THERE
from .records import BY_NAME, LINK, ChildFiles, canonical, read_files

CONFLICT = "a change made here and on the team server waits to be settled ('sync conflicts')"
UNSENT = "it has changes the team server does not hold yet; they are sent at the next sync"
TRAIL = "part of its audit trail has not reached the team server yet"
OUT_OF_SIGHT = ("the team server no longer shows you this child (moved to another team, or a share ended), so it "
                "cannot be seen to hold all of it; ask your supervisor")


@dataclass(frozen=True)
class Removal:
    removed: list[UUID] = field(default_factory=list)
    """Children taken off this laptop (their records whole on the team server)."""
    kept: dict[UUID, str] = field(default_factory=dict)
    """Children returned to the server but kept here for now, each with the reason in words."""
    deleted: list[UUID] = field(default_factory=list)
    """Children deleted on this laptop under the retention rule, whose sync bookkeeping is now forgotten."""
    deleted_there: list[UUID] = field(default_factory=list)
    """Children an administrator deleted on the team server, deleted here too at this sync (``deletions``)."""

    def lines(self) -> list[str]:
        """What a person is told: how many left this laptop, and each child that stays, with why."""
        said = []
        if self.removed:
            count = len(self.removed)
            said.append(f"Taken off this laptop: {count} {'child' if count == 1 else 'children'} given back to the "
                        f"team server, which holds {'its' if count == 1 else 'their'} records in full.")
        for child, why in self.kept.items():
            said.append(f"Child {child} stays on this laptop for now: {why}.")
        for child in self.deleted_there:
            said.append(f"Child {child} was deleted on the team server under the retention rule, and so from this "
                        "laptop too.")
        for child in self.deleted:
            said.append(f"Child {child} was deleted on this laptop under the retention rule: the sync left the team "
                        "server's record of the child as it is (an administrator deletes it there) and brought "
                        "nothing of it back here.")
        return said

    def words(self) -> str:
        return " ".join(self.lines())


def remove_returned(db: Database, server: Connection, actor_id: UUID, returned: Iterable[UUID]) -> Removal:
    """Note ``returned`` as given back, then take off this laptop every child given back (now or at an earlier
    sync) whose records the server holds in full; the others stay, each with the reason."""
    with db.transaction() as uow:
        connection = uow.session.connection()
        _note_returned(connection, list(returned))
        given_back = [child for child, held in local.children(connection).items() if not held]
        gone = sorted(deleted_here(connection, given_back), key=str)
        _forget(connection, gone)
        waiting = _waiting(connection)
    if not waiting:
        return Removal(deleted=gone)
    with server.begin():
        theirs = read_files(server, waiting)
    with db.transaction() as uow:
        connection = uow.session.connection()
        mine = read_files(connection, waiting)
        kept = _kept_here(connection, waiting, mine, theirs)
        leaving = [child for child in waiting if child not in kept]
        for child in leaving:
            _take_off(uow, actor_id, child)
        _forget(connection, leaving)
    return Removal(leaving, kept, gone)


def deleted_here(connection: Connection, child_ids: Iterable[UUID]) -> set[UUID]:
    """The children among ``child_ids`` deleted on this laptop (retention's deletion, or an import's tombstone): no
    longer here, with a tombstone. A sync leaves them out: nothing of them is copied back here, and the team server's
    record, which a person's login there may not delete, is left as it is (the deletion's audit event reaches the
    server's trail)."""
    ids = list(dict.fromkeys(child_ids))
    children, tombstones = orm.children, orm.tombstones
    present: set[UUID] = set()
    for batch in chunks(ids):
        present.update(connection.execute(select(children.c.id).where(children.c.id.in_(batch))).scalars())
    missing = [child for child in ids if child not in present]
    found: set[UUID] = set()
    for batch in chunks(missing):
        found.update(connection.execute(select(tombstones.c.entity_id).where(
            tombstones.c.entity == "child", tombstones.c.entity_id.in_(batch))).scalars())
    return found


def _note_returned(connection: Connection, returned: list[UUID]) -> None:
    table = orm.sync_children
    for batch in chunks(returned):
        connection.execute(update(table).where(table.c.child_id.in_(batch), table.c.held.is_(False))
                           .values(returned_at=utc_now()))


def _waiting(connection: Connection) -> list[UUID]:
    table = orm.sync_children
    return sorted(connection.execute(select(table.c.child_id).where(
        table.c.held.is_(False), table.c.returned_at.is_not(None))).scalars(), key=str)


def _kept_here(connection: Connection, waiting: list[UUID], mine: ChildFiles, theirs: ChildFiles) -> dict[UUID, str]:
    """The children that must stay, with why: a conflict, a file the server does not hold as it is here, or audit
    events about them not yet carried."""
    kept = {conflict.child_id: CONFLICT for conflict in local.conflicts(connection)
            if conflict.child_id in set(waiting)}
    mine_by = _files_by_child(mine, waiting)
    if canonical(mine) != canonical(theirs):  # the usual case is all the same: each child compared only if not
        theirs_by = _files_by_child(theirs, waiting)
        for child in waiting:
            if child in kept:
                continue
            if (child,) not in theirs.of(BY_NAME["child"]):
                kept[child] = OUT_OF_SIGHT
            elif canonical(mine_by[child]) != canonical(theirs_by[child]):
                kept[child] = UNSENT
    uncarried = _uncarried_entities(connection)
    if uncarried:
        for child in waiting:
            if child not in kept and _ids_of(mine_by[child], child) & uncarried:
                kept[child] = TRAIL
    return {child: kept[child] for child in waiting if child in kept}


CHILD_ROWS = ("child", "link", "move", "event", "assessment")
ASSESSMENT_ROWS = ("item_grade", "evidence", "domain_grade", "plan_action", "signature", "review_comment", "return")


def _files_by_child(files: ChildFiles, children: Iterable[UUID]) -> dict[UUID, ChildFiles]:
    """Each child's part of ``files``, in one pass over the rows: its own row, its links, moves, events and
    assessments, its assessments' and returns' rows, its household and the adults linked to it or living there."""
    one = {child: ChildFiles() for child in children}
    for part in one.values():
        part.rows = {name: {} for name in (*CHILD_ROWS, *ASSESSMENT_ROWS, "return_snapshot", "household", "adult")}
    for key, row in files.of(BY_NAME["child"]).items():
        if key[0] in one:
            one[key[0]].rows["child"][key] = row
    owner: dict[UUID, UUID] = {}  # an assessment's or a return's child
    for name in CHILD_ROWS[1:]:
        for key, row in files.rows[name].items():
            part = one.get(row["child_id"])
            if part is not None:
                part.rows[name][key] = row
                if name == "assessment":
                    owner[row["id"]] = row["child_id"]
    for name in ASSESSMENT_ROWS:
        for key, row in files.rows[name].items():
            child = owner.get(row["assessment_id"])
            if child is not None:
                one[child].rows[name][key] = row
                if name == "return":
                    owner[row["id"]] = child
    for key, row in files.rows["return_snapshot"].items():
        child = owner.get(row["return_id"])
        if child is not None:
            one[child].rows["return_snapshot"][key] = row
    households: dict[UUID, set[UUID]] = {}
    adults: dict[UUID, set[UUID]] = {}
    for child, part in one.items():
        for row in part.rows["child"].values():
            if row["household_id"]:
                households.setdefault(row["household_id"], set()).add(child)
        for row in part.rows["link"].values():
            adults.setdefault(row["adult_id"], set()).add(child)
    for key, row in files.rows["household"].items():
        for child in households.get(key[0], ()):
            one[child].rows["household"][key] = row
    for key, row in files.rows["adult"].items():
        for child in adults.get(key[0], set()) | households.get(row["household_id"], set()):
            one[child].rows["adult"][key] = row
    return one


def _ids_of(one: ChildFiles, child: UUID) -> set[str]:
    """The ids audit events about the child name: the child, its assessments, events and review records."""
    ids = {str(child)}
    for name in ("assessment", "event", "signature", "review_comment", "return"):
        ids.update(str(row["id"]) for row in one.rows[name].values())
    return ids


def _uncarried_entities(connection: Connection) -> set[str]:
    state = local.state(connection)
    after = state.events_sent_to if state else 0
    events, chain = orm.audit_events, orm.audit_chain
    return set(connection.execute(select(events.c.entity_id).join(chain, chain.c.event_id == events.c.id)
                                  .where(chain.c.seq > after)).scalars())


def _take_off(uow, actor_id: UUID, child: UUID) -> None:
    """Every row about ``child`` off this laptop, its append-only review records through release marks."""
    from ..services.retention import delete_rows_about_child, rows_about_child

    connection = uow.session.connection()
    rows = rows_about_child(uow, child)
    links = orm.child_adult_links
    noted = [LINK.record_id((child, adult)) for adult in connection.execute(
        select(links.c.adult_id).where(links.c.child_id == child)).scalars()]
    marks = [{"entity": "assessment", "entity_id": a} for a in rows["assessments"]] + [
        {"entity": "return", "entity_id": r} for r in rows["returns"]]
    uow.audit.record(actor_id, "sync.release", "child", str(child), None,
                     {name: len(ids) for name, ids in rows.items()})
    if marks:
        connection.execute(insert(orm.sync_release_marks), marks)
    delete_rows_about_child(uow, child, rows)
    connection.execute(delete(orm.sync_release_marks))
    base = orm.sync_base  # what the sync noted of the child's links, and the prints of its file, go with it
    connection.execute(delete(base).where(base.c.kind == LINK.name, base.c.record_id.in_(noted)))
    connection.execute(delete(base).where(base.c.kind.in_((HERE, THERE)), base.c.record_id == child))


def _forget(connection: Connection, children: list[UUID]) -> None:
    """The sync's bookkeeping of records no longer here: their agreed versions, and the children's own rows."""
    if not children:
        return
    for batch in chunks(children):
        connection.execute(delete(orm.sync_children).where(orm.sync_children.c.child_id.in_(batch)))
    base = orm.sync_base
    for kind in BY_NAME.values():  # and what it noted of those held by their own id (aliases of adults, moves)
        if kind.versioned or kind.name == "assessment" or (kind.removable and len(kind.key) == 1):
            connection.execute(delete(base).where(base.c.kind == kind.name,
                                                  base.c.record_id.not_in(select(kind.table.c[kind.key[0]]))))
