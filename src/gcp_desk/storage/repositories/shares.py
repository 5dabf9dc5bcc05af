"""Children's records shared with another team, and the revoking of those shares. Rows are never deleted."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ...domain.clock import utc_now
from ...domain.people import Share
from .. import orm

_shares = orm.child_shares
_teams = orm.teams


class ShareRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, share: Share) -> None:
        self._session.execute(insert(_shares), [{
            "id": share.id, "child_id": share.child_id, "team_id": share.team_id, "reason": share.reason,
            "shared_by": share.shared_by, "shared_at": share.shared_at}])

    def active_for(self, child_id: UUID) -> list[Share]:
        statement = (
            select(_shares, _teams.c.name.label("team_name")).join(_teams, _teams.c.id == _shares.c.team_id)
            .where(_shares.c.child_id == child_id, _shares.c.revoked_at.is_(None)).order_by(_shares.c.shared_at)
        )
        return [_share(row) for row in self._session.execute(statement).mappings()]

    def get(self, share_id: UUID) -> Share | None:
        statement = (
            select(_shares, _teams.c.name.label("team_name")).join(_teams, _teams.c.id == _shares.c.team_id)
            .where(_shares.c.id == share_id)
        )
        row = self._session.execute(statement).mappings().first()
        return None if row is None else _share(row)

    def revoke(self, share_id: UUID, by: UUID, reason: str, at: datetime | None = None) -> None:
        self._session.execute(update(_shares).where(_shares.c.id == share_id).values(
            revoked_by=by, revoked_at=at or utc_now(), revoke_reason=reason))


def _share(row) -> Share:
    return Share(id=row["id"], child_id=row["child_id"], team_id=row["team_id"], team_name=row["team_name"],
                 reason=row["reason"], shared_by=row["shared_by"], shared_at=row["shared_at"],
                 revoked_at=row["revoked_at"])
