"""Households: the homes children live in, and the network of adults around them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, PermissionDenied
from ...domain.people import Household, HouseholdMove
from .. import orm
from ..rows import household_from, household_values
from ..scope import Scope
from .require import not_found_message

_households = orm.households
_moves = orm.household_moves

ANOTHER_TEAM = ("That household's children are in another team's records, so it cannot be opened or joined here. A "
                "supervisor of that team can share the children's records with yours.")


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

    def search(self, text: str, limit: int = 50) -> tuple[list[Household], int]:
        """Households whose name or address holds ``text`` (any case): those the scope may see, and how many
        others match (homes of another team's children, named to nobody here)."""
        words = text.strip().lower()
        statement = select(_households).order_by(_households.c.name, _households.c.created_at)
        if words:
            pattern = f"%{_escape(words)}%"
            statement = statement.where(or_(func.lower(_households.c.name).like(pattern, escape="\\"),
                                            func.lower(_households.c.address).like(pattern, escape="\\")))
        found = [household_from(row) for row in self._session.execute(statement).mappings()]
        visible = self.visible_ids([household.id for household in found])
        shown = [household for household in found if household.id in visible]
        return shown[:limit], len(found) - len(shown)

    def visible_ids(self, household_ids: list[UUID]) -> set[UUID]:
        """Of ``household_ids``, those the scope may see: a child of theirs is in scope, or they have no child."""
        if not household_ids:
            return set()
        if self._scope.everything:
            return set(household_ids)
        children = orm.children
        rows = self._session.execute(
            select(children.c.id, children.c.team_id, children.c.household_id)
            .where(children.c.household_id.in_(household_ids))
        ).all()
        with_children: set[UUID] = set()
        seen: set[UUID] = set()
        for child_id, team_id, household_id in rows:
            with_children.add(household_id)
            if self._scope.allows(child_id, team_id):
                seen.add(household_id)
        return seen | (set(household_ids) - with_children)

    def require_visible(self, household_id: UUID) -> Household:
        household = self.get(household_id)
        if household_id not in self.visible_ids([household_id]):
            raise PermissionDenied(ANOTHER_TEAM)
        return household

    def team_ids(self, household_id: UUID) -> set[UUID | None]:
        """The teams the household's children are in (one, by rule; none for a household with no child yet)."""
        children = orm.children
        statement = select(children.c.team_id).where(children.c.household_id == household_id).distinct()
        return set(self._session.execute(statement).scalars())

    # Moves ----------------------------------------------------------------------------------------------------
    def add_move(self, move: HouseholdMove) -> None:
        self._session.execute(insert(_moves), [move.model_dump()])

    def moves_of(self, child_id: UUID) -> list[HouseholdMove]:
        statement = select(_moves).where(_moves.c.child_id == child_id).order_by(_moves.c.moved_on,
                                                                                 _moves.c.recorded_at)
        return [HouseholdMove.model_validate(dict(row)) for row in self._session.execute(statement).mappings()]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
