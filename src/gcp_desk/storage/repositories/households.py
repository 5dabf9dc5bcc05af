"""Households: the homes children live in, and the network of adults around them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.people import Household
from .. import orm
from ..rows import household_from, household_values
from .require import not_found_message

_households = orm.households


class HouseholdRepository:
    def __init__(self, session: Session):
        self._session = session

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
        statement = select(_households).order_by(_households.c.name, _households.c.created_at)
        return [household_from(row) for row in self._session.execute(statement).mappings()]
