"""Which children one unit of work may read or change: need to know, enforced where the rows are read.

A service sets the scope from the signed-in person as stored at the start of the call (``limit_to``); storage's own
work (migrations, the demo builder, the benchmarks) keeps the default, which is every child. A practitioner or
supervisor sees the children of their team and the children shared with it; people in no team see the children in
no team; an administrator who holds no other role sees no child at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Uuid, and_, bindparam, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from ..domain.errors import PermissionDenied
from . import orm
from .orm_kept import NO_ONE

OTHER_TEAM = ("This child's record belongs to another team, so you cannot open it. A supervisor of that team can "
              "share it with yours, giving the reason.")
NO_CASES = ("Administrators manage accounts and teams, not case records. To work on cases, an administrator adds the "
            "practitioner or supervisor role to your account.")


class Scope:
    def __init__(self) -> None:
        self.everything = True
        self.works_on_cases = True
        self.team_id: UUID | None = None
        self._shared: frozenset[UUID] | None = frozenset()
        self._session: Session | None = None

    def limit_to(self, session: Session, *, team_id: UUID | None, works_on_cases: bool) -> None:
        """The people of ``team_id`` (``None``: people in no team), with what is shared with that team now. The
        shares are read in this unit when first needed: a unit that only touches its own team's children (most
        reads and every grade) never reads them."""
        self.everything = False
        self.works_on_cases = works_on_cases
        self.team_id = team_id
        self._shared = frozenset() if team_id is None else None
        self._session = session

    @property
    def shared(self) -> frozenset[UUID]:
        """The children shared with the team now (read once per unit, at the first question that needs it)."""
        if self._shared is None:
            assert self._session is not None
            shares = orm.child_shares
            self._shared = frozenset(self._session.execute(
                select(shares.c.child_id).where(shares.c.team_id == self.team_id, shares.c.revoked_at.is_(None))
            ).scalars())
        return self._shared

    def allows(self, child_id: UUID, child_team_id: UUID | None) -> bool:
        if self.everything:
            return True
        if not self.works_on_cases:
            return False
        return child_team_id == self.team_id or child_id in self.shared

    def require(self, child_id: UUID, child_team_id: UUID | None) -> None:
        if not self.allows(child_id, child_team_id):
            raise PermissionDenied(OTHER_TEAM if self.works_on_cases else NO_CASES)

    def require_child(self, session: Session, child_id: UUID) -> None:
        """The check by id alone: one small read of the child's team (nothing when every child is in scope)."""
        if self.everything:
            return
        children = orm.children
        team = session.execute(select(children.c.team_id).where(children.c.id == child_id)).first()
        if team is not None:
            self.require(child_id, team[0])

    def visible(self, child_ids: Iterable[tuple[UUID, UUID | None]]) -> list[UUID]:
        return [child_id for child_id, team_id in child_ids if self.allows(child_id, team_id)]

    def text_condition(self) -> tuple[str, dict, list]:
        """For plain-SQL reads of the children table: ``(condition, values, bind parameters)``; an empty condition
        for every child."""
        if self.everything:
            return "", {}, []
        if not self.works_on_cases:
            return "1 = 0", {}, []
        values: dict = {}
        parameters: list = []
        own = "team_id IS NULL"
        if self.team_id is not None:
            own = "team_id = :scope_team"
            values["scope_team"] = self.team_id
            parameters.append(bindparam("scope_team", type_=Uuid()))
        if not self.shared:
            return own, values, parameters
        values["scope_shared"] = sorted(self.shared)
        parameters.append(bindparam("scope_shared", type_=Uuid(), expanding=True))
        return f"({own} OR id IN :scope_shared)", values, parameters

    def tally_condition(self) -> tuple[str, str, dict, list]:
        """For reads of ``caseload_tally`` (migration 0023): ``(condition on the tally, condition on the children
        table for the children shared with the team, values, bind parameters)``; empty conditions for every row,
        an empty second one when nothing is shared."""
        if self.everything:
            return "", "", {}, []
        if not self.works_on_cases:
            return "1 = 0", "", {}, []
        values: dict = {"scope_team": self.team_id or NO_ONE}
        parameters: list = [bindparam("scope_team", type_=Uuid())]
        if not self.shared:
            return "team_id = :scope_team", "", values, parameters
        values["scope_shared"] = sorted(self.shared)
        parameters.append(bindparam("scope_shared", type_=Uuid(), expanding=True))
        return ("team_id = :scope_team", "id IN :scope_shared AND (team_id IS NULL OR team_id <> :scope_team)",
                values, parameters)

    def children_clause(self, children=orm.children) -> ColumnElement[bool] | None:
        """A WHERE clause on the children table for this scope, or ``None`` for every child."""
        if self.everything:
            return None
        if not self.works_on_cases:
            return children.c.id.is_(None)  # no row
        own = children.c.team_id.is_(None) if self.team_id is None else children.c.team_id == self.team_id
        if not self.shared:
            return own
        return or_(own, and_(children.c.id.in_(sorted(self.shared))))
