"""Who is working, on which database: the context every shell view is given once someone has signed in."""

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


class Session:
    """The services as one user sees them. ``today`` is injectable so tests can fix the date."""

    def __init__(self, backend: Backend, user: User, today: Callable[[], date] = date.today):
        self.backend = backend
        self.user = user
        self.today = today
        self._titles: dict[str, str] | None = None
        context = replace(backend.context(user), today=today)
        from ..services.assessments import AssessmentService
        from ..services.children import ChildService

        self.children: ChildService = ChildService(context)
        self.assessments: AssessmentService = AssessmentService(context)

    @property
    def is_demo(self) -> bool:
        return getattr(self.backend, "throwaway", False)

    def domain_titles(self) -> dict[str, str]:
        """Domain id -> title across every installed instrument; the built-in profile's titles win a clash."""
        if self._titles is None:
            from ..scoring.instruments import builtin_instrument

            titles: dict[str, str] = {}
            for instrument in [*self.backend.instruments.all(), builtin_instrument()]:
                titles.update({domain.id: domain.title for domain in instrument.domains})
            self._titles = titles
        return self._titles
