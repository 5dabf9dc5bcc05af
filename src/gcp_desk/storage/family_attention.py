"""What each family of a grouped caseload page needs attention for, for its heading: every child of the page's
households that the signed-in person may see, with their stored reasons (``services.stored_attention`` decodes
them). Only children in scope are read, so a heading never tells of a brother or sister in another team."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.caseload_window import FamilyAttention
from . import orm
from .scope import Scope


def family_attention(session: Session, scope: Scope, household_ids: set[UUID]) -> dict[UUID, FamilyAttention]:
    """Each of ``household_ids`` (one page's households): how many of its children are in scope, and the stored
    reasons of those flagged."""
    if not household_ids:
        return {}
    children = orm.children
    # The households' children first (by the household index), then the scope on those few (as the headings do).
    members = (select(children.c.household_id, children.c.team_id, children.c.id, children.c.attention_rank,
                      children.c.attention)
               .where(children.c.household_id.in_(sorted(household_ids))).cte("members").prefix_with("MATERIALIZED"))
    visible = select(members.c.household_id, members.c.attention_rank, members.c.attention)
    clause = scope.children_clause(members)
    if clause is not None:
        visible = visible.where(clause)
    found: dict[UUID, FamilyAttention] = {}
    for household_id, rank, attention in session.execute(visible.order_by(members.c.household_id)):
        family = found.setdefault(household_id, FamilyAttention())
        family.children += 1
        if rank is not None:
            family.flagged.append(attention)
    return found
