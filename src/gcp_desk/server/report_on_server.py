"""A countersigned report signed with the organisation's key on the team server, as the app asks for it: whether to
offer it (``may_sign_on_server``) and the signed report made (``report_signed_on_server``), on a worker thread.

Waiting is bounded (``signing.WAIT_SECONDS``) and can be stopped (``cancelled``). Either way the request stays on
the server, where the owner's job signs it in time; nothing is kept on the laptop to finish that report later: the
person makes the report again, which asks again. (The report's PDF is prepared afresh each time, so an old
request's signature would not fit it; one more signed digest on the server harms nothing.)
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from ..domain.enums import AssessmentStatus, Role
from .signing import WAIT_SECONDS, server_signer


def may_sign_on_server(backend, user, assessment_id: UUID) -> bool:
    """On a linked laptop, a supervisor's countersigned assessment: whether the team server can be asked."""
    if not backend.settings.team_server or not user.has_role(Role.SUPERVISOR):
        return False
    return backend.assessments(user).get(assessment_id).status is AssessmentStatus.COUNTERSIGNED


def report_signed_on_server(backend, user, assessment_id: UUID, password: str, *,
                            wait_seconds: float = WAIT_SECONDS,
                            cancelled: Callable[[], bool] | None = None) -> tuple[bytes, str]:
    """The full report, signed with the organisation's key on the server, and its file name. ``password`` is the
    person's server password. Refused in words: not linked, the server unreachable or refusing the password, not a
    supervisor of the child's team there, the owner's job not answering in time (``NotSignedYet``), or stopped
    (``SigningCancelled``)."""
    signer = server_signer(backend, user, assessment_id, password, wait_seconds=wait_seconds, cancelled=cancelled)
    reports = backend.reports(user)
    return reports.assessment_report(assessment_id, signer=signer), reports.default_file_name(assessment_id)
