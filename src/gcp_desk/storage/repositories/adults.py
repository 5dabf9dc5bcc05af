"""Significant adults and how each stands to each child."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import and_, delete, desc, insert, select, update
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.people import Adult, ChildAdultLink, SignificantAdult
from .. import orm
from ..rows import adult_from, adult_values, link_from, link_values
from ..upsert import upsert
from .require import not_found_message, require_row

_adults = orm.adults
_links = orm.child_adult_links


class AdultRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, adult: Adult) -> None:
        self._session.execute(insert(_adults), [adult_values(adult)])

    def get(self, adult_id: UUID) -> Adult:
        row = self._session.execute(select(_adults).where(_adults.c.id == adult_id)).mappings().first()
        if row is None:
            raise NotFound(not_found_message("adult", adult_id))
        return adult_from(row)

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
                   _links.c.parental_responsibility, _links.c.lives_with_child)
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
