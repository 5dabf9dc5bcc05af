"""Who is working, on which database: the context every view is given once someone has signed in with their
password. A session exists only after a right password (``start_state.sign_in``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.people import User
    from ..services.assessments import AssessmentService
    from ..services.children import ChildService
    from ..services.households import HouseholdService
    from ..services.reports import ReportService
    from ..services.siblings import SiblingAssessmentService
    from ..services.review import ReviewService
    from ..services.sharing import SharingService
    from ..services.users import UserService


class Session:
    """The services as one signed-in user sees them. ``today`` is injectable so tests can fix the date.

    The children's and assessments' services are made at once (every screen needs them); the others when first
    asked for, so that reportlab and the signing code load only when someone prints or signs.
    """

    def __init__(self, backend: Backend, user: User, today: Callable[[], date] = date.today):
        from ..services.assessments import AssessmentService
        from ..services.children import ChildService

        self.backend = backend
        self.user = user
        self.today = today
        self._context = replace(backend.context(user), today=today)
        self.children: ChildService = ChildService(self._context)
        self.assessments: AssessmentService = AssessmentService(self._context)
        self._titles: dict[str, str] | None = None
        self._users: UserService | None = None
        self._review: ReviewService | None = None
        self._sharing: SharingService | None = None
        self._reports: ReportService | None = None
        self._households: HouseholdService | None = None

    def held_offline(self, child_id):
        """Who else has this child offline, as the team server said at the last online sign-in or sync (``None``:
        nobody, or this laptop is not linked, or has not been online)."""
        hold = self.backend.server_holds.get(child_id)
        return hold if hold is not None and hold.holder_id != self.user.id else None

    @property
    def context(self):
        """What every service is built from, acting as this user on this session's day."""
        return self._context

    @property
    def users(self) -> UserService:
        """Accounts and teams, acting as this user (an administrator may add accounts)."""
        if self._users is None:
            from ..services.users import UserService

            self._users = UserService(self._context)
        return self._users

    @property
    def households(self) -> HouseholdService:
        """Households, moves, the adults a household knows, merging duplicates."""
        if self._households is None:
            from ..services.households import HouseholdService

            self._households = HouseholdService(self._context)
        return self._households

    @property
    def siblings(self) -> SiblingAssessmentService:
        """Brothers and sisters assessed together."""
        from ..services.siblings import SiblingAssessmentService

        return SiblingAssessmentService(self._context)

    @property
    def review(self) -> ReviewService:
        if self._review is None:
            from ..services.review import ReviewService

            self._review = ReviewService(self._context)
        return self._review

    @property
    def sharing(self) -> SharingService:
        """Sharing a child's record with another team (a supervisor's decision)."""
        if self._sharing is None:
            from ..services.sharing import SharingService

            self._sharing = SharingService(self._context)
        return self._sharing

    @property
    def reports(self) -> ReportService:
        """Reports and their signing, as this user (the report libraries load in the report worker, not here)."""
        if self._reports is None:
            from ..services.reports import ReportService

            self._reports = ReportService(self._context, self.backend.paths.signing_dir)
        return self._reports

    @property
    def is_open(self) -> bool:
        """Always: a session is made with its backend open (kept for views written when it could be otherwise)."""
        return True

    @property
    def is_demo(self) -> bool:
        return getattr(self.backend, "throwaway", False)

    def domain_titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = domain_titles(self.backend)
        return self._titles


def domain_titles(backend: Backend) -> dict[str, str]:
    """Domain id -> title across every installed instrument; the built-in profile's titles win a clash."""
    from ..scoring.instruments import builtin_instrument

    titles: dict[str, str] = {}
    for instrument in [*backend.instruments.all(), builtin_instrument()]:
        titles.update({domain.id: domain.title for domain in instrument.domains})
    return titles
