"""Sharing one child's record with another team: a supervisor's decision, with a reason, audited and revocable.

The child stays in their own team; members of the team it is shared with can see and work on the record until the
share is revoked. Both steps are audited with who, when and why.
"""

from __future__ import annotations

from uuid import UUID

from ..domain.enums import Role
from ..domain.errors import InvalidInput, NotFound, PermissionDenied, Problem
from ..domain.people import Share
from ..storage.unit_of_work import UnitOfWork
from .base import Service

SUPERVISORS_ONLY = "Only a supervisor can share a child's record with another team, or stop sharing it."


class SharingService(Service):
    def share(self, child_id: UUID, team_id: UUID, reason: str) -> Share:
        reason = reason.strip()
        if not reason:
            raise InvalidInput([Problem("Reason", "say why the other team needs to see this child's record")])
        with self._context.transaction() as uow:
            supervisor = self._supervisor(uow)
            child = uow.children.get(child_id)  # the supervisor must see the child themselves
            team = uow.users.team(team_id)
            if team.id == child.team_id:
                raise InvalidInput([Problem("Team", f"{team.name} already holds this child's record")])
            if any(share.team_id == team_id for share in uow.shares.active_for(child_id)):
                raise InvalidInput([Problem("Team", f"the record is already shared with {team.name}")])
            share = Share(child_id=child_id, team_id=team_id, team_name=team.name, reason=reason,
                          shared_by=supervisor)
            uow.shares.add(share)
            uow.audit.record(supervisor, "child.share", "child", str(child_id), None,
                             {"team_id": str(team_id), "share_id": str(share.id), "reason": reason})
            return share

    def revoke(self, share_id: UUID, reason: str) -> None:
        with self._context.transaction() as uow:
            supervisor = self._supervisor(uow)
            share = uow.shares.get(share_id)
            if share is None or share.revoked_at is not None:
                raise NotFound("That share does not exist or has already been stopped.")
            uow.children.get(share.child_id)
            uow.shares.revoke(share_id, supervisor, reason.strip())
            uow.audit.record(supervisor, "child.share-revoke", "child", str(share.child_id),
                             {"share_id": str(share_id)}, {"reason": reason.strip()})

    def shares(self, child_id: UUID) -> list[Share]:
        """The teams the child's record is shared with now."""
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            return uow.shares.active_for(child_id)

    def _supervisor(self, uow: UnitOfWork) -> UUID:
        stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.SUPERVISOR):
            raise PermissionDenied(SUPERVISORS_ONLY)
        return stored.id
