"""Children: one record per child, whatever the number of assessments."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ...domain.clock import utc_now
from ...domain.errors import NotFound
from ...domain.people import Child, ChildRecord
from .. import orm
from ..attention_changes import note_children
from ..child_summary import EMPTY_SUMMARY
from ..rows import child_from, child_values
from .adults import AdultRepository
from .households import HouseholdRepository
from ..scope import Scope
from .require import not_found_message

_children = orm.children


class ChildRepository:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    def add(self, child: Child) -> None:
        """A new child has no assessment yet; ``update`` never touches the caseload summary either."""
        self._session.execute(insert(_children), [{**child_values(child), **EMPTY_SUMMARY}])
        note_children(self._session, [child.id])

    def get(self, child_id: UUID) -> Child:
        row = self._session.execute(select(_children).where(_children.c.id == child_id)).mappings().first()
        if row is None:
            raise NotFound(not_found_message("child", child_id))
        self._scope.require(child_id, row["team_id"])
        return child_from(row)

    def any(self) -> bool:
        """Whether any child is recorded, whatever the scope (the demo fills only an empty database)."""
        return self._session.execute(select(_children.c.id).limit(1)).first() is not None

    def update(self, child: Child) -> Child:
        """Store every field as given, keep ``created_at``, set ``updated_at`` to now. Returns what is stored."""
        values = child_values(child)
        del values["id"], values["created_at"]
        values["updated_at"] = utc_now()
        result = self._session.execute(update(_children).where(_children.c.id == child.id).values(values))
        if result.rowcount == 0:
            raise NotFound(not_found_message("child", child.id))
        note_children(self._session, [child.id])  # the plan type, and the name the list is ordered by
        return self.get(child.id)

    def in_household(self, household_id: UUID) -> list[Child]:
        """Oldest first (unborn children last), then by given name."""
        birth = func.coalesce(_children.c.date_of_birth, _children.c.expected_date_of_delivery)
        statement = (
            select(_children)
            .where(_children.c.household_id == household_id)
            .order_by(birth, _children.c.given_name, _children.c.id)
        )
        rows = self._session.execute(statement).mappings()
        return [child_from(row) for row in rows if self._scope.allows(row["id"], row["team_id"])]

    def record(self, child_id: UUID) -> ChildRecord:
        """The child, their household and their significant adults: everything the record screen shows but work."""
        child = self.get(child_id)
        household = None
        if child.household_id is not None:
            household = HouseholdRepository(self._session, self._scope).get(child.household_id)
        adults = AdultRepository(self._session).for_child(child_id)
        return ChildRecord(child=child, household=household, adults=adults)
