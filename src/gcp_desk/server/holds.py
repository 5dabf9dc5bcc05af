"""Who has a child offline: the server's record of each child a laptop has taken away, shown to everyone who may see
the child, so that nobody works on a record someone else is changing on a laptop out of signal.

A child has one holder at a time. Taking one already held by someone else is refused, naming who has it and since
when; taking one's own again is nothing new. The holder returns it (at sync), or a supervisor of the child's team
releases it (a laptop lost or broken). Every step is in the audit trail, in the person's own name. These run on a
person's own login: the server's policies decide what they may see, take and release (``rules``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ..domain.errors import NotAllowed, NotFound
from ..storage.db import CHAIN_LOCK

LAPTOP_LIMIT = 200


class HeldElsewhere(NotAllowed):
    """The child is offline on someone else's laptop."""


@dataclass(frozen=True)
class Hold:
    child_id: UUID
    holder_id: UUID
    holder_name: str
    laptop: str
    """The laptop's name, as shown to others."""
    since: datetime
    laptop_id: str | None = None
    """The laptop's id, as its link to the server made it (none for a copy not linked)."""

    def in_words(self) -> str:
        return f"offline with {self.holder_name} since {self.since:%d %B %Y %H:%M} UTC ({self.laptop})"


def holds(connection: Connection, child_ids: Sequence[UUID] | None = None) -> list[Hold]:
    """The holds of the children this person may see (of ``child_ids`` only, when given), oldest first."""
    where = "" if child_ids is None else "WHERE h.child_id = ANY(:children)"
    rows = connection.execute(text(
        "SELECT h.child_id, h.holder_id, u.name, h.laptop, h.since, h.laptop_id FROM server_holds h "
        f"JOIN users u ON u.id = h.holder_id {where} ORDER BY h.since, h.child_id"),
        {} if child_ids is None else {"children": list(child_ids)}).all()
    return [Hold(row[0], row[1], row[2], row[3], row[4], row[5]) for row in rows]


def take_offline(connection: Connection, actor_id: UUID, child_ids: Sequence[UUID], laptop: str,
                 laptop_id: str | None = None) -> list[UUID]:
    """Record ``child_ids`` as offline with the acting person on ``laptop`` (its name, shown to others; ``laptop_id``
    the id its link made, by which ``server laptops`` counts its holds and ``revoke-laptop`` releases them), all or
    none; the children newly taken. Refused (nothing recorded) if any is held by someone else or is not a child this
    person may see, or the laptop was withdrawn from the server (``laptop_session``)."""
    from .laptop_session import name_this_laptop

    laptop = " ".join(laptop.split())[:LAPTOP_LIMIT] or "a laptop"
    with connection.begin():
        name_this_laptop(connection, laptop_id)
        _take_the_chain(connection)
        visible = set(connection.execute(text("SELECT id FROM children WHERE id = ANY(:children)"),
                                         {"children": list(child_ids)}).scalars())
        missing = [child for child in child_ids if child not in visible]
        if missing:
            raise NotFound(f"{len(missing)} of these children cannot be taken offline: they are not on the server, "
                           "or not in your team's records. Nothing was taken offline.")
        taken = []
        held = {hold.child_id: hold for hold in holds(connection, child_ids)}
        others = [hold for hold in held.values() if hold.holder_id != actor_id]
        if others:
            raise HeldElsewhere("Nothing was taken offline: " + "; ".join(
                f"child {hold.child_id} is {hold.in_words()}" for hold in others) + ". Ask them to sync, or a "
                "supervisor of the team to release the record if their laptop is lost.")
        for child in dict.fromkeys(child_ids):
            if child in held:
                continue
            connection.execute(text("INSERT INTO server_holds (child_id, holder_id, laptop, laptop_id) "
                                    "VALUES (:child, :holder, :laptop, :laptop_id)"),
                               {"child": child, "holder": actor_id, "laptop": laptop, "laptop_id": laptop_id})
            _record(connection, actor_id, "child.take-offline", child, {"laptop": laptop, "laptop_id": laptop_id})
            taken.append(child)
    return taken


def return_children(connection: Connection, actor_id: UUID, child_ids: Sequence[UUID]) -> int:
    """The acting person's holds of ``child_ids`` ended (after a sync); how many there were."""
    with connection.begin():
        _take_the_chain(connection)
        returned = list(connection.execute(text(
            "DELETE FROM server_holds WHERE child_id = ANY(:children) AND holder_id = :holder RETURNING child_id"),
            {"children": list(child_ids), "holder": actor_id}).scalars())
        for child in returned:
            _record(connection, actor_id, "child.return", child, None)
    return len(returned)


def release(connection: Connection, actor_id: UUID, child_id: UUID) -> Hold:
    """A supervisor of the child's team ends someone's hold (their laptop lost or broken). The server refuses anyone
    else: the row is then not theirs to delete, and nothing is released."""
    with connection.begin():
        _take_the_chain(connection)
        [hold] = holds(connection, [child_id]) or [None]
        if hold is None:
            raise NotFound(f"Child {child_id} is not offline with anyone (or not in your team's records).")
        released = connection.execute(text("DELETE FROM server_holds WHERE child_id = :child"),
                                      {"child": child_id}).rowcount
        if not released:
            raise NotAllowed(f"Only {hold.holder_name} or a supervisor of the child's team can end this hold "
                             f"(it is {hold.in_words()}). Nothing was changed.")
        _record(connection, actor_id, "child.release-hold", child_id,
                {"holder_id": str(hold.holder_id), "since": hold.since.isoformat()})
    return hold


def _take_the_chain(connection: Connection) -> None:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})


def _record(connection: Connection, actor_id: UUID, action: str, child_id: UUID, after: dict | None) -> None:
    from ..storage.repositories import AuditRepository

    AuditRepository(Session(bind=connection)).record(actor_id, action, "child", str(child_id), None, after)
