"""The supervisor's team view: the team's children (and those shared with the team), worst first, with drift,
overdue reassessments, direction over six months and the returns still waiting with practitioners. Read as the
caseload's "needs attention" is, from projections, so a large team costs one read."""

from __future__ import annotations

from collections import Counter

from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import PermissionDenied
from ..domain.people import User
from ..scoring.attention import attention_reasons
from ..scoring.team import TeamPicture, order, team_child
from .attention_histories import read_histories
from .base import Service


def may_see_team_view(user: User | None) -> bool:
    """The one place that says who sees the team view: supervisors."""
    return user is not None and user.has_role(Role.SUPERVISOR)


class TeamViewService(Service):
    def picture(self) -> TeamPicture:
        today, settings = self._context.today(), self._context.settings
        with self._context.transaction() as uow:
            if self._context.actor is None:
                raise PermissionDenied("Sign in to see the team view.")
            me = uow.users.get(self._context.actor.id)
            if not may_see_team_view(me):
                raise PermissionDenied("Only a supervisor sees the team view.")
            rows = uow.caseload.rows()  # the team's children, and those shared with it (``storage.scope``)
            read = read_histories(uow, self._context.instruments, {row.child_id for row in rows})
            homes = Counter(row.household_id for row in rows if row.household_id is not None)
            labels = uow.caseload.household_labels({home for home, count in homes.items() if count > 1})
        children = []
        for row in rows:
            if row.child_id in read.unreadable:
                continue
            history = read.histories.get(row.child_id, [])
            reasons = attention_reasons(history, read.plan_types[row.child_id], today=today, settings=settings)
            children.append(team_child(row.child_id, row.full_name, history, reasons, today, row.household_id))
        statuses = [row.latest_status for row in rows]
        family_names = {row.child_id: row.family_name for row in rows}
        return TeamPicture(order(children, family_names, labels),
                           returns_waiting=statuses.count(AssessmentStatus.RETURNED),
                           awaiting_review=statuses.count(AssessmentStatus.SUBMITTED))

    def printable(self, picture: TeamPicture | None = None) -> bytes:
        """The team view as a one-page (or more, for a large team) PDF, with its charts."""
        from ..domain.clock import utc_now
        from ..reports.team_page import build_team_page

        picture = picture or self.picture()
        organisation = self._context.settings.organisation_name.strip()
        return build_team_page(picture, organisation=organisation, supervisor=self._context.actor.name,
                               on=self._context.today(), made=utc_now())
