"""The caseload's household headings, told apart where names are shared (``domain.household_labels``): only
households with a child the signed-in person may see are compared, so a heading never hints at another team's."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.household_labels import NamedHousehold, distinct_labels
from . import orm
from .scope import Scope


def household_names(session: Session, household_ids: set[UUID]) -> dict[UUID, str]:
    """The names of ``household_ids`` (one page's households), read by their primary key."""
    if not household_ids:
        return {}
    households = orm.households
    query = select(households.c.id, households.c.name).where(households.c.id.in_(sorted(household_ids)))
    return {household_id: name for household_id, name in session.execute(query)}


def household_headings(session: Session, scope: Scope, names: dict[UUID, str]) -> dict[UUID, str]:
    """``names`` (household id: name, for one page) with each shared name told apart."""
    if not names:
        return names
    wanted = {name.strip().lower() for name in names.values()}
    households, children = orm.households, orm.children
    query = (select(households.c.id, households.c.name, households.c.address, households.c.created_at)
             .where(func.lower(func.trim(households.c.name)).in_(sorted(wanted))))
    found = [NamedHousehold(*row) for row in session.execute(query)]
    by_name: dict[str, list[NamedHousehold]] = {}
    for household in found:
        by_name.setdefault(household.name.strip().lower(), []).append(household)
    shared = [h.id for same in by_name.values() if len(same) > 1 for h in same]
    if not shared:
        return names
    # Only households with a child this person may see are compared (read by the children's household index).
    # The households' children first, then the scope on those few: SQLite's planner, given the team to match,
    # would read the team's index and test every child of the team.
    members = (select(children.c.household_id, children.c.team_id, children.c.id)
               .where(children.c.household_id.in_(shared)).cte("members").prefix_with("MATERIALIZED"))
    visible = select(members.c.household_id).distinct()
    clause = scope.children_clause(members)
    if clause is not None:
        visible = visible.where(clause)
    seen = set(session.execute(visible).scalars())
    labels = distinct_labels([h for h in found if h.id in seen or h.id in names])
    return {household_id: labels.get(household_id, name) for household_id, name in names.items()}
