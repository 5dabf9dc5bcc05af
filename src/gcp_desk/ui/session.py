"""Who is working, on which database: the context every shell view is given once someone has signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.people import User
    from ..services.assessments import AssessmentService
    from ..services.children import ChildService

STILL_OPENING = "GCP Desk is still opening its database. Try again in a moment; nothing was changed."


class Session:
    """The services as one user sees them. ``today`` is injectable so tests can fix the date.

    A session can start before its backend is open (``backend=None``): at start the window shows a returning user's
    caseload from a quick first read while the backend opens on the task runner's worker, which then ``attach``es it
    there. Ops queued on the worker after that run in order, so by the time they ask for the services, they are in.
    """

    def __init__(self, backend: Backend | None, user: User | Any, today: Callable[[], date] = date.today):
        self.user = user
        """A ``User``; until the backend is attached, anything with its ``id``, ``name`` and ``role``."""
        self.today = today
        self._titles: dict[str, str] | None = None
        self._backend: Backend | None = None
        self._children: ChildService | None = None
        self._assessments: AssessmentService | None = None
        self._not_opened: Exception | None = None
        if backend is not None:
            self.attach(backend, user)

    def attach(self, backend: Backend, user: User, titles: dict[str, str] | None = None) -> None:
        """The opened backend, the account as it is stored, and the domain titles if already read."""
        from ..services.assessments import AssessmentService
        from ..services.children import ChildService

        context = replace(backend.context(user), today=self.today)
        self._children = ChildService(context)
        self._assessments = AssessmentService(context)
        self.user = user
        self._titles = titles
        self._backend = backend

    def could_not_open(self, error: Exception) -> None:
        """The backend failed to open: whatever was queued behind it is told why."""
        self._not_opened = error

    @property
    def is_open(self) -> bool:
        return self._backend is not None

    @property
    def backend(self) -> Backend:
        return self._require(self._backend)

    @property
    def children(self) -> ChildService:
        return self._require(self._children)

    @property
    def assessments(self) -> AssessmentService:
        return self._require(self._assessments)

    @property
    def is_demo(self) -> bool:
        return getattr(self._backend, "throwaway", False)

    def domain_titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = domain_titles(self.backend)
        return self._titles

    def _require(self, part: Any) -> Any:
        if part is not None:
            return part
        if self._not_opened is not None:
            raise self._not_opened
        from ..domain.errors import DatabaseUnavailable

        raise DatabaseUnavailable(STILL_OPENING)


def domain_titles(backend: Backend) -> dict[str, str]:
    """Domain id -> title across every installed instrument; the built-in profile's titles win a clash."""
    from ..scoring.instruments import builtin_instrument

    titles: dict[str, str] = {}
    for instrument in [*backend.instruments.all(), builtin_instrument()]:
        titles.update({domain.id: domain.title for domain in instrument.domains})
    return titles
