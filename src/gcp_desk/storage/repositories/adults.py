"""Significant adults and how each stands to each child."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, and_, delete, desc, insert, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, PermissionDenied
from ...domain.people import Adult, ChildAdultLink, SignificantAdult
from .. import orm
from ..rows import adult_from, adult_values, link_from, link_values
from ..upsert import upsert
from .require import not_found_message, require_row

_adults = orm.adults
_links = orm.child_adult_links
_aliases = orm.adult_aliases


class AdultRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, adult: Adult) -> None:
        self._session.execute(insert(_adults), [adult_values(adult)])

    def get(self, adult_id: UUID) -> Adult:
        """The adult, or the one a merged-away duplicate with this id was merged into."""
        row = self._session.execute(select(_adults).where(_adults.c.id == adult_id)).mappings().first()
        if row is None:
            kept = self.alias_of(adult_id)
            if kept is not None:
                return self.get(kept)
            raise NotFound(not_found_message("adult", adult_id))
        return adult_from(row)

    def alias_of(self, adult_id: UUID) -> UUID | None:
        """The adult kept when ``adult_id`` was merged away; ``None`` if it never was."""
        statement = select(_aliases.c.adult_id).where(_aliases.c.alias_id == adult_id)
        return self._session.execute(statement).scalar()

    def around_households(self, household_ids: Collection[UUID]) -> list[Adult]:
        """Adults of these households, and adults linked to a child who lives in one of them."""
        if not household_ids:
            return []
        children = orm.children
        linked = (select(_links.c.adult_id).join(children, children.c.id == _links.c.child_id)
                  .where(children.c.household_id.in_(household_ids)))
        statement = (select(_adults).where(or_(_adults.c.household_id.in_(household_ids), _adults.c.id.in_(linked)))
                     .order_by(_adults.c.family_name, _adults.c.given_name, _adults.c.id))
        return [adult_from(row) for row in self._session.execute(statement).mappings()]

    def households_of_children_linked_to(self, adult_ids: Collection[UUID]) -> set[UUID]:
        """The households of the children these adults are linked to."""
        if not adult_ids:
            return set()
        children = orm.children
        statement = (select(children.c.household_id).join(_links, _links.c.child_id == children.c.id)
                     .where(_links.c.adult_id.in_(adult_ids), children.c.household_id.is_not(None)).distinct())
        return set(self._session.execute(statement).scalars())

    def links_of(self, adult_id: UUID) -> list[ChildAdultLink]:
        statement = select(_links).where(_links.c.adult_id == adult_id)
        return [link_from(row) for row in self._session.execute(statement).mappings()]

    def merge(self, kept_id: UUID, duplicate_id: UUID, merged_by: UUID | None, at: datetime) -> list[UUID]:
        """Move every link of the duplicate to the adult kept (a child linked to both keeps the kept adult's link),
        record the duplicate's id as an alias of the kept one, and remove the duplicate. Returns the children whose
        links moved."""
        kept_children = {link.child_id for link in self.links_of(kept_id)}
        moving = [link for link in self.links_of(duplicate_id) if link.child_id not in kept_children]
        if not move_every_link(self._session.connection(), duplicate_id, kept_id):
            if moving:
                self._session.execute(insert(_links), [link_values(link.model_copy(update={"adult_id": kept_id}))
                                                       for link in moving])
            self._session.execute(delete(_links).where(_links.c.adult_id == duplicate_id))
            # Aliases of the duplicate (merged into it earlier) now point at the adult kept.
            self._session.execute(update(_aliases).where(_aliases.c.adult_id == duplicate_id)
                                  .values(adult_id=kept_id))
        self._session.execute(delete(_adults).where(_adults.c.id == duplicate_id))
        self._session.execute(insert(_aliases), [{"alias_id": duplicate_id, "adult_id": kept_id,
                                                 "merged_by": merged_by, "merged_at": at}])
        return [link.child_id for link in moving]

    def update(self, adult: Adult) -> Adult:
        """Store every field as given except ``created_at``. Returns what is stored."""
        values = adult_values(adult)
        del values["id"], values["created_at"]
        result = self._session.execute(update(_adults).where(_adults.c.id == adult.id).values(values))
        if result.rowcount == 0:
            raise NotFound(not_found_message("adult", adult.id))
        return self.get(adult.id)

    def in_household(self, household_id: UUID) -> list[Adult]:
        statement = (
            select(_adults)
            .where(_adults.c.household_id == household_id)
            .order_by(_adults.c.family_name, _adults.c.given_name, _adults.c.id)
        )
        return [adult_from(row) for row in self._session.execute(statement).mappings()]

    def link(self, link: ChildAdultLink) -> None:
        """Record how an adult stands to a child, replacing any earlier link between the two."""
        require_row(self._session, orm.children, link.child_id, "child")
        require_row(self._session, _adults, link.adult_id, "adult")
        upsert(self._session, _links, link_values(link), key=("child_id", "adult_id"))

    def unlink(self, child_id: UUID, adult_id: UUID) -> bool:
        """Remove the link; ``False`` if there was none."""
        statement = delete(_links).where(and_(_links.c.child_id == child_id, _links.c.adult_id == adult_id))
        return self._session.execute(statement).rowcount > 0

    def for_child(self, child_id: UUID) -> list[SignificantAdult]:
        """Adults with parental responsibility first, then those the child lives with, then by name."""
        statement = (
            select(_adults, _links.c.child_id, _links.c.adult_id, _links.c.relationship,
                   _links.c.parental_responsibility, _links.c.lives_with_child, _links.c.part_time)
            .join(_links, _links.c.adult_id == _adults.c.id)
            .where(_links.c.child_id == child_id)
            .order_by(
                desc(_links.c.parental_responsibility),
                desc(_links.c.lives_with_child),
                _adults.c.family_name,
                _adults.c.given_name,
                _adults.c.id,
            )
        )
        return [
            SignificantAdult(adult=adult_from(row), link=link_from(row))
            for row in self._session.execute(statement).mappings()
        ]


def move_every_link(connection: Connection, duplicate_id: UUID, kept_id: UUID) -> bool:
    """On a team server: every link and alias of the duplicate moved to the adult kept by the server's own rule
    (``server/merge_rules``), those of children the person may not see included, so that none goes with the
    duplicate; ``False`` elsewhere (a laptop's copy, a database without the team server's rules), where the caller
    moves the links itself, all of them being in sight."""
    if connection.dialect.name != "postgresql" or connection.execute(
            text("SELECT to_regprocedure('gcp_desk_move_adult_links(uuid, uuid)')")).scalar() is None:
        return False
    try:
        connection.execute(text("SELECT gcp_desk_move_adult_links(:duplicate, :kept)"),
                           {"duplicate": duplicate_id, "kept": kept_id})
    except DBAPIError as refused:
        if getattr(refused.orig, "sqlstate", None) == "42501":
            raise PermissionDenied(str(getattr(refused.orig.diag, "message_primary", None) or refused.orig)) \
                from refused
        raise
    return True
