"""Children deleted on the team server under the retention rule (by an administrator there) are deleted from the
laptops that hold a copy, at their next sync, as an import applies a tombstone: through retention's one deletion
path, recorded as deleted at origin, with the server's tombstone's time.

The server shows every person the tombstones of deleted children (ids and times only, no personal data: the rules'
version 7), since the child itself, and with it the team it belonged to, is gone. A laptop looks for them only among
the children it synced before that the server no longer shows it (``engine``: out of sight). A child out of sight
for another reason (moved to another team, a share ended) has no tombstone and stays as it is.

The other way round, a child deleted on a laptop is not deleted on the server, whose rules let no person's login
delete records (signatures and review records are insert-only there): ``release.deleted_here``.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Connection, select

from ..storage import orm
from ..storage.db import Database
from ..storage.repositories.records import chunks


def deleted_on_server(server: Connection, child_ids: Iterable[UUID]) -> dict[UUID, dict]:
    """The server's tombstones of any of ``child_ids``, by child."""
    stones = orm.tombstones
    found: dict[UUID, dict] = {}
    for batch in chunks(sorted(set(child_ids), key=str)):
        for row in server.execute(select(stones.c.id, stones.c.entity_id, stones.c.deleted_at).where(
                stones.c.entity == "child", stones.c.entity_id.in_(batch))).mappings():
            found[row["entity_id"]] = dict(row)
    return found


def delete_here(db: Database, actor_id: UUID, stones: dict[UUID, dict]) -> list[UUID]:
    """Each child the server deleted, deleted here in one transaction; the children deleted."""
    from ..services.retention import DeletionReason, remove_child

    deleted = []
    with db.transaction() as uow:
        held = set(uow.session.execute(select(orm.children.c.id).where(
            orm.children.c.id.in_(list(stones)))).scalars())
        for child in sorted(held, key=str):
            stone = stones[child]
            remove_child(uow, child, actor_id=actor_id, reason=DeletionReason.DELETED_AT_ORIGIN, deleted_by=None,
                         deleted_at=stone["deleted_at"], tombstone=str(stone["id"]))
            deleted.append(child)
    return deleted
