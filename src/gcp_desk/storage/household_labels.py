"""The caseload's household headings, told apart where names are shared (``domain.household_labels``): only
households with a child the signed-in person may see are compared, so a heading never hints at another team's."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.household_labels import NamedHousehold, distinct_labels
from . import orm
from .scope import Scope


def household_headings(session: Session, scope: Scope, names: dict[UUID, str]) -> dict[UUID, str]:
    """``names`` (household id: name, for one page) with each shared name told apart."""
    if not names:
        return names
    wanted = {name.strip().lower() for name in names.values()}
    households, children = orm.households, orm.children
    visible = select(children.c.household_id).where(children.c.household_id.is_not(None))
    clause = scope.children_clause(children)
    if clause is not None:
        visible = visible.where(clause)
    query = (select(households.c.id, households.c.name, households.c.address, households.c.created_at)
             .where(func.lower(func.trim(households.c.name)).in_(sorted(wanted)))
             .where(households.c.id.in_(visible)))
    found = [NamedHousehold(*row) for row in session.execute(query)]
    labels = distinct_labels(found)
    return {household_id: labels.get(household_id, name) for household_id, name in names.items()}
