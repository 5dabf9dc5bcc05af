"""Households: the homes children live in, and the network of adults around them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.people import Household
from .. import orm
from ..rows import household_from, household_values
from ..scope import Scope
from .require import not_found_message

_households = orm.households


class HouseholdRepository:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    def add(self, household: Household) -> None:
        self._session.execute(insert(_households), [household_values(household)])

    def get(self, household_id: UUID) -> Household:
        statement = select(_households).where(_households.c.id == household_id)
        row = self._session.execute(statement).mappings().first()
        if row is None:
            raise NotFound(not_found_message("household", household_id))
        return household_from(row)

    def update(self, household: Household) -> Household:
        """Store every field as given except ``created_at``, which a record keeps for life. Returns what is stored."""
        values = household_values(household)
        del values["id"], values["created_at"]
        result = self._session.execute(update(_households).where(_households.c.id == household.id).values(values))
        if result.rowcount == 0:
            raise NotFound(not_found_message("household", household.id))
        return self.get(household.id)

    def all(self) -> list[Household]:
        """Households the scope may see: those with a child in it, and those with no child yet (just made)."""
        statement = select(_households).order_by(_households.c.name, _households.c.created_at)
        clause = self._scope.children_clause()
        if clause is not None:
            children = orm.children
            with_child_in_scope = select(children.c.household_id).where(clause, children.c.household_id.is_not(None))
            with_any_child = select(children.c.household_id).where(children.c.household_id.is_not(None))
            statement = statement.where(or_(_households.c.id.in_(with_child_in_scope),
                                            _households.c.id.not_in(with_any_child)))
        return [household_from(row) for row in self._session.execute(statement).mappings()]
